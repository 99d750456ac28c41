package dev.agentplatform.orchestrator.execution;

import dev.agentplatform.common.CapabilityResult;
import dev.agentplatform.common.ChatMessage;
import dev.agentplatform.common.ModelParameters;
import dev.agentplatform.common.TokenUsage;
import dev.agentplatform.common.ToolCallRecord;
import dev.agentplatform.orchestrator.agent.Agent;
import dev.agentplatform.orchestrator.client.McpClient;
import dev.agentplatform.orchestrator.provider.LlmCompletion;
import dev.agentplatform.orchestrator.provider.LlmRequest;
import dev.agentplatform.orchestrator.provider.LlmToolCall;
import dev.agentplatform.orchestrator.provider.LlmToolTurn;
import dev.agentplatform.orchestrator.resilience.GuardedProviders;
import dev.agentplatform.orchestrator.tool.AgentTools;
import dev.agentplatform.orchestrator.tool.ToolCatalog;
import dev.agentplatform.orchestrator.tool.ToolResultGuard;
import dev.agentplatform.orchestrator.tool.ToolsProperties;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.ProblemDetail;
import org.springframework.stereotype.Component;
import org.springframework.web.client.HttpStatusCodeException;
import org.springframework.web.client.RestClientException;
import tools.jackson.core.JacksonException;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/**
 * Function calling for one answer: asks the provider chain with the agent's tools; while the model
 * asks for calls and fewer than {@link ToolsProperties#maxRounds()} rounds ran, runs each call
 * through mcp-service and asks again with the results; after the last round it asks once more
 * without tools, so the model answers. A call that fails (unknown function, arguments that are not
 * JSON, a tool error, mcp-service refusing or unreachable) is told to the model as the call's result
 * and recorded as a failed tool call; it does not end the answer. A result the injection guard
 * judges an injection is withheld ({@link ToolResultGuard}). Every model call goes through the
 * provider guards on its own and is reported to the caller, so each is one usage event.
 */
@Component
class ToolLoop {

    private static final Logger log = LoggerFactory.getLogger(ToolLoop.class);
    private static final TypeReference<Map<String, Object>> ARGUMENTS = new TypeReference<>() {};

    private final GuardedProviders providers;
    private final McpClient mcp;
    private final ToolCatalog catalog;
    private final JsonMapper json;
    private final ToolResultGuard guard;
    private final int maxRounds;

    ToolLoop(
            GuardedProviders providers,
            McpClient mcp,
            ToolCatalog catalog,
            JsonMapper json,
            ToolsProperties tools,
            ToolResultGuard guard) {
        this.providers = providers;
        this.mcp = mcp;
        this.catalog = catalog;
        this.json = json;
        this.guard = guard;
        this.maxRounds = tools.maxRounds();
    }

    /** The tools {@code agent} offers its model; empty when function calling is off or none can be read. */
    AgentTools tools(Agent agent) {
        return maxRounds == 0 || agent.capabilities().isEmpty()
                ? AgentTools.of(Map.of())
                : AgentTools.of(agent.capabilities(), catalog);
    }

    /**
     * Answers {@code messages} with {@code tools} at hand.
     *
     * @param tier the caller's tier: what a leaking answer gets ({@link
     *     dev.agentplatform.orchestrator.leak.OutputLeakGuard})
     * @param toolCalls receives a record of every tool call, also when the answer fails later
     * @param onModelCall receives each model call's completion as it arrives
     * @return the final answer, with the tokens and cost of all model calls summed
     * @throws dev.agentplatform.orchestrator.provider.ProviderException when a model call fails
     */
    LlmCompletion complete(
            String taskId,
            Agent agent,
            List<ChatMessage> messages,
            AgentTools tools,
            long deadlineNanos,
            ModelParameters parameters,
            String tier,
            List<ToolCallRecord> toolCalls,
            Consumer<LlmCompletion> onModelCall) {
        List<LlmToolTurn> turns = new ArrayList<>();
        TokenUsage usage = new TokenUsage(0, 0);
        BigDecimal cost = BigDecimal.ZERO;
        for (int round = 0; ; round++) {
            boolean offerTools = round < maxRounds;
            LlmRequest request = new LlmRequest(
                    taskId, agent.name(), messages, offerTools ? tools.specs() : List.of(), turns, parameters);
            LlmCompletion completion = providers.complete(agent.providers(), request, deadlineNanos, null, tier);
            onModelCall.accept(completion);
            usage = new TokenUsage(
                    usage.promptTokens() + completion.usage().promptTokens(),
                    usage.completionTokens() + completion.usage().completionTokens());
            cost = cost.add(completion.costUsd());
            if (!offerTools || completion.toolCalls().isEmpty()) {
                return new LlmCompletion(
                        completion.content(),
                        completion.provider(),
                        completion.model(),
                        completion.simulated(),
                        usage,
                        cost,
                        List.of(),
                        completion.finishReason());
            }
            List<String> results = new ArrayList<>();
            for (LlmToolCall call : completion.toolCalls()) {
                results.add(execute(agent, tools, call, toolCalls));
            }
            turns.add(new LlmToolTurn(completion.content(), completion.toolCalls(), results));
        }
    }

    /** Runs one call the model asked for; returns what the model is told. */
    private String execute(Agent agent, AgentTools tools, LlmToolCall call, List<ToolCallRecord> toolCalls) {
        long started = System.nanoTime();
        AgentTools.Target target = tools.target(call.name()).orElse(null);
        if (target == null) {
            toolCalls.add(new ToolCallRecord(null, null, call.name(), true, 0, BigDecimal.ZERO));
            return "Error: there is no tool named " + call.name() + ".";
        }
        Map<String, Object> arguments;
        try {
            arguments = call.arguments() == null || call.arguments().isBlank()
                    ? Map.of()
                    : json.readValue(call.arguments(), ARGUMENTS);
        } catch (JacksonException e) {
            toolCalls.add(failed(target, started));
            return "Error: the arguments are not a JSON object: " + e.getOriginalMessage();
        }
        try {
            CapabilityResult result = mcp.call(target.capability(), target.tool(), arguments, agent.name());
            ToolResultGuard.Screened screened = guard.screen(target.capability(), result);
            toolCalls.add(screened.record());
            return result.error() && !screened.withheld() ? "Error: " + screened.content() : screened.content();
        } catch (HttpStatusCodeException e) {
            toolCalls.add(failed(target, started));
            if (e.getStatusCode().is4xxClientError()) {
                // The tool may have changed or gone since its list was read.
                catalog.refresh(target.capability());
            }
            log.warn(
                    "agent {}: tool {} of capability {} refused: {}",
                    agent.name(),
                    target.tool(),
                    target.capability(),
                    e.getStatusCode());
            return "Error: the call was refused: " + detail(e);
        } catch (RestClientException e) {
            toolCalls.add(failed(target, started));
            log.warn(
                    "agent {}: tool {} of capability {} unavailable: {}",
                    agent.name(),
                    target.tool(),
                    target.capability(),
                    e.toString());
            return "Error: the tool is unavailable right now.";
        }
    }

    private static ToolCallRecord failed(AgentTools.Target target, long startedNanos) {
        return new ToolCallRecord(
                target.capability(),
                null,
                target.tool(),
                true,
                (System.nanoTime() - startedNanos) / 1_000_000,
                BigDecimal.ZERO);
    }

    private static String detail(HttpStatusCodeException e) {
        try {
            ProblemDetail problem = e.getResponseBodyAs(ProblemDetail.class);
            if (problem != null && problem.getDetail() != null) {
                return problem.getDetail();
            }
        } catch (RuntimeException ignored) {
            // not a problem document: the status says enough
        }
        return e.getStatusCode().toString();
    }
}
