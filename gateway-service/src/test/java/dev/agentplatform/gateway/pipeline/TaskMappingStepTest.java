package dev.agentplatform.gateway.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import dev.agentplatform.common.ChatMessage;
import org.junit.jupiter.api.Test;

class TaskMappingStepTest {

    @Test
    void theTaskCarriesTheLastUserMessageAsPromptTheRestAsContextAndTheConversation() {
        ChatExchange exchange = Exchanges.of(
                "{\"model\": \"sql\", \"messages\": [{\"role\": \"system\", \"content\": \"Be brief.\"},"
                        + " {\"role\": \"user\", \"content\": [{\"type\": \"text\", \"text\": \"Totals\"},"
                        + " {\"type\": \"text\", \"text\": \"per region\"}]}]}",
                "conv-1",
                null);
        Exchanges.Chain chain = Exchanges.answering();

        new TaskMappingStep().apply(exchange, chain).block();

        assertThat(exchange.task().prompt()).isEqualTo("Totals\nper region");
        assertThat(exchange.task().messages()).containsExactly(new ChatMessage("system", "Be brief."));
        assertThat(exchange.task().userId()).isEqualTo("dev");
        assertThat(exchange.task().conversationId()).isEqualTo("conv-1");
        assertThat(exchange.task().model()).isEqualTo("sql");
        assertThat(exchange.task().guard()).isNull();
        assertThat(chain.calls).hasValue(1);
    }
}
