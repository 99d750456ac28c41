package dev.agentplatform.gateway.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.http.ResponseEntity;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

class ChatPipelineTest {

    private final List<String> ran = new ArrayList<>();

    private ChatStep step(String name, int order, boolean answers) {
        return new ChatStep() {
            @Override
            public Mono<ChatReply> apply(ChatExchange exchange, ChatChain chain) {
                ran.add(name);
                return answers
                        ? Mono.just(new ChatReply.Rendered(ResponseEntity.ok().body(Flux.empty())))
                        : chain.next(exchange);
            }

            @Override
            public int getOrder() {
                return order;
            }
        };
    }

    @Test
    void runsTheStepsByTheirOrderUntilOneAnswers() {
        ChatPipeline pipeline = new ChatPipeline(
                List.of(step("c", 30, true), step("a", 10, false), step("b", 20, false), step("d", 40, true)));

        assertThat(pipeline.run(Exchanges.asking("hi")).block().getStatusCode().value())
                .isEqualTo(200);
        assertThat(ran).containsExactly("a", "b", "c");
    }

    @Test
    void aChainThatNobodyAnswersIsAnError() {
        ChatPipeline pipeline = new ChatPipeline(List.of(step("a", 10, false)));

        assertThatThrownBy(() -> pipeline.run(Exchanges.asking("hi")).block())
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("no chat step answered");
    }

    @Test
    void theShippedStepsRunInTheDocumentedOrder() {
        assertThat(List.of(
                        ValidateStep.ORDER,
                        TaskMappingStep.ORDER,
                        RenderStep.ORDER,
                        GuardStep.ORDER,
                        ExactCacheStep.ORDER,
                        EmbedStep.ORDER,
                        SemanticCacheStep.ORDER,
                        StoreStep.ORDER,
                        RouteStep.ORDER))
                .isSorted()
                .doesNotHaveDuplicates();
    }
}
