package dev.agentplatform.orchestrator.provider;

import dev.agentplatform.common.ModelParameters;
import dev.agentplatform.common.TokenUsage;
import dev.langchain4j.agent.tool.ToolExecutionRequest;
import dev.langchain4j.data.message.AiMessage;
import dev.langchain4j.data.message.ChatMessage;
import dev.langchain4j.data.message.SystemMessage;
import dev.langchain4j.data.message.ToolExecutionResultMessage;
import dev.langchain4j.data.message.UserMessage;
import dev.langchain4j.exception.HttpException;
import dev.langchain4j.model.anthropic.AnthropicChatModel;
import dev.langchain4j.model.anthropic.AnthropicStreamingChatModel;
import dev.langchain4j.model.chat.ChatModel;
import dev.langchain4j.model.chat.StreamingChatModel;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.langchain4j.model.chat.request.ChatRequestParameters;
import dev.langchain4j.model.chat.request.DefaultChatRequestParameters;
import dev.langchain4j.model.chat.request.ResponseFormat;
import dev.langchain4j.model.chat.request.ResponseFormatType;
import dev.langchain4j.model.chat.request.ToolChoice;
import dev.langchain4j.model.chat.request.json.JsonSchema;
import dev.langchain4j.model.chat.response.ChatResponse;
import dev.langchain4j.model.chat.response.StreamingChatResponseHandler;
import dev.langchain4j.model.openai.OpenAiChatModel;
import dev.langchain4j.model.openai.OpenAiChatRequestParameters;
import dev.langchain4j.model.openai.OpenAiStreamingChatModel;
import java.io.UncheckedIOException;
import java.net.http.HttpTimeoutException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;

/**
 * A real LLM behind langchain4j's {@link ChatModel} and, streamed, its {@link StreamingChatModel}
 * with the same settings: {@code openai-compatible} (OpenAI, Groq, Together, vLLM, Ollama
 * {@code /v1}) or {@code anthropic}. langchain4j's own retries are off: the
 * orchestrator's guards retry, and only what is worth retrying. Errors become
 * {@link ProviderException}s: 429 {@code rate_limited} (with {@code Retry-After}), 5xx
 * {@code provider_error}, timeouts {@code timeout} (all retriable); 401/403 {@code auth_error},
 * other 4xx {@code invalid_request} (not retriable); a body that is not the wire format
 * {@code malformed_response}. Function calling: the request's tools go out as the API's tool
 * definitions, earlier rounds as its tool-call and tool-result messages, and the calls the model
 * asks for come back in {@link LlmResponse#toolCalls()}.
 */
final class LangChainProvider implements LlmProvider {

    /** The catalog {@code type} of OpenAI-compatible APIs. */
    static final String OPENAI_COMPATIBLE = "openai-compatible";
    /** The catalog {@code type} of Anthropic's Messages API. */
    static final String ANTHROPIC = "anthropic";

    private final String name;
    private final String modelName;
    private final ChatModel model;
    private final StreamingChatModel streamingModel;
    private final boolean openAi;

    LangChainProvider(
            String name, String modelName, ChatModel model, StreamingChatModel streamingModel, boolean openAi) {
        this.name = name;
        this.modelName = modelName;
        this.model = model;
        this.streamingModel = streamingModel;
        this.openAi = openAi;
    }

    static LangChainProvider openAiCompatible(String name, ProviderCatalogProperties.ProviderSettings settings) {
        OpenAiChatModel.OpenAiChatModelBuilder builder = OpenAiChatModel.builder()
                .httpClientBuilder(new LangChainHttpClient.Builder())
                .apiKey(settings.apiKey())
                .modelName(settings.model())
                .maxTokens(settings.maxTokens())
                .timeout(settings.timeout())
                .maxRetries(0);
        OpenAiStreamingChatModel.OpenAiStreamingChatModelBuilder streaming = OpenAiStreamingChatModel.builder()
                .httpClientBuilder(new LangChainHttpClient.Builder())
                .apiKey(settings.apiKey())
                .modelName(settings.model())
                .maxTokens(settings.maxTokens())
                .timeout(settings.timeout());
        if (settings.baseUrl() != null && !settings.baseUrl().isBlank()) {
            builder.baseUrl(settings.baseUrl());
            streaming.baseUrl(settings.baseUrl());
        }
        return new LangChainProvider(name, settings.model(), builder.build(), streaming.build(), true);
    }

    static LangChainProvider anthropic(String name, ProviderCatalogProperties.ProviderSettings settings) {
        AnthropicChatModel.AnthropicChatModelBuilder builder = AnthropicChatModel.builder()
                .httpClientBuilder(new LangChainHttpClient.Builder())
                .apiKey(settings.apiKey())
                .modelName(settings.model())
                .maxTokens(settings.maxTokens())
                .timeout(settings.timeout())
                .maxRetries(0);
        AnthropicStreamingChatModel.AnthropicStreamingChatModelBuilder streaming = AnthropicStreamingChatModel.builder()
                .httpClientBuilder(new LangChainHttpClient.Builder())
                .apiKey(settings.apiKey())
                .modelName(settings.model())
                .maxTokens(settings.maxTokens())
                .timeout(settings.timeout());
        if (settings.baseUrl() != null && !settings.baseUrl().isBlank()) {
            builder.baseUrl(settings.baseUrl());
            streaming.baseUrl(settings.baseUrl());
        }
        return new LangChainProvider(name, settings.model(), builder.build(), streaming.build(), false);
    }

    @Override
    public LlmResponse chat(LlmRequest request) {
        ChatResponse response;
        try {
            response = model.chat(chatRequest(request));
        } catch (RuntimeException e) {
            throw map(e);
        }
        return response(response);
    }

    /**
     * Streams through langchain4j's streaming model: our HTTP client reads the stream on this
     * thread, so the pieces reach {@code onToken} here and the call is over when this returns.
     */
    @Override
    public LlmResponse stream(LlmRequest request, Consumer<String> onToken) {
        StreamOutcome outcome = new StreamOutcome(onToken);
        try {
            streamingModel.chat(chatRequest(request), outcome);
        } catch (RuntimeException e) {
            throw map(e);
        }
        if (outcome.error != null) {
            throw map(outcome.error);
        }
        if (outcome.response == null) {
            throw new ProviderException(
                    ProviderException.PROVIDER_ERROR, true, "provider " + name + " ended its stream unfinished");
        }
        return response(outcome.response);
    }

    private ChatRequest chatRequest(LlmRequest request) {
        return ChatRequest.builder()
                .messages(messages(request))
                .parameters(parameters(request))
                .build();
    }

    /**
     * The client's parameters in langchain4j's terms, each only when set so the model's defaults
     * stay otherwise. OpenAI-compatible APIs take all of them; Anthropic's has no seed, penalties or
     * JSON response format, and a request that needs one of those is refused here rather than
     * answered as if it had been honoured.
     */
    private ChatRequestParameters parameters(LlmRequest request) {
        ModelParameters p = request.parameters();
        DefaultChatRequestParameters.Builder<?> builder;
        if (openAi) {
            OpenAiChatRequestParameters.Builder open = OpenAiChatRequestParameters.builder();
            if (p.seed() != null) {
                open.seed(Math.toIntExact(Math.max(Integer.MIN_VALUE, Math.min(Integer.MAX_VALUE, p.seed()))));
            }
            if (p.user() != null) {
                open.user(p.user());
            }
            builder = open;
        } else {
            List<String> unsupported = new ArrayList<>();
            if (p.seed() != null) {
                unsupported.add("seed");
            }
            if (p.presencePenalty() != null) {
                unsupported.add("presence_penalty");
            }
            if (p.frequencyPenalty() != null) {
                unsupported.add("frequency_penalty");
            }
            if (p.wantsJson()) {
                unsupported.add("response_format");
            }
            if (!unsupported.isEmpty()) {
                throw new ProviderException(
                        ProviderException.INVALID_REQUEST,
                        false,
                        "provider " + name + " cannot honour " + String.join(", ", unsupported));
            }
            builder = DefaultChatRequestParameters.builder();
        }
        builder.temperature(p.temperature())
                .topP(p.topP())
                .maxOutputTokens(p.maxTokens())
                .presencePenalty(openAi ? p.presencePenalty() : null)
                .frequencyPenalty(openAi ? p.frequencyPenalty() : null);
        if (p.stop() != null) {
            builder.stopSequences(p.stop());
        }
        if (p.wantsJson()) {
            builder.responseFormat(responseFormat(p.responseFormat()));
        }
        if (!request.tools().isEmpty()) {
            builder.toolSpecifications(
                    request.tools().stream().map(ToolSchemas::specification).toList());
            if ("required".equals(p.toolChoice())) {
                builder.toolChoice(ToolChoice.REQUIRED);
            }
        }
        return builder.build();
    }

    private static ResponseFormat responseFormat(ModelParameters.ResponseFormat format) {
        if (!"json_schema".equals(format.type()) || format.schema() == null) {
            return ResponseFormat.JSON;
        }
        return ResponseFormat.builder()
                .type(ResponseFormatType.JSON)
                .jsonSchema(JsonSchema.builder()
                        .name(format.name() == null ? "answer" : format.name())
                        .rootElement(ToolSchemas.object(format.schema()))
                        .build())
                .build();
    }

    private LlmResponse response(ChatResponse response) {
        if (response == null
                || response.aiMessage() == null
                || (response.aiMessage().text() == null && !response.aiMessage().hasToolExecutionRequests())) {
            throw new ProviderException(
                    ProviderException.MALFORMED_RESPONSE, true, "provider " + name + " answered without text");
        }
        int in = 0;
        int out = 0;
        if (response.tokenUsage() != null) {
            in = response.tokenUsage().inputTokenCount() == null
                    ? 0
                    : response.tokenUsage().inputTokenCount();
            out = response.tokenUsage().outputTokenCount() == null
                    ? 0
                    : response.tokenUsage().outputTokenCount();
        }
        String model = response.modelName() == null ? modelName : response.modelName();
        String text =
                response.aiMessage().text() == null ? "" : response.aiMessage().text();
        List<LlmToolCall> calls = toolCalls(response.aiMessage());
        return new LlmResponse(text, model, new TokenUsage(in, out), false, calls, finishReason(response, calls));
    }

    private static String finishReason(ChatResponse response, List<LlmToolCall> calls) {
        if (!calls.isEmpty()) {
            return LlmResponse.TOOL_CALLS;
        }
        if (response.finishReason() == null) {
            return LlmResponse.STOP;
        }
        return switch (response.finishReason()) {
            case LENGTH -> LlmResponse.LENGTH;
            case CONTENT_FILTER -> "content_filter";
            case TOOL_EXECUTION -> LlmResponse.TOOL_CALLS;
            default -> LlmResponse.STOP;
        };
    }

    private static List<LlmToolCall> toolCalls(AiMessage answer) {
        if (!answer.hasToolExecutionRequests()) {
            return List.of();
        }
        return answer.toolExecutionRequests().stream()
                .map(call -> new LlmToolCall(call.id(), call.name(), call.arguments()))
                .toList();
    }

    private static List<ChatMessage> messages(LlmRequest request) {
        List<ChatMessage> messages = new ArrayList<>();
        // the client's own function calls by id, so that a tool message answering one names it
        Map<String, String> calledFunctions = new HashMap<>();
        for (dev.agentplatform.common.ChatMessage m : request.messages()) {
            String role = m.role() == null ? "user" : m.role().toLowerCase(Locale.ROOT);
            String content = m.content() == null ? "" : m.content();
            switch (role) {
                case "system", "developer" -> messages.add(SystemMessage.from(content));
                case "assistant" -> {
                    if (m.toolCalls() == null) {
                        messages.add(AiMessage.from(content));
                    } else {
                        List<ToolExecutionRequest> calls = m.toolCalls().stream()
                                .map(call -> ToolExecutionRequest.builder()
                                        .id(call.id())
                                        .name(call.name())
                                        .arguments(call.arguments() == null ? "{}" : call.arguments())
                                        .build())
                                .toList();
                        calls.forEach(call -> calledFunctions.put(call.id(), call.name()));
                        messages.add(content.isBlank() ? AiMessage.from(calls) : AiMessage.from(content, calls));
                    }
                }
                case "tool" -> {
                    if (m.toolCallId() != null && calledFunctions.containsKey(m.toolCallId())) {
                        messages.add(ToolExecutionResultMessage.from(
                                m.toolCallId(), calledFunctions.get(m.toolCallId()), content));
                    } else {
                        // A capability's output has no call to answer: it is context for the user turn.
                        messages.add(UserMessage.from("Tool output: " + content));
                    }
                }
                default ->
                    messages.add(m.name() == null ? UserMessage.from(content) : UserMessage.from(m.name(), content));
            }
        }
        for (LlmToolTurn turn : request.toolTurns()) {
            if (request.tools().isEmpty()) {
                addAsText(turn, messages);
            } else {
                addAsToolMessages(turn, messages);
            }
        }
        return messages;
    }

    private static void addAsToolMessages(LlmToolTurn turn, List<ChatMessage> messages) {
        List<ToolExecutionRequest> calls = turn.calls().stream()
                .map(call -> ToolExecutionRequest.builder()
                        .id(call.id())
                        .name(call.name())
                        .arguments(call.arguments())
                        .build())
                .toList();
        messages.add(
                turn.text() == null || turn.text().isBlank()
                        ? AiMessage.from(calls)
                        : AiMessage.from(turn.text(), calls));
        for (int i = 0; i < calls.size(); i++) {
            messages.add(
                    ToolExecutionResultMessage.from(calls.get(i), turn.results().get(i)));
        }
    }

    /** A round of calls told as an assistant turn naming them and a user turn with their results. */
    private static void addAsText(LlmToolTurn turn, List<ChatMessage> messages) {
        StringBuilder asked = new StringBuilder();
        if (turn.text() != null && !turn.text().isBlank()) {
            asked.append(turn.text()).append('\n');
        }
        StringBuilder results = new StringBuilder();
        for (int i = 0; i < turn.calls().size(); i++) {
            LlmToolCall call = turn.calls().get(i);
            asked.append("Calling tool ")
                    .append(call.name())
                    .append(" with ")
                    .append(call.arguments())
                    .append('\n');
            results.append("Tool output (")
                    .append(call.name())
                    .append("): ")
                    .append(turn.results().get(i))
                    .append('\n');
        }
        messages.add(AiMessage.from(asked.toString().strip()));
        messages.add(UserMessage.from(results.toString().strip()));
    }

    /** What a stream delivered: its pieces go on at once, its end or first error is kept. */
    private static final class StreamOutcome implements StreamingChatResponseHandler {

        private final Consumer<String> onToken;
        private ChatResponse response;
        private Throwable error;

        StreamOutcome(Consumer<String> onToken) {
            this.onToken = onToken;
        }

        @Override
        public void onPartialResponse(String partialResponse) {
            if (error == null && response == null && partialResponse != null && !partialResponse.isEmpty()) {
                onToken.accept(partialResponse);
            }
        }

        @Override
        public void onCompleteResponse(ChatResponse completeResponse) {
            if (error == null && response == null) {
                response = completeResponse;
            }
        }

        @Override
        public void onError(Throwable failure) {
            if (error == null && response == null) {
                error = failure;
            }
        }
    }

    private ProviderException map(Throwable error) {
        for (Throwable t = error; t != null; t = t.getCause()) {
            if (t instanceof ProviderException p) {
                return p;
            }
            if (t instanceof LangChainHttpClient.StatusException status) {
                return status(status.statusCode(), status.retryAfter(), status.getMessage());
            }
            if (t instanceof HttpException http) {
                return status(http.statusCode(), null, http.getMessage());
            }
            if (t instanceof HttpTimeoutException
                    || t instanceof java.util.concurrent.TimeoutException
                    || t instanceof dev.langchain4j.exception.TimeoutException) {
                return new ProviderException(ProviderException.TIMEOUT, true, "provider " + name + " timed out");
            }
            if (t instanceof tools.jackson.core.JacksonException
                    || t.getClass().getName().startsWith("com.fasterxml.jackson")) {
                return new ProviderException(
                        ProviderException.MALFORMED_RESPONSE,
                        true,
                        "provider " + name + " answered in an unexpected format");
            }
        }
        for (Throwable t = error; t != null; t = t.getCause()) {
            if (t instanceof UncheckedIOException || t instanceof java.io.IOException) {
                return new ProviderException(
                        ProviderException.PROVIDER_ERROR, true, "provider " + name + " unreachable: " + t.getMessage());
            }
        }
        return new ProviderException(ProviderException.PROVIDER_ERROR, true, "provider " + name + ": " + error);
    }

    private ProviderException status(int code, java.time.Duration retryAfter, String body) {
        String detail = "provider " + name + " answered HTTP " + code;
        if (code == 429) {
            return new ProviderException(ProviderException.RATE_LIMITED, true, detail, retryAfter);
        }
        if (code == 401 || code == 403) {
            return new ProviderException(ProviderException.AUTH_ERROR, false, detail);
        }
        if (code == 408 || code == 504) {
            return new ProviderException(ProviderException.TIMEOUT, true, detail);
        }
        if (code >= 500) {
            return new ProviderException(ProviderException.PROVIDER_ERROR, true, detail, retryAfter);
        }
        return new ProviderException(ProviderException.INVALID_REQUEST, false, detail);
    }
}
