package dev.agentplatform.gateway.semantic;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.lucene.document.Document;
import org.apache.lucene.document.Field;
import org.apache.lucene.document.KnnFloatVectorField;
import org.apache.lucene.document.LongPoint;
import org.apache.lucene.document.StoredField;
import org.apache.lucene.document.StringField;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.IndexWriterConfig;
import org.apache.lucene.index.StoredFields;
import org.apache.lucene.index.Term;
import org.apache.lucene.index.VectorSimilarityFunction;
import org.apache.lucene.search.BooleanClause;
import org.apache.lucene.search.BooleanQuery;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.KnnFloatVectorQuery;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.ScoreDoc;
import org.apache.lucene.search.SearcherManager;
import org.apache.lucene.search.TermQuery;
import org.apache.lucene.store.FSDirectory;
import org.apache.lucene.store.LockObtainFailedException;
import org.apache.lucene.util.BytesRef;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The embedded default: a Lucene HNSW index on local disk. Scope and model are exact-match terms
 * applied as a pre-filter of the KNN query (so one tenant's entries never crowd out another's), the
 * expiry a point range in the same filter; the cached answer is a stored field, so a hit is one
 * search and no second store. Expired entries are deleted in the background of later writes.
 */
public final class LuceneVectorIndex implements VectorIndex {

    private static final Logger log = LoggerFactory.getLogger(LuceneVectorIndex.class);

    private static final String ID = "id";
    private static final String SCOPE = "scope";
    private static final String MODEL = "model";
    private static final String PROMPT = "prompt";
    private static final String VECTOR = "vector";
    private static final String PAYLOAD = "payload";
    private static final String EXPIRES = "expires";
    private static final String EXPIRES_STORED = "expires_at";
    private static final long PURGE_INTERVAL_MILLIS = 60_000;
    private static final long COMMIT_INTERVAL_MILLIS = 10_000;

    private final Path directory;
    private final FSDirectory store;
    private final IndexWriter writer;
    private final SearcherManager searchers;
    private final AtomicLong lastPurge = new AtomicLong(System.currentTimeMillis());
    private final AtomicLong lastCommit = new AtomicLong(System.currentTimeMillis());
    private volatile boolean dirty;

    public LuceneVectorIndex(Path directory) {
        try {
            Path opened = directory;
            IndexWriter openedWriter;
            FSDirectory openedStore;
            try {
                Files.createDirectories(opened);
                openedStore = FSDirectory.open(opened);
                openedWriter = new IndexWriter(openedStore, config());
            } catch (LockObtainFailedException locked) {
                // another gateway on this machine owns the index: one writer per Lucene index
                opened = directory.resolveSibling(
                        directory.getFileName() + "-" + ProcessHandle.current().pid());
                log.warn("semantic cache index {} is locked by another process, using {}", directory, opened);
                Files.createDirectories(opened);
                openedStore = FSDirectory.open(opened);
                openedWriter = new IndexWriter(openedStore, config());
            }
            this.directory = opened;
            this.store = openedStore;
            this.writer = openedWriter;
            this.searchers = new SearcherManager(writer, null);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open the semantic cache index at " + directory, e);
        }
    }

    private static IndexWriterConfig config() {
        return new IndexWriterConfig().setOpenMode(IndexWriterConfig.OpenMode.CREATE_OR_APPEND);
    }

    /** Where the index actually lives (a sibling when the configured directory was locked). */
    public Path directory() {
        return directory;
    }

    @Override
    public void upsert(Entry entry) {
        Document document = new Document();
        String id = id(entry.scope(), entry.model(), entry.prompt());
        document.add(new StringField(ID, id, Field.Store.NO));
        document.add(new StringField(SCOPE, entry.scope(), Field.Store.NO));
        document.add(new StringField(MODEL, entry.model(), Field.Store.NO));
        document.add(new StoredField(PROMPT, entry.prompt()));
        document.add(new KnnFloatVectorField(VECTOR, entry.vector(), VectorSimilarityFunction.DOT_PRODUCT));
        document.add(new StoredField(PAYLOAD, new BytesRef(entry.payload())));
        long expires = entry.expiresAt().toEpochMilli();
        document.add(new LongPoint(EXPIRES, expires));
        document.add(new StoredField(EXPIRES_STORED, expires));
        try {
            writer.updateDocument(new Term(ID, id), document);
            long now = System.currentTimeMillis();
            purgeExpired(now);
            commitNowAndThen(now);
            // made visible by the next search: a burst of writes costs one refresh, not one each
            dirty = true;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public List<Match> search(
            String scope, String model, float[] vector, int limit, double minSimilarity, Instant now) {
        Query filter = new BooleanQuery.Builder()
                .add(new TermQuery(new Term(SCOPE, scope)), BooleanClause.Occur.FILTER)
                .add(new TermQuery(new Term(MODEL, model)), BooleanClause.Occur.FILTER)
                .add(
                        LongPoint.newRangeQuery(EXPIRES, now.toEpochMilli() + 1, Long.MAX_VALUE),
                        BooleanClause.Occur.FILTER)
                .build();
        try {
            if (dirty) {
                dirty = false;
                searchers.maybeRefreshBlocking();
            }
            IndexSearcher searcher = searchers.acquire();
            try {
                // HNSW is approximate: exploring more candidates than asked for keeps the true nearest in
                int explore = Math.max(limit * 4, 32);
                ScoreDoc[] hits =
                        searcher.search(new KnnFloatVectorQuery(VECTOR, vector, explore, filter), limit).scoreDocs;
                StoredFields fields = searcher.storedFields();
                List<Match> matches = new ArrayList<>(hits.length);
                for (ScoreDoc hit : hits) {
                    // Lucene scores DOT_PRODUCT of unit vectors as (1 + cos) / 2
                    double similarity = 2.0 * hit.score - 1.0;
                    if (similarity < minSimilarity) {
                        continue;
                    }
                    Document document = fields.document(hit.doc);
                    BytesRef payload = document.getBinaryValue(PAYLOAD);
                    matches.add(new Match(
                            new Entry(
                                    scope,
                                    model,
                                    document.get(PROMPT),
                                    null,
                                    BytesRef.deepCopyOf(payload).bytes,
                                    Instant.ofEpochMilli(document.getField(EXPIRES_STORED)
                                            .numericValue()
                                            .longValue())),
                            similarity));
                }
                return matches;
            } finally {
                searchers.release(searcher);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void clear() {
        try {
            writer.deleteAll();
            writer.commit();
            searchers.maybeRefreshBlocking();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void purgeExpired(long now) throws IOException {
        long last = lastPurge.get();
        if (now - last >= PURGE_INTERVAL_MILLIS && lastPurge.compareAndSet(last, now)) {
            writer.deleteDocuments(LongPoint.newRangeQuery(EXPIRES, Long.MIN_VALUE, now));
        }
    }

    private void commitNowAndThen(long now) throws IOException {
        long last = lastCommit.get();
        if (now - last >= COMMIT_INTERVAL_MILLIS && lastCommit.compareAndSet(last, now)) {
            writer.commit();
        }
    }

    @Override
    public void close() {
        try {
            searchers.close();
            writer.close();
            store.close();
        } catch (IOException e) {
            log.warn("closing the semantic cache index at {} failed", directory, e);
        }
    }

    static String id(String scope, String model, String prompt) {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            for (String part : new String[] {scope, model, prompt}) {
                digest.update(part.getBytes(StandardCharsets.UTF_8));
                digest.update((byte) 0);
            }
            return HexFormat.of().formatHex(digest.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
