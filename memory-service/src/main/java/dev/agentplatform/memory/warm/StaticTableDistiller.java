package dev.agentplatform.memory.warm;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import dev.agentplatform.support.embedding.MiniLmEmbedder;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.FloatBuffer;
import java.nio.LongBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Map;

/**
 * Makes {@link StaticEmbedder}'s table at build time (memory-service's {@code pom.xml} runs it after
 * compiling): every word piece of MiniLM's vocabulary run through the model alone ({@code [CLS] piece
 * [SEP]}, the mean of the three output vectors, as {@link MiniLmEmbedder} pools a text), weighted by
 * smooth inverse frequency {@code a / (a + p(piece))} with {@code a = 1e-3} and {@code p} from {@code
 * warm/word-piece-counts.txt} (a piece never counted weighs 1), each row stored as bytes with a scale
 * of its own. About 30,000 inferences of three tokens: 10-20 s once; a table made from the same
 * model, counts and method is not made again.
 *
 * <p>Arguments: the table to write, the word-piece counts file.
 */
public final class StaticTableDistiller {

    /** Bump when the method changes: the table's name changes and indexes embed again. */
    static final String METHOD = "sif-1e-3-mean3-int8-v1";

    static final double SIF_A = 1e-3;
    static final int MAGIC = 0x50534531; // "PSE1"

    private static final String MODEL = "/all-minilm-l6-v2-q.onnx";
    private static final long CLS = 101;
    private static final long SEP = 102;

    private StaticTableDistiller() {}

    /** The table's header: its name (the vector space), how many pieces and dimensions follow. */
    record Header(String name, int pieces, int dimensions) {

        static Header read(DataInputStream in) throws IOException {
            if (in.readInt() != MAGIC) {
                throw new IOException("not a static embedding table");
            }
            return new Header(in.readUTF(), in.readInt(), in.readInt());
        }

        void write(DataOutputStream out) throws IOException {
            out.writeInt(MAGIC);
            out.writeUTF(name);
            out.writeInt(pieces);
            out.writeInt(dimensions);
        }
    }

    public static void main(String[] args) throws Exception {
        Path table = Path.of(args[0]);
        byte[] counts = Files.readAllBytes(Path.of(args[1]));
        byte[] model;
        try (InputStream in = StaticEmbedder.resource(MODEL)) {
            model = in.readAllBytes();
        }
        String name = "static-minilm-" + hash(model, counts);
        if (Files.exists(table)) {
            try (DataInputStream in = new DataInputStream(Files.newInputStream(table))) {
                if (Header.read(in).name().equals(name)) {
                    System.out.println(table + " is up to date (" + name + ")");
                    return;
                }
            } catch (IOException e) {
                // not a table of ours: made again below
            }
        }
        long started = System.nanoTime();
        double[] frequency = frequencies(new String(counts, StandardCharsets.UTF_8));
        Path partial = table.resolveSibling(table.getFileName() + ".partial");
        Files.createDirectories(table.toAbsolutePath().getParent());
        OrtEnvironment environment = OrtEnvironment.getEnvironment();
        try (OrtSession.SessionOptions options = MiniLmEmbedder.sessionOptions();
                OrtSession session = environment.createSession(model, options);
                OutputStream file = Files.newOutputStream(partial);
                DataOutputStream out = new DataOutputStream(new BufferedOutputStream(file, 1 << 16))) {
            new Header(name, frequency.length, MiniLmEmbedder.DIMENSIONS).write(out);
            byte[] row = new byte[MiniLmEmbedder.DIMENSIONS];
            for (int piece = 0; piece < frequency.length; piece++) {
                float[] vector = alone(environment, session, piece);
                double weight = SIF_A / (SIF_A + frequency[piece]);
                float largest = 0;
                for (int j = 0; j < vector.length; j++) {
                    vector[j] *= (float) weight;
                    largest = Math.max(largest, Math.abs(vector[j]));
                }
                float scale = largest == 0 ? 0 : largest / 127f;
                for (int j = 0; j < vector.length; j++) {
                    row[j] = scale == 0 ? 0 : (byte) Math.round(vector[j] / scale);
                }
                out.writeFloat(scale);
                out.write(row);
            }
        }
        Files.move(partial, table, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        System.out.printf(
                "%s: %d word pieces distilled in %.1f s (%s)%n",
                table, frequency.length, (System.nanoTime() - started) / 1e9, name);
    }

    /** MiniLM's mean output vector for the piece alone between [CLS] and [SEP]. */
    private static float[] alone(OrtEnvironment environment, OrtSession session, int piece) throws OrtException {
        long[] shape = {1, 3};
        try (OnnxTensor ids =
                        OnnxTensor.createTensor(environment, LongBuffer.wrap(new long[] {CLS, piece, SEP}), shape);
                OnnxTensor mask = OnnxTensor.createTensor(environment, LongBuffer.wrap(new long[] {1, 1, 1}), shape);
                OnnxTensor types = OnnxTensor.createTensor(environment, LongBuffer.wrap(new long[] {0, 0, 0}), shape);
                OrtSession.Result result =
                        session.run(Map.of("input_ids", ids, "attention_mask", mask, "token_type_ids", types))) {
            FloatBuffer hidden = ((OnnxTensor) result.get(0)).getFloatBuffer();
            float[] mean = new float[MiniLmEmbedder.DIMENSIONS];
            for (int t = 0; t < 3; t++) {
                for (int j = 0; j < mean.length; j++) {
                    mean[j] += hidden.get(t * mean.length + j) / 3f;
                }
            }
            return mean;
        }
    }

    /**
     * Each piece's share of all counted pieces, from lines {@code id count} (and {@code # vocabulary
     * n}, which sizes the table; other {@code #} lines are comments).
     */
    static double[] frequencies(String counts) {
        int vocabulary = -1;
        Map<Integer, Long> seen = new java.util.HashMap<>();
        long total = 0;
        for (String line : counts.split("\n")) {
            String trimmed = line.trim();
            if (trimmed.startsWith("# vocabulary ")) {
                vocabulary = Integer.parseInt(
                        trimmed.substring("# vocabulary ".length()).trim());
            } else if (!trimmed.isEmpty() && !trimmed.startsWith("#")) {
                String[] fields = trimmed.split("\\s+");
                long count = Long.parseLong(fields[1]);
                seen.put(Integer.parseInt(fields[0]), count);
                total += count;
            }
        }
        if (vocabulary <= 0 || total == 0) {
            throw new IllegalArgumentException("the counts name no vocabulary size or no counts");
        }
        double[] frequency = new double[vocabulary];
        for (Map.Entry<Integer, Long> e : seen.entrySet()) {
            frequency[e.getKey()] = (double) e.getValue() / total;
        }
        return frequency;
    }

    private static String hash(byte[] model, byte[] counts) throws Exception {
        MessageDigest digest = MessageDigest.getInstance("SHA-256");
        digest.update(model);
        digest.update(counts);
        digest.update(METHOD.getBytes(StandardCharsets.UTF_8));
        return HexFormat.of().formatHex(digest.digest()).substring(0, 12);
    }
}
