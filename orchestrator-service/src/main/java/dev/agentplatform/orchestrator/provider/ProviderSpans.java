package dev.agentplatform.orchestrator.provider;

import dev.agentplatform.common.ModelParameters;
import io.micrometer.tracing.Span;
import io.micrometer.tracing.TraceContext;
import io.micrometer.tracing.Tracer;
import java.util.List;
import java.util.Locale;
import java.util.function.Supplier;

/**
 * One client span per model call, with the OpenTelemetry GenAI semantic conventions: {@code
 * gen_ai.operation.name}, {@code gen_ai.provider.name} (and the older {@code gen_ai.system}),
 * {@code gen_ai.request.model}, the request's {@code max_tokens}, {@code temperature} and {@code
 * top_p} when the client set them, {@code gen_ai.response.model}, {@code
 * gen_ai.response.finish_reasons} and {@code gen_ai.usage.input_tokens} / {@code output_tokens};
 * {@code error.type} when the call fails. Never the prompt or the answer. A call outside a sampled
 * trace costs a non-recording span.
 */
public final class ProviderSpans {

    /** The operation every adapter performs. */
    static final String CHAT = "chat";

    private final Tracer tracer;

    /** @param tracer {@code null} or {@link Tracer#NOOP} for no spans */
    public ProviderSpans(Tracer tracer) {
        this.tracer = tracer == null ? Tracer.NOOP : tracer;
    }

    /** Runs {@code call}, a call of {@code provider} for {@code request}, inside its span. */
    public LlmCompletion traced(ProviderInfo provider, LlmRequest request, Supplier<LlmCompletion> call) {
        if (tracer == Tracer.NOOP) {
            return call.get();
        }
        String system = providerName(provider);
        Span.Builder builder = tracer.spanBuilder()
                .name(CHAT + " " + provider.model())
                .kind(Span.Kind.CLIENT)
                .remoteServiceName(system)
                .tag("gen_ai.operation.name", CHAT)
                .tag("gen_ai.provider.name", system)
                .tag("gen_ai.system", system)
                .tag("gen_ai.request.model", provider.model())
                .tag("platform.provider", provider.name());
        if (request.agent() != null) {
            builder.tag("gen_ai.agent.name", request.agent());
        }
        ModelParameters parameters = request.parameters();
        if (parameters.maxTokens() != null) {
            builder.tag("gen_ai.request.max_tokens", parameters.maxTokens().longValue());
        }
        if (parameters.temperature() != null) {
            builder.tag("gen_ai.request.temperature", parameters.temperature().doubleValue());
        }
        if (parameters.topP() != null) {
            builder.tag("gen_ai.request.top_p", parameters.topP().doubleValue());
        }
        TraceContext parent = tracer.currentTraceContext().context();
        if (parent != null) {
            builder.setParent(parent);
        }
        Span span = builder.start();
        try (Tracer.SpanInScope scope = tracer.withSpan(span)) {
            LlmCompletion completion = call.get();
            if (completion.model() != null) {
                span.tag("gen_ai.response.model", completion.model());
            }
            if (completion.usage() != null) {
                span.tag("gen_ai.usage.input_tokens", (long) completion.usage().promptTokens());
                span.tag("gen_ai.usage.output_tokens", (long) completion.usage().completionTokens());
            }
            span.tagOfStrings("gen_ai.response.finish_reasons", List.of(completion.finishReason()));
            return completion;
        } catch (ProviderException e) {
            span.tag("error.type", e.errorKind() == null ? ProviderException.class.getName() : e.errorKind());
            span.error(e);
            throw e;
        } catch (RuntimeException e) {
            span.tag("error.type", e.getClass().getName());
            span.error(e);
            throw e;
        } finally {
            span.end();
        }
    }

    /**
     * The {@code gen_ai.provider.name} of a catalog entry: {@code anthropic} for the Anthropic API,
     * {@code openai} for an OpenAI-compatible one (the API it speaks; the catalog entry's name is in
     * {@code platform.provider}), {@code simulated} for the simulated provider.
     */
    static String providerName(ProviderInfo provider) {
        String type = provider.type() == null ? "" : provider.type().toLowerCase(Locale.ROOT);
        return switch (type) {
            case LangChainProvider.ANTHROPIC -> "anthropic";
            case SimulatedProvider.TYPE -> "simulated";
            default -> "openai";
        };
    }
}
