package dev.agentplatform.gateway.limits;

import dev.agentplatform.common.Headers;
import dev.agentplatform.support.Problems;
import dev.agentplatform.support.RequestIds;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPromise;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpStatusClass;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.handler.codec.http.TooLongHttpHeaderException;
import io.netty.handler.codec.http.TooLongHttpLineException;
import io.netty.util.ReferenceCountUtil;
import java.nio.charset.StandardCharsets;
import org.springframework.http.HttpStatusCode;

/**
 * Answers, as RFC 9457 problems, the requests that never reach a web filter: a request line
 * longer than the limit (414), header fields larger than the limit (431), a request the HTTP
 * decoder could not read at all, and a request target with characters no URI may hold (both 400).
 * Left alone, Reactor Netty answers the first three with an empty body and Spring the last with an
 * empty 400. One instance per connection, right behind the HTTP codec. It steps in only when no
 * earlier request of the connection is still being answered (a pipelined request must not be
 * answered out of turn); then, or for anything else, Reactor Netty's own handling applies.
 */
final class MalformedRequestProblems extends ChannelDuplexHandler {

    /** The handler's name in the channel pipeline. */
    static final String NAME = "platform.malformedRequestProblems";

    private int inFlight;
    private boolean rejected;

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (rejected) {
            // the rest of a refused request (its body), until the connection is closed
            ReferenceCountUtil.release(msg);
            return;
        }
        if (msg instanceof HttpRequest request && inFlight == 0) {
            String refusal = null;
            HttpResponseStatus status = HttpResponseStatus.BAD_REQUEST;
            if (request.decoderResult().isFailure()) {
                Throwable cause = request.decoderResult().cause();
                if (causedBy(cause, TooLongHttpLineException.class)) {
                    status = HttpResponseStatus.REQUEST_URI_TOO_LONG;
                    refusal = "The request line is longer than this gateway accepts";
                } else if (causedBy(cause, TooLongHttpHeaderException.class)) {
                    status = HttpResponseStatus.REQUEST_HEADER_FIELDS_TOO_LARGE;
                    refusal = "The request's header fields are larger than this gateway accepts";
                } else {
                    refusal = "The request is not well-formed HTTP";
                }
            } else if (!isValidTarget(request.uri())) {
                refusal = "The request target has characters a URI may not contain";
            }
            if (refusal != null) {
                rejected = true;
                ReferenceCountUtil.release(msg);
                ctx.writeAndFlush(problem(status, refusal)).addListener(ChannelFutureListener.CLOSE);
                return;
            }
        }
        if (msg instanceof HttpRequest) {
            inFlight++;
        }
        ctx.fireChannelRead(msg);
    }

    @Override
    public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
        boolean informational =
                msg instanceof HttpResponse response && response.status().codeClass() == HttpStatusClass.INFORMATIONAL;
        if (msg instanceof LastHttpContent && !informational && inFlight > 0) {
            inFlight--;
        }
        ctx.write(msg, promise);
    }

    private static FullHttpResponse problem(HttpResponseStatus status, String detail) {
        String requestId = RequestIds.create();
        // the texts are constants of this class and the id a UUID: nothing here needs escaping
        byte[] body = ("{\"type\":\"" + Problems.typeFor(HttpStatusCode.valueOf(status.code())) + "\",\"title\":\""
                        + status.reasonPhrase()
                        + "\",\"status\":" + status.code() + ",\"detail\":\"" + detail + "\",\"requestId\":\""
                        + requestId + "\"}")
                .getBytes(StandardCharsets.UTF_8);
        FullHttpResponse response =
                new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, status, Unpooled.wrappedBuffer(body));
        response.headers()
                .set(HttpHeaderNames.CONTENT_TYPE, "application/problem+json")
                .setInt(HttpHeaderNames.CONTENT_LENGTH, body.length)
                .set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE)
                .set(Headers.REQUEST_ID, requestId);
        return response;
    }

    /**
     * Whether {@code java.net.URI}, which Spring builds the request's URI with, would take this
     * request target: no spaces, controls or {@code " < > \ ^ ` { | }} anywhere, no {@code [ ]}
     * in the path, every {@code %} followed by two hex digits. A scan, no allocation: it runs for
     * every request.
     */
    static boolean isValidTarget(String target) {
        boolean inPath = true;
        int length = target.length();
        for (int i = 0; i < length; i++) {
            char c = target.charAt(i);
            if (c <= 0x20 || c == 0x7f) {
                return false;
            }
            switch (c) {
                case '"', '<', '>', '\\', '^', '`', '{', '|', '}' -> {
                    return false;
                }
                case '?', '#' -> inPath = false;
                case '[', ']' -> {
                    if (inPath && target.charAt(0) == '/') {
                        return false;
                    }
                }
                case '%' -> {
                    if (i + 2 >= length || !isHex(target.charAt(i + 1)) || !isHex(target.charAt(i + 2))) {
                        return false;
                    }
                    i += 2;
                }
                default -> {}
            }
        }
        return true;
    }

    private static boolean isHex(char c) {
        return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
    }

    private static boolean causedBy(Throwable error, Class<? extends Throwable> type) {
        for (Throwable t = error; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (type.isInstance(t)) {
                return true;
            }
        }
        return false;
    }
}
