package dev.agentplatform.memory.warm;

import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import dev.agentplatform.support.embedding.MiniLmEmbedder;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Map;

/**
 * MiniLM distilled into one vector per word piece (the static embedding of Model2Vec, Minishlab
 * 2024): a text's embedding is the sum of its word pieces' vectors, each weighted by how rare the
 * piece is (smooth inverse frequency, Arora et al. 2017), scaled to unit length. No inference: a
 * few microseconds a text instead of MiniLM's 2-4 ms, which bounded the tier's ingest (bench/memory);
 * on LoCoMo's development conversations the hybrid search finds as much evidence with it as with
 * MiniLM (the lexical ranking carries the exact words, this one the words' neighbourhoods).
 *
 * <p>The table is made at build time by {@link StaticTableDistiller} from the MiniLM model and
 * tokenizer of the platform (langchain4j's jar) and a count of word pieces in public prompts
 * ({@code warm/word-piece-counts.txt}); it is read from the class path.
 */
public final class StaticEmbedder implements TextEmbedder {

    static final String TABLE = "/warm/static-minilm.bin";
    static final String TOKENIZER = "/all-minilm-l6-v2-q-tokenizer.json";

    private final String name;
    private final float[] scales;
    private final byte[] rows;
    private final int dimensions;
    private final HuggingFaceTokenizer tokenizer;

    public StaticEmbedder() {
        try (InputStream in = resource(TABLE);
                DataInputStream data = new DataInputStream(new java.io.BufferedInputStream(in, 1 << 16));
                InputStream tokenizerFile = resource(TOKENIZER)) {
            StaticTableDistiller.Header header = StaticTableDistiller.Header.read(data);
            this.name = header.name();
            this.dimensions = header.dimensions();
            this.scales = new float[header.pieces()];
            this.rows = new byte[header.pieces() * dimensions];
            for (int piece = 0; piece < scales.length; piece++) {
                scales[piece] = data.readFloat();
                data.readFully(rows, piece * dimensions, dimensions);
            }
            this.tokenizer = HuggingFaceTokenizer.newInstance(tokenizerFile, Map.of("padding", "false"));
        } catch (IOException e) {
            throw new UncheckedIOException("could not read the static embedding table " + TABLE, e);
        }
    }

    @Override
    public float[] embed(String text) {
        String input = text.length() > MiniLmEmbedder.MAX_CHARS ? text.substring(0, MiniLmEmbedder.MAX_CHARS) : text;
        long[] pieces = tokenizer.encode(input, false, false).getIds();
        if (pieces.length == 0) {
            throw new IllegalArgumentException("the text has no word pieces");
        }
        float[] sum = new float[dimensions];
        for (long id : pieces) {
            int piece = (int) id;
            float scale = scales[piece];
            int offset = piece * dimensions;
            for (int j = 0; j < dimensions; j++) {
                sum[j] += scale * rows[offset + j];
            }
        }
        return MiniLmEmbedder.normalise(sum);
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public void close() {
        tokenizer.close();
    }

    static InputStream resource(String name) {
        InputStream in = StaticEmbedder.class.getResourceAsStream(name);
        if (in == null) {
            throw new IllegalStateException(
                    name + " is not on the class path (made by the build: StaticTableDistiller)");
        }
        return in;
    }
}
