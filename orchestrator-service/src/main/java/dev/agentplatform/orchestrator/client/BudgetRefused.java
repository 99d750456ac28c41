package dev.agentplatform.orchestrator.client;

import org.springframework.http.ProblemDetail;

/** Cost-service refused to hold a call's worst case: a budget that applies has no room. */
public class BudgetRefused extends RuntimeException {

    private final transient ProblemDetail problem;
    private final String retryAfter;

    public BudgetRefused(ProblemDetail problem, String retryAfter) {
        super(problem.getDetail());
        this.problem = problem;
        this.retryAfter = retryAfter;
    }

    /** Cost-service's 402 problem: which budget, its limit and when it resets. */
    public ProblemDetail problem() {
        return problem;
    }

    /** Seconds until the exhausted budget resets, as cost-service said; may be {@code null}. */
    public String retryAfter() {
        return retryAfter;
    }
}
