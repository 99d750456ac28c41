package dev.agentplatform.gateway.semantic;

import static io.qdrant.client.ConditionFactory.matchKeyword;
import static io.qdrant.client.ConditionFactory.range;
import static io.qdrant.client.PointIdFactory.id;
import static io.qdrant.client.ValueFactory.value;
import static io.qdrant.client.VectorsFactory.vectors;

import io.qdrant.client.QdrantClient;
import io.qdrant.client.QdrantGrpcClient;
import io.qdrant.client.WithPayloadSelectorFactory;
import io.qdrant.client.grpc.Collections.Distance;
import io.qdrant.client.grpc.Collections.PayloadSchemaType;
import io.qdrant.client.grpc.Collections.VectorParams;
import io.qdrant.client.grpc.Common.Filter;
import io.qdrant.client.grpc.Common.Range;
import io.qdrant.client.grpc.JsonWithInt.Value;
import io.qdrant.client.grpc.Points.PointStruct;
import io.qdrant.client.grpc.Points.ScoredPoint;
import io.qdrant.client.grpc.Points.SearchPoints;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The production adapter: a Qdrant collection (gRPC) shared by every gateway instance. Scope and
 * model are keyword payload fields with indexes, the expiry an integer field, all three applied as
 * the search filter; the cached answer travels in the payload (Base64), so a hit is one round trip.
 */
public final class QdrantVectorIndex implements VectorIndex {

    private static final Duration TIMEOUT = Duration.ofSeconds(2);
    private static final long PURGE_INTERVAL_MILLIS = 60_000;

    private final QdrantClient client;
    private final String collection;
    private final AtomicLong lastPurge = new AtomicLong(System.currentTimeMillis());

    /**
     * @param url {@code http(s)://host:port} of Qdrant's gRPC endpoint (port 6334 when not given)
     * @param apiKey the API key, or blank
     * @param collection the collection; created (384 dimensions, cosine) when missing
     */
    public QdrantVectorIndex(String url, String apiKey, String collection) {
        URI uri = URI.create(url.contains("://") ? url : "http://" + url);
        QdrantGrpcClient.Builder builder = QdrantGrpcClient.newBuilder(
                uri.getHost(), uri.getPort() > 0 ? uri.getPort() : 6334, "https".equals(uri.getScheme()));
        if (apiKey != null && !apiKey.isBlank()) {
            builder.withApiKey(apiKey);
        }
        this.client = new QdrantClient(builder.withTimeout(TIMEOUT).build());
        this.collection = collection;
        ensureCollection();
    }

    private void ensureCollection() {
        if (Boolean.TRUE.equals(await(client.collectionExistsAsync(collection)))) {
            return;
        }
        await(client.createCollectionAsync(
                collection,
                VectorParams.newBuilder()
                        .setSize(PromptEmbedder.DIMENSIONS)
                        .setDistance(Distance.Cosine)
                        .build()));
        for (String field : List.of("scope", "model")) {
            await(client.createPayloadIndexAsync(
                    collection, field, PayloadSchemaType.Keyword, null, true, null, TIMEOUT));
        }
        await(client.createPayloadIndexAsync(
                collection, "expires", PayloadSchemaType.Integer, null, true, null, TIMEOUT));
    }

    @Override
    public void upsert(Entry entry) {
        List<Float> vector = new ArrayList<>(entry.vector().length);
        for (float value : entry.vector()) {
            vector.add(value);
        }
        PointStruct point = PointStruct.newBuilder()
                .setId(id(pointId(entry.scope(), entry.model(), entry.prompt())))
                .setVectors(vectors(vector))
                .putAllPayload(Map.of(
                        "scope", value(entry.scope()),
                        "model", value(entry.model()),
                        "prompt", value(entry.prompt()),
                        "payload", value(Base64.getEncoder().encodeToString(entry.payload())),
                        "expires", value(entry.expiresAt().toEpochMilli())))
                .build();
        await(client.upsertAsync(collection, List.of(point)));
        long now = System.currentTimeMillis();
        long last = lastPurge.get();
        if (now - last >= PURGE_INTERVAL_MILLIS && lastPurge.compareAndSet(last, now)) {
            client.deleteAsync(
                    collection,
                    Filter.newBuilder()
                            .addMust(range(
                                    "expires", Range.newBuilder().setLte(now).build()))
                            .build());
        }
    }

    @Override
    public List<Match> search(
            String scope, String model, float[] vector, int limit, double minSimilarity, Instant now) {
        List<Float> query = new ArrayList<>(vector.length);
        for (float value : vector) {
            query.add(value);
        }
        Filter filter = Filter.newBuilder()
                .addMust(matchKeyword("scope", scope))
                .addMust(matchKeyword("model", model))
                .addMust(range(
                        "expires", Range.newBuilder().setGt(now.toEpochMilli()).build()))
                .build();
        List<ScoredPoint> points = await(client.searchAsync(SearchPoints.newBuilder()
                .setCollectionName(collection)
                .addAllVector(query)
                .setFilter(filter)
                .setLimit(limit)
                .setScoreThreshold((float) minSimilarity)
                .setWithPayload(WithPayloadSelectorFactory.enable(true))
                .build()));
        List<Match> matches = new ArrayList<>(points.size());
        for (ScoredPoint point : points) {
            Map<String, Value> payload = point.getPayloadMap();
            matches.add(new Match(
                    new Entry(
                            scope,
                            model,
                            payload.get("prompt").getStringValue(),
                            null,
                            Base64.getDecoder().decode(payload.get("payload").getStringValue()),
                            Instant.ofEpochMilli(payload.get("expires").getIntegerValue())),
                    point.getScore()));
        }
        return matches;
    }

    @Override
    public void clear() {
        await(client.deleteAsync(collection, Filter.getDefaultInstance()));
    }

    @Override
    public void close() {
        client.close();
    }

    static UUID pointId(String scope, String model, String prompt) {
        return UUID.nameUUIDFromBytes((scope + '\u0000' + model + '\u0000' + prompt).getBytes(StandardCharsets.UTF_8));
    }

    private static <T> T await(Future<T> future) {
        try {
            return future.get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for Qdrant", e);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("Qdrant call failed", e);
        }
    }
}
