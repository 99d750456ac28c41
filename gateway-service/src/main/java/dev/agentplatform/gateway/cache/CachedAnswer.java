package dev.agentplatform.gateway.cache;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * A cached answer, ready to write: the body bytes as first sent and the few headers that go with
 * them. Stored as one small binary record so a hit needs no JSON parsing.
 *
 * @param contentType the answer's content type ({@code application/json} or the event stream)
 * @param agent the agent that answered; may be null
 * @param strategy the strategy that produced it; may be null
 * @param body the body bytes
 */
public record CachedAnswer(String contentType, String agent, String strategy, byte[] body) {

    private static final int VERSION = 1;

    /** The stored form. */
    public byte[] encode() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(body.length + 64);
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeByte(VERSION);
            out.writeUTF(contentType);
            out.writeUTF(agent == null ? "" : agent);
            out.writeUTF(strategy == null ? "" : strategy);
            out.writeInt(body.length);
            out.write(body);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    /** Reads the stored form; null for a record of another version. */
    public static CachedAnswer decode(byte[] stored) {
        try (DataInputStream in = new DataInputStream(new java.io.ByteArrayInputStream(stored))) {
            if (in.readByte() != VERSION) {
                return null;
            }
            String contentType = in.readUTF();
            String agent = in.readUTF();
            String strategy = in.readUTF();
            byte[] body = new byte[in.readInt()];
            in.readFully(body);
            return new CachedAnswer(
                    contentType, agent.isEmpty() ? null : agent, strategy.isEmpty() ? null : strategy, body);
        } catch (IOException e) {
            return null;
        }
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof CachedAnswer that
                && contentType.equals(that.contentType)
                && java.util.Objects.equals(agent, that.agent)
                && java.util.Objects.equals(strategy, that.strategy)
                && Arrays.equals(body, that.body);
    }

    @Override
    public int hashCode() {
        return contentType.hashCode() * 31 + Arrays.hashCode(body);
    }

    @Override
    public String toString() {
        return "CachedAnswer[" + contentType + ", " + agent + ", " + body.length + " bytes, "
                + new String(body, 0, Math.min(40, body.length), StandardCharsets.UTF_8) + "...]";
    }
}
