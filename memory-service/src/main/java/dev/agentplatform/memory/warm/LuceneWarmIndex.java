package dev.agentplatform.memory.warm;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.PriorityQueue;
import java.util.Set;
import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.analysis.TokenStream;
import org.apache.lucene.analysis.en.EnglishAnalyzer;
import org.apache.lucene.analysis.tokenattributes.CharTermAttribute;
import org.apache.lucene.document.Document;
import org.apache.lucene.document.Field;
import org.apache.lucene.document.KnnFloatVectorField;
import org.apache.lucene.document.LongField;
import org.apache.lucene.document.StoredField;
import org.apache.lucene.document.StringField;
import org.apache.lucene.document.TextField;
import org.apache.lucene.index.DirectoryReader;
import org.apache.lucene.index.FloatVectorValues;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.IndexWriterConfig;
import org.apache.lucene.index.LeafReaderContext;
import org.apache.lucene.index.SegmentInfos;
import org.apache.lucene.index.StoredFields;
import org.apache.lucene.index.Term;
import org.apache.lucene.index.VectorSimilarityFunction;
import org.apache.lucene.search.BooleanClause.Occur;
import org.apache.lucene.search.BooleanQuery;
import org.apache.lucene.search.DocIdSetIterator;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.KnnFloatVectorQuery;
import org.apache.lucene.search.MatchAllDocsQuery;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.ScoreDoc;
import org.apache.lucene.search.ScoreMode;
import org.apache.lucene.search.Scorer;
import org.apache.lucene.search.SearcherManager;
import org.apache.lucene.search.Sort;
import org.apache.lucene.search.SortField;
import org.apache.lucene.search.SortedNumericSortField;
import org.apache.lucene.search.TermQuery;
import org.apache.lucene.search.TopDocs;
import org.apache.lucene.search.TotalHits;
import org.apache.lucene.search.Weight;
import org.apache.lucene.store.FSDirectory;
import org.apache.lucene.util.Bits;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The WARM tier in an embedded Lucene index on disk: an HNSW graph over the embeddings (dot
 * product of unit vectors) beside an inverted index over the text (BM25, English stemming and stop
 * words). The user is a term every query must match as a filter clause, so HNSW search and BM25 see
 * only that user's documents. Every {@link #upsert} and delete commits (survives a kill) and
 * refreshes the searcher (visible at once).
 */
public final class LuceneWarmIndex implements WarmIndex {

    private static final Logger LOG = LoggerFactory.getLogger(LuceneWarmIndex.class);

    private static final String KEY = "key";
    private static final String USER = "user";
    private static final String ID = "id";
    private static final String KIND = "kind";
    private static final String CONVERSATION = "conversation";
    private static final String ROLE = "role";
    private static final String NAME = "name";
    private static final String TEXT = "text";
    private static final String TIME = "time";
    private static final String SOURCE = "source";
    private static final String VECTOR = "vector";

    private static final Sort NEWEST_FIRST = new Sort(new SortedNumericSortField(TIME, SortField.Type.LONG, true));
    private static final TopDocs NOTHING = new TopDocs(new TotalHits(0, TotalHits.Relation.EQUAL_TO), new ScoreDoc[0]);

    private final Analyzer analyzer = new EnglishAnalyzer();
    private final FSDirectory directory;
    private final IndexWriter writer;
    private final SearcherManager searchers;

    public LuceneWarmIndex(Path dir) {
        try {
            Files.createDirectories(dir);
            this.directory = FSDirectory.open(dir);
            this.writer = new IndexWriter(directory, new IndexWriterConfig(analyzer));
            this.searchers = new SearcherManager(writer, null);
        } catch (IOException e) {
            throw new UncheckedIOException("could not open the WARM index in " + dir, e);
        }
    }

    /** The commit's user data key naming the vector space of the index's embeddings. */
    static final String EMBEDDING = "embedding";

    /**
     * Makes the index's vectors {@code embedder}'s: an index whose last commit names another vector
     * space (or none: made before the index recorded it) has every memory embedded again from its
     * stored text, then committed with the embedder's name. Called once, before the index is used;
     * with the static embedding 100,000 memories take seconds, with MiniLM minutes.
     */
    public void adopt(TextEmbedder embedder) {
        try {
            String had = embeddingOfLastCommit();
            writer.setLiveCommitData(Map.of(EMBEDDING, embedder.name()).entrySet());
            if (embedder.name().equals(had)) {
                return;
            }
            IndexSearcher searcher = searchers.acquire();
            int again = 0;
            try {
                StoredFields stored = searcher.storedFields();
                for (LeafReaderContext leaf : searcher.getIndexReader().leaves()) {
                    Bits live = leaf.reader().getLiveDocs();
                    for (int doc = 0; doc < leaf.reader().maxDoc(); doc++) {
                        if (live != null && !live.get(doc)) {
                            continue;
                        }
                        Memory m = memoryOf(stored, leaf.docBase + doc);
                        writer.updateDocument(
                                new Term(KEY, key(m.userId(), m.id())), document(Embedded.of(m, embedder)));
                        again++;
                    }
                }
            } finally {
                release(searcher);
            }
            commit();
            if (again > 0) {
                LOG.info("WARM index: {} memories embedded again with {} (they were {})", again, embedder.name(), had);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private String embeddingOfLastCommit() throws IOException {
        if (!DirectoryReader.indexExists(directory)) {
            return null;
        }
        return SegmentInfos.readLatestCommit(directory).getUserData().get(EMBEDDING);
    }

    @Override
    public void upsert(Collection<Embedded> memories) {
        if (memories.isEmpty()) {
            return;
        }
        try {
            for (Embedded each : memories) {
                writer.updateDocument(
                        new Term(KEY, key(each.memory().userId(), each.memory().id())), document(each));
            }
            commit();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Document document(Embedded embedded) {
        Memory m = embedded.memory();
        Document doc = new Document();
        doc.add(new StringField(KEY, key(m.userId(), m.id()), Field.Store.NO));
        doc.add(new StringField(USER, m.userId(), Field.Store.YES));
        doc.add(new StringField(ID, m.id(), Field.Store.YES));
        doc.add(new StringField(KIND, m.kind(), Field.Store.YES));
        if (m.conversationId() != null) {
            doc.add(new StringField(CONVERSATION, m.conversationId(), Field.Store.YES));
        }
        if (m.role() != null) {
            doc.add(new StoredField(ROLE, m.role()));
        }
        if (m.name() != null) {
            doc.add(new StoredField(NAME, m.name()));
        }
        doc.add(new TextField(TEXT, m.text(), Field.Store.YES));
        doc.add(new LongField(TIME, m.timestamp().toEpochMilli(), Field.Store.YES));
        for (String source : m.sources()) {
            doc.add(new StringField(SOURCE, source, Field.Store.YES));
        }
        if (embedded.vector() != null) {
            doc.add(new KnnFloatVectorField(VECTOR, embedded.vector(), VectorSimilarityFunction.DOT_PRODUCT));
        }
        return doc;
    }

    /**
     * Up to this many documents matching a search's filter, the nearest are found by scoring each
     * one. Under a selective filter HNSW first walks the graph until it has seen that many documents
     * and then scores them all anyway, in every segment: at ~100 documents per user scoring each
     * halved the index search, at 10,000 it was a wash (bench/memory).
     */
    static final int EXACT_UP_TO = 20_000;

    @Override
    public List<Memory> nearest(WarmQuery query, float[] vector, int limit) {
        return read(searcher -> nearestDocs(searcher, filter(query), vector, limit));
    }

    private static TopDocs nearestDocs(IndexSearcher searcher, Query filter, float[] vector, int limit)
            throws IOException {
        if (searcher.count(filter) > EXACT_UP_TO) {
            return searcher.search(new KnnFloatVectorQuery(VECTOR, vector, limit, filter), limit);
        }
        return exactNearest(searcher, filter, vector, limit);
    }

    /** The {@code limit} live documents matching {@code filter} nearest to {@code vector}, each one scored. */
    private static TopDocs exactNearest(IndexSearcher searcher, Query filter, float[] vector, int limit)
            throws IOException {
        Weight weight = searcher.createWeight(searcher.rewrite(filter), ScoreMode.COMPLETE_NO_SCORES, 1);
        PriorityQueue<ScoreDoc> best = new PriorityQueue<>(
                limit + 1, Comparator.<ScoreDoc>comparingDouble(d -> d.score).thenComparing(d -> -d.doc));
        for (LeafReaderContext leaf : searcher.getIndexReader().leaves()) {
            Scorer scorer = weight.scorer(leaf);
            FloatVectorValues vectors = leaf.reader().getFloatVectorValues(VECTOR);
            if (scorer == null || vectors == null) {
                continue;
            }
            Bits live = leaf.reader().getLiveDocs();
            DocIdSetIterator docs = scorer.iterator();
            for (int doc = docs.nextDoc(); doc != DocIdSetIterator.NO_MORE_DOCS; doc = docs.nextDoc()) {
                if (live != null && !live.get(doc)) {
                    continue;
                }
                // a memory without a vector (no word piece) is skipped: the vectors may already be past it
                int at = vectors.docID() < doc ? vectors.advance(doc) : vectors.docID();
                if (at != doc) {
                    continue;
                }
                float score = VectorSimilarityFunction.DOT_PRODUCT.compare(vector, vectors.vectorValue());
                if (best.size() < limit) {
                    best.add(new ScoreDoc(leaf.docBase + doc, score));
                } else if (score > best.peek().score) {
                    best.poll();
                    best.add(new ScoreDoc(leaf.docBase + doc, score));
                }
            }
        }
        ScoreDoc[] ranked = new ScoreDoc[best.size()];
        for (int i = ranked.length - 1; i >= 0; i--) {
            ranked[i] = best.poll();
        }
        return new TopDocs(new TotalHits(ranked.length, TotalHits.Relation.EQUAL_TO), ranked);
    }

    @Override
    public List<Memory> matching(WarmQuery query, String text, int limit) {
        return read(searcher -> matchingDocs(searcher, filter(query), text, limit));
    }

    private TopDocs matchingDocs(IndexSearcher searcher, Query filter, String text, int limit) throws IOException {
        BooleanQuery.Builder terms = new BooleanQuery.Builder();
        Set<String> seen = new LinkedHashSet<>();
        try (TokenStream tokens = analyzer.tokenStream(TEXT, text)) {
            CharTermAttribute term = tokens.addAttribute(CharTermAttribute.class);
            tokens.reset();
            while (tokens.incrementToken()) {
                if (seen.add(term.toString()) && seen.size() <= IndexSearcher.getMaxClauseCount() - 8) {
                    terms.add(new TermQuery(new Term(TEXT, term.toString())), Occur.SHOULD);
                }
            }
            tokens.end();
        }
        if (seen.isEmpty()) {
            return NOTHING;
        }
        Query q = new BooleanQuery.Builder()
                .add(terms.build(), Occur.MUST)
                .add(filter, Occur.FILTER)
                .build();
        return searcher.search(q, limit);
    }

    @Override
    public List<Memory> recent(WarmQuery query, int limit) {
        return read(searcher -> recentDocs(searcher, filter(query), limit));
    }

    private static TopDocs recentDocs(IndexSearcher searcher, Query filter, int limit) throws IOException {
        Query q = new BooleanQuery.Builder()
                .add(new MatchAllDocsQuery(), Occur.MUST)
                .add(filter, Occur.FILTER)
                .build();
        return searcher.search(q, limit, NEWEST_FIRST);
    }

    /**
     * The three rankings from one searcher, as Lucene document numbers; stored fields are read only
     * for the candidates the fusion keeps. Reading them for every candidate (three times 50) was a
     * third of the index search (bench/memory).
     */
    @Override
    public Rankings rank(WarmQuery query, float[] vector, String text, int depth, boolean newest) {
        try {
            IndexSearcher searcher = searchers.acquire();
            try {
                Query filter = filter(query);
                int[] dense = docs(nearestDocs(searcher, filter, vector, depth));
                int[] lexical = docs(matchingDocs(searcher, filter, text, depth));
                int[] recent = newest ? docs(recentDocs(searcher, filter, depth)) : new int[0];
                StoredFields stored = searcher.storedFields();
                return new Rankings(dense, lexical, recent, doc -> memoryOf(stored, doc), () -> release(searcher));
            } catch (IOException | RuntimeException e) {
                searchers.release(searcher);
                throw e;
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Memory memoryOf(StoredFields stored, int doc) {
        try {
            return memory(stored.document(doc));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void release(IndexSearcher searcher) {
        try {
            searchers.release(searcher);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static int[] docs(TopDocs top) {
        int[] docs = new int[top.scoreDocs.length];
        for (int i = 0; i < docs.length; i++) {
            docs[i] = top.scoreDocs[i].doc;
        }
        return docs;
    }

    @Override
    public Optional<Memory> get(String userId, String id) {
        return read(searcher -> searcher.search(new TermQuery(new Term(KEY, key(userId, id))), 1)).stream()
                .findFirst();
    }

    @Override
    public long delete(String userId, String id) {
        Query q = new BooleanQuery.Builder()
                .add(new TermQuery(new Term(USER, userId)), Occur.FILTER)
                .add(
                        new BooleanQuery.Builder()
                                .add(new TermQuery(new Term(KEY, key(userId, id))), Occur.SHOULD)
                                .add(new TermQuery(new Term(SOURCE, id)), Occur.SHOULD)
                                .build(),
                        Occur.MUST)
                .build();
        return deleteMatching(q);
    }

    @Override
    public long deleteUser(String userId) {
        return deleteMatching(new TermQuery(new Term(USER, userId)));
    }

    private long deleteMatching(Query q) {
        try {
            long before = countOf(q);
            if (before > 0) {
                writer.deleteDocuments(q);
                commit();
            }
            return before;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public Map<String, Long> count(String userId) {
        Map<String, Long> counts = new LinkedHashMap<>();
        for (String kind : List.of(Memory.MESSAGE, Memory.SEGMENT)) {
            try {
                counts.put(
                        kind,
                        countOf(new BooleanQuery.Builder()
                                .add(new TermQuery(new Term(USER, userId)), Occur.FILTER)
                                .add(new TermQuery(new Term(KIND, kind)), Occur.FILTER)
                                .build()));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return counts;
    }

    private long countOf(Query q) throws IOException {
        IndexSearcher searcher = searchers.acquire();
        try {
            return searcher.count(q);
        } finally {
            searchers.release(searcher);
        }
    }

    private static Query filter(WarmQuery query) {
        BooleanQuery.Builder filter =
                new BooleanQuery.Builder().add(new TermQuery(new Term(USER, query.userId())), Occur.FILTER);
        if (query.conversationId() != null) {
            filter.add(new TermQuery(new Term(CONVERSATION, query.conversationId())), Occur.FILTER);
        }
        if (query.since() != null || query.until() != null) {
            long from = query.since() == null ? Long.MIN_VALUE : query.since().toEpochMilli();
            long to = query.until() == null ? Long.MAX_VALUE : query.until().toEpochMilli() - 1;
            filter.add(LongField.newRangeQuery(TIME, from, to), Occur.FILTER);
        }
        return filter.build();
    }

    /** What {@code ranking} finds on one searcher, every document read. */
    private List<Memory> read(Ranking ranking) {
        try {
            IndexSearcher searcher = searchers.acquire();
            try {
                return found(searcher, ranking.top(searcher));
            } finally {
                searchers.release(searcher);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @FunctionalInterface
    private interface Ranking {
        TopDocs top(IndexSearcher searcher) throws IOException;
    }

    private static List<Memory> found(IndexSearcher searcher, TopDocs top) throws IOException {
        List<Memory> found = new ArrayList<>(top.scoreDocs.length);
        var stored = searcher.storedFields();
        for (ScoreDoc hit : top.scoreDocs) {
            found.add(memory(stored.document(hit.doc)));
        }
        return found;
    }

    private static Memory memory(Document doc) {
        return new Memory(
                doc.get(USER),
                doc.get(ID),
                doc.get(KIND),
                doc.get(CONVERSATION),
                doc.get(ROLE),
                doc.get(NAME),
                doc.get(TEXT),
                Instant.ofEpochMilli(doc.getField(TIME).numericValue().longValue()),
                List.of(doc.getValues(SOURCE)));
    }

    private void commit() throws IOException {
        writer.commit();
        searchers.maybeRefreshBlocking();
    }

    // A user id never contains NUL, so (user, id) pairs cannot collide.
    private static String key(String userId, String id) {
        return userId + '\u0000' + id;
    }

    @Override
    public void close() {
        try {
            searchers.close();
            writer.close();
            directory.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
