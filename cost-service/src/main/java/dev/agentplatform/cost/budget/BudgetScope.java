package dev.agentplatform.cost.budget;

import dev.agentplatform.common.ProblemTypes;
import dev.agentplatform.support.PlatformException;
import java.util.Locale;
import org.springframework.http.HttpStatus;

/** Who a budget limits: one user, one team or one API key. */
public enum BudgetScope {
    USER,
    TEAM,
    KEY;

    /** The name in paths, problems and Redis keys. */
    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The scope a path names; a 400 problem for any other word. */
    public static BudgetScope of(String value) {
        for (BudgetScope scope : values()) {
            if (scope.id().equals(value)) {
                return scope;
            }
        }
        throw new PlatformException(
                HttpStatus.BAD_REQUEST,
                ProblemTypes.INVALID_REQUEST,
                "Invalid request",
                "unknown budget scope '" + value + "': use user, team or key");
    }
}
