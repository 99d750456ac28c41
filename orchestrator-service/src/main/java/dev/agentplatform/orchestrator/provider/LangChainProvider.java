package dev.agentplatform.orchestrator.provider;

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
import dev.langchain4j.model.chat.response.ChatResponse;
import dev.langchain4j.model.chat.response.StreamingChatResponseHandler;
import dev.langchain4j.model.openai.OpenAiChatModel;
import dev.langchain4j.model.openai.OpenAiStreamingChatModel;
import java.io.UncheckedIOException;
import java.net.http.HttpTimeoutException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
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

    LangChainProvider(String name, String modelName, ChatModel model, StreamingChatModel streamingModel) {
        this.name = name;
        this.modelName = modelName;
        this.model = model;
        this.streamingModel = streamingModel;
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
        return new LangChainProvider(name, settings.model(), builder.build(), streaming.build());
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
        return new LangChainProvider(name, settings.model(), builder.build(), streaming.build());
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

    private static ChatRequest chatRequest(LlmRequest request) {
        ChatRequest.Builder chat = ChatRequest.builder().messages(messages(request));
        if (!request.tools().isEmpty()) {
            chat.toolSpecifications(
                    request.tools().stream().map(ToolSchemas::specification).toList());
        }
        return chat.build();
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
        return new LlmResponse(text, model, new TokenUsage(in, out), false, toolCalls(response.aiMessage()));
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
        for (dev.agentplatform.common.ChatMessage m : request.messages()) {
            String role = m.role() == null ? "user" : m.role().toLowerCase(Locale.ROOT);
            String content = m.content() == null ? "" : m.content();
            switch (role) {
                case "system" -> messages.add(SystemMessage.from(content));
                case "assistant" -> messages.add(AiMessage.from(content));
                // A capability's output arrives without a tool-call id: it is context for the user turn.
                case "tool" -> messages.add(UserMessage.from("Tool output: " + content));
                default -> messages.add(UserMessage.from(content));
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
