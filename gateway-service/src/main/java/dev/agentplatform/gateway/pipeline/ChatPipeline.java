package dev.agentplatform.gateway.pipeline;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.annotation.AnnotationAwareOrderComparator;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * The chat completion pipeline: every {@link ChatStep} bean in order, run as a chain (as
 * {@code DefaultGatewayFilterChain} runs gateway filters). Authentication and the rate limits are web
 * filters before it; the body is decoded as the controller receives it and validated by the first step.
 */
@Component
public class ChatPipeline {

    private static final Logger log = LoggerFactory.getLogger(ChatPipeline.class);

    private final List<ChatStep> steps;

    public ChatPipeline(List<ChatStep> steps) {
        List<ChatStep> ordered = new ArrayList<>(steps);
        AnnotationAwareOrderComparator.sort(ordered);
        this.steps = List.copyOf(ordered);
        log.info(
                "chat pipeline: {}",
                this.steps.stream().map(s -> s.getClass().getSimpleName()).collect(Collectors.joining(" → ")));
    }

    /** The steps in the order they run. */
    public List<ChatStep> steps() {
        return steps;
    }

    /** Runs the pipeline for {@code exchange}; the response to write. */
    public Mono<ResponseEntity<Flux<DataBuffer>>> run(ChatExchange exchange) {
        return next(0, exchange).map(reply -> {
            if (reply instanceof ChatReply.Rendered rendered) {
                return rendered.response();
            }
            throw new IllegalStateException("the chat pipeline ended with an unrendered reply: "
                    + reply.getClass().getSimpleName());
        });
    }

    private Mono<ChatReply> next(int index, ChatExchange exchange) {
        return Mono.defer(() -> {
            if (index == steps.size()) {
                return Mono.error(new IllegalStateException("no chat step answered"));
            }
            return steps.get(index).apply(exchange, next -> next(index + 1, next));
        });
    }
}
