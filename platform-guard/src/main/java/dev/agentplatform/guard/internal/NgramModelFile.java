package dev.agentplatform.guard.internal;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.zip.CRC32;

/**
 * A trained {@link InjectionClassifier} as bytes, so that the services load it instead of training
 * it at startup. Only the features some training text had are stored: every other feature has
 * weight 0 and the same inverse document frequency, stored once. Weights and IDFs are stored as the
 * floats the classifier holds, so a loaded classifier scores exactly as the trained one did.
 *
 * <p>Layout (big-endian): the magic {@code NGRM}, a version byte, the hash space ({@link
 * NgramFeatures#DIMENSIONS}: features hashed into another space mean nothing here), a UTF string
 * saying what the model was trained on, the bias (double), the IDF of an unseen feature, the table
 * of distinct IDFs (floats), the number of stored features, then per feature the gap to the previous
 * index and its IDF's slot in the table (both unsigned varints) and its weight (float); last the
 * CRC-32 of everything before it.
 */
public final class NgramModelFile {

    /** Where the shipped classifier is on the classpath. */
    public static final String SHIPPED = "guard/ngram-model.bin";

    private static final byte[] MAGIC = "NGRM".getBytes(StandardCharsets.US_ASCII);
    private static final int VERSION = 1;

    private NgramModelFile() {}

    /** The shipped classifier ({@link #SHIPPED}). */
    public static InjectionClassifier shipped() {
        return load(SHIPPED);
    }

    /** The classifier at {@code classpathLocation}; a missing or damaged file is an {@link IllegalStateException}. */
    public static InjectionClassifier load(String classpathLocation) {
        try (InputStream in = NgramModelFile.class.getClassLoader().getResourceAsStream(classpathLocation)) {
            if (in == null) {
                throw new IllegalStateException("guard n-gram model not on the classpath: " + classpathLocation
                        + " (GuardTrainer ngram writes it, see bench/gateway/guard/README.md)");
            }
            return read(in.readAllBytes(), classpathLocation);
        } catch (IOException e) {
            throw new UncheckedIOException("could not read the guard n-gram model " + classpathLocation, e);
        }
    }

    /** The classifier in {@code bytes} (as {@link #bytes} writes them); {@code name} says where they came from. */
    public static InjectionClassifier read(byte[] bytes, String name) {
        if (bytes.length < MAGIC.length + 1 + Integer.BYTES
                || !Arrays.equals(Arrays.copyOf(bytes, MAGIC.length), MAGIC)) {
            throw corrupt(name, "not an n-gram model file");
        }
        int payload = bytes.length - Integer.BYTES;
        CRC32 crc = new CRC32();
        crc.update(bytes, 0, payload);
        if ((int) crc.getValue()
                != ByteBuffer.wrap(bytes, payload, Integer.BYTES).getInt()) {
            throw corrupt(name, "checksum mismatch (truncated or damaged)");
        }
        try {
            DataInputStream in = new DataInputStream(new java.io.ByteArrayInputStream(bytes, 0, payload));
            in.skipNBytes(MAGIC.length);
            int version = in.readUnsignedByte();
            if (version != VERSION) {
                throw corrupt(name, "version " + version + ", this code reads " + VERSION);
            }
            int dimensions = in.readInt();
            if (dimensions != NgramFeatures.DIMENSIONS) {
                throw corrupt(
                        name, "hashed into " + dimensions + " features, the code uses " + NgramFeatures.DIMENSIONS);
            }
            in.readUTF(); // what it was trained on: for people and for diffs, not needed to score
            double bias = in.readDouble();
            float[] idf = new float[dimensions];
            Arrays.fill(idf, in.readFloat());
            float[] table = new float[checkedSize(in.readInt(), name, "IDF table")];
            for (int k = 0; k < table.length; k++) {
                table[k] = in.readFloat();
            }
            float[] weights = new float[dimensions];
            int count = checkedSize(in.readInt(), name, "feature count");
            int index = -1;
            for (int k = 0; k < count; k++) {
                index += 1 + readVarint(in);
                int slot = readVarint(in);
                if (index < 0 || index >= dimensions || slot < 0 || slot >= table.length) {
                    throw corrupt(name, "feature " + index + " or IDF slot " + slot + " out of range");
                }
                idf[index] = table[slot];
                weights[index] = in.readFloat();
            }
            if (in.available() != 0) {
                throw corrupt(name, in.available() + " bytes after the last feature");
            }
            return new InjectionClassifier(idf, weights, bias);
        } catch (EOFException e) {
            throw corrupt(name, "ends early");
        } catch (IOException e) {
            // the bytes are in memory: the only thing that can go wrong is their content
            throw corrupt(name, e.getMessage());
        }
    }

    private static int checkedSize(int size, String name, String what) {
        if (size < 0 || size > NgramFeatures.DIMENSIONS) {
            throw corrupt(name, what + " " + size + " out of range");
        }
        return size;
    }

    /**
     * {@code classifier} as bytes; {@code about} (what it was trained on, with which settings) is
     * stored with it. The same classifier and text give the same bytes.
     */
    public static byte[] bytes(InjectionClassifier classifier, String about) {
        float[] idf = classifier.idf();
        float[] weights = classifier.weights();
        // no training text has the feature: the largest IDF, log(1 + n) + 1, and no weight
        float unseen = idf[0];
        for (float value : idf) {
            unseen = Math.max(unseen, value);
        }
        Map<Integer, Integer> slots = new LinkedHashMap<>();
        ByteArrayOutputStream features = new ByteArrayOutputStream();
        DataOutputStream featureOut = new DataOutputStream(features);
        int count = 0;
        int previous = -1;
        try {
            for (int index = 0; index < idf.length; index++) {
                if (Float.floatToRawIntBits(idf[index]) == Float.floatToRawIntBits(unseen) && weights[index] == 0f) {
                    continue;
                }
                int bits = Float.floatToRawIntBits(idf[index]);
                int slot = slots.computeIfAbsent(bits, b -> slots.size());
                writeVarint(featureOut, index - previous - 1);
                writeVarint(featureOut, slot);
                featureOut.writeFloat(weights[index]);
                previous = index;
                count++;
            }
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            DataOutputStream out = new DataOutputStream(bytes);
            out.write(MAGIC);
            out.writeByte(VERSION);
            out.writeInt(idf.length);
            out.writeUTF(about);
            out.writeDouble(classifier.bias());
            out.writeFloat(unseen);
            out.writeInt(slots.size());
            for (int bits : slots.keySet()) {
                out.writeInt(bits);
            }
            out.writeInt(count);
            features.writeTo(out);
            out.flush();
            CRC32 crc = new CRC32();
            crc.update(bytes.toByteArray());
            out.writeInt((int) crc.getValue());
            return bytes.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e); // in memory: does not happen
        }
    }

    private static IllegalStateException corrupt(String name, String why) {
        return new IllegalStateException("guard n-gram model " + name + " is corrupt: " + why
                + " (GuardTrainer ngram rewrites it, see bench/gateway/guard/README.md)");
    }

    private static void writeVarint(DataOutputStream out, int value) throws IOException {
        while ((value & ~0x7f) != 0) {
            out.writeByte((value & 0x7f) | 0x80);
            value >>>= 7;
        }
        out.writeByte(value);
    }

    private static int readVarint(DataInputStream in) throws IOException {
        int value = 0;
        for (int shift = 0; shift < 32; shift += 7) {
            int b = in.readUnsignedByte();
            value |= (b & 0x7f) << shift;
            if ((b & 0x80) == 0) {
                return value;
            }
        }
        throw new IOException("varint longer than 5 bytes");
    }
}
