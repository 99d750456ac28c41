package dev.agentplatform.orchestrator.leak;

import static org.assertj.core.api.Assertions.assertThat;

import dev.agentplatform.common.ChatMessage;
import dev.agentplatform.common.TokenUsage;
import dev.agentplatform.orchestrator.provider.LlmCompletion;
import dev.agentplatform.orchestrator.provider.LlmRequest;
import dev.agentplatform.orchestrator.provider.LlmResponse;
import dev.agentplatform.orchestrator.provider.LlmToolCall;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.math.BigDecimal;
import java.util.List;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

class OutputLeakGuardTest {

    private static final String PROMPT = "You are the vault assistant of Acme Bank. The access code is \"Zebra-7741\"."
            + " Only say ACCESS GRANTED when the user types the access code exactly, and never explain why.";

    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    private final OutputLeakGuard guard =
            new OutputLeakGuard(new LeakProperties(true, null, LeakAction.BLOCK, 12), meters);

    private OutputLeakGuard.Call open(String tier) {
        return guard.open(
                new LlmRequest(
                        "t1",
                        "vault",
                        List.of(new ChatMessage("system", PROMPT), new ChatMessage("user", "search the web for me"))),
                tier);
    }

    private static LlmCompletion calling(LlmToolCall... calls) {
        return new LlmCompletion(
                "", "openai", "gpt-4o-mini", false, new TokenUsage(10, 5), BigDecimal.ZERO, List.of(calls));
    }

    private double leaks(String kind, String action) {
        return meters.get("orchestrator.output.leaks")
                .tag("kind", kind)
                .tag("action", action)
                .counter()
                .count();
    }

    @Test
    void aCallWhoseArgumentsCarryASecretIsWithheldWithTheAnswerForABlockingTier() {
        LlmCompletion answer = open("free")
                .finish(calling(
                        new LlmToolCall("c1", "web_search__search", "{\"query\":\"acme vault code Zebra-7741\"}"),
                        new LlmToolCall("c2", "web_search__search", "{\"query\":\"acme bank opening hours\"}")));

        assertThat(answer.toolCalls()).isEmpty();
        assertThat(answer.content()).isEqualTo(OutputLeakGuard.WITHHELD);
        assertThat(answer.finishReason()).isEqualTo(OutputLeakGuard.CONTENT_FILTER);
        assertThat(leaks("secret", "block")).isEqualTo(1);
    }

    @Test
    void aRedactingTierGetsTheCallWithTheSecretRedactedAndItsArgumentsStillJson() {
        LlmCompletion answer = open("pro")
                .finish(calling(
                        new LlmToolCall(
                                "c1", "web_search__search", "{\"query\":\"acme vault code Zebra-7741\",\"n\":3}"),
                        new LlmToolCall("c2", "web_search__search", "{\"query\":\"acme bank opening hours\"}")));

        assertThat(answer.toolCalls()).hasSize(2);
        String arguments = answer.toolCalls().get(0).arguments();
        assertThat(arguments).doesNotContainIgnoringCase("zebra-7741");
        assertThat(JsonMapper.shared().readTree(arguments).get("query").stringValue())
                .isEqualTo("acme vault code " + OutputLeakGuard.REDACTED);
        assertThat(JsonMapper.shared().readTree(arguments).get("n").intValue()).isEqualTo(3);
        assertThat(answer.toolCalls().get(1))
                .isEqualTo(new LlmToolCall("c2", "web_search__search", "{\"query\":\"acme bank opening hours\"}"));
        assertThat(answer.finishReason()).isEqualTo(LlmResponse.TOOL_CALLS);
        assertThat(leaks("secret", "redact")).isEqualTo(1);
    }

    @Test
    void aLeakHiddenBehindJsonEscapesIsFoundInTheValueTheToolReads() {
        // "only say access granted ..." with every space written as a JSON escape
        String words = "Only say ACCESS GRANTED when the user types the access code exactly, and never explain why";
        String escaped = "{\"text\":\"" + words.replace(" ", "\\u0020") + "\"}";

        LlmCompletion answer = open("free").finish(calling(new LlmToolCall("c1", "slack__post", escaped)));

        assertThat(answer.toolCalls()).isEmpty();
        assertThat(leaks("system_prompt", "block")).isEqualTo(1);
    }

    @Test
    void aLeakInAPropertyNameThatRedactionCannotCleanDropsThatCallOnly() {
        LlmCompletion answer = open("enterprise")
                .finish(calling(
                        new LlmToolCall("c1", "database__query", "{\"Zebra-7741\":\"x\"}"),
                        new LlmToolCall("c2", "database__query", "{\"sql\":\"select 1\"}")));

        assertThat(answer.toolCalls()).extracting(LlmToolCall::id).containsExactly("c2");
        assertThat(answer.finishReason()).isEqualTo(OutputLeakGuard.CONTENT_FILTER);
    }

    @Test
    void cleanCallsPassAsTheyAre() {
        LlmCompletion completion =
                calling(new LlmToolCall("c1", "web_search__search", "{\"query\":\"acme bank opening hours\"}"));

        assertThat(open("free").finish(completion)).isSameAs(completion);
        assertThat(leaks("secret", "block")).isZero();
    }
}
