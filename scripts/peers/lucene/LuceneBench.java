// LuceneBench: Apache Lucene 4.10 (Debian's liblucene4.10-java) as a peer in
// Gazette's scripts/bench. See README.md beside this file.
//
//   index [--threads N] [--ram-mb MB] FILE... DIR
//       Indexes JSONL articles (.zst files are read through `zstd -dc`) into a
//       new index DIR: headline, byline and body as separate TextFields with
//       EnglishAnalyzer (no stored text), the id as a stored StringField. One
//       IndexWriter fed by N threads; commit and close, no force-merge.
//   merge DIR
//       Force-merges DIR to one segment (what xapian-compact is to Xapian).
//   query [--threads T] [--warmup W] [--trec FILE] [--label L] DIR QUERIES N PASSES
//       Runs every line of QUERIES (a 'qid<TAB>' prefix is dropped), top N, W
//       untimed passes then PASSES timed ones, and prints one JSON line with the
//       fields of `gazette-bench --format json`. BM25(1.2, 0.75) on every field;
//       the query words, escaped, go through a MultiFieldQueryParser over
//       headline^3 byline^2 body^1 with OR. Each hit's stored id is read.
//       --trec FILE: one more untimed pass on one thread, written as TREC run
//       lines 'qid Q0 id rank score lucene' (qid: 1-based query number).
import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.File;
import java.io.FileInputStream;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.analysis.en.EnglishAnalyzer;
import org.apache.lucene.document.Document;
import org.apache.lucene.document.Field;
import org.apache.lucene.document.StringField;
import org.apache.lucene.document.TextField;
import org.apache.lucene.index.DirectoryReader;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.IndexWriterConfig;
import org.apache.lucene.queryparser.classic.MultiFieldQueryParser;
import org.apache.lucene.queryparser.classic.ParseException;
import org.apache.lucene.queryparser.classic.QueryParser;
import org.apache.lucene.search.BooleanQuery;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.ScoreDoc;
import org.apache.lucene.search.TopDocs;
import org.apache.lucene.search.similarities.BM25Similarity;
import org.apache.lucene.store.FSDirectory;
import org.apache.lucene.util.Version;

public final class LuceneBench {
    static final Version VERSION = Version.LUCENE_4_10_4;
    static final String[] TEXT_FIELDS = {"headline", "byline", "body"};
    static final float K1 = 1.2f, B = 0.75f;

    public static void main(String[] args) throws Exception {
        if (args.length == 0) usage();
        List<String> rest = new ArrayList<>(Arrays.asList(args).subList(1, args.length));
        switch (args[0]) {
            case "index": index(rest); break;
            case "merge": merge(rest); break;
            case "query": query(rest); break;
            default: usage();
        }
    }

    static void usage() {
        System.err.println("Usage: LuceneBench index [--threads N] [--ram-mb MB] FILE... DIR\n"
                + "       LuceneBench merge DIR\n"
                + "       LuceneBench query [--threads T] [--warmup W] [--trec FILE] [--label L]"
                + " DIR QUERIES N PASSES");
        System.exit(2);
    }

    // Removes "--name value" from args; returns the value or the default.
    static String option(List<String> args, String name, String fallback) {
        int i = args.indexOf(name);
        if (i < 0) return fallback;
        if (i + 1 >= args.size()) usage();
        String value = args.get(i + 1);
        args.subList(i, i + 2).clear();
        return value;
    }

    static Analyzer analyzer() {
        Analyzer analyzer = new EnglishAnalyzer();
        analyzer.setVersion(VERSION);
        return analyzer;
    }

    // ---- index -------------------------------------------------------------

    static final List<String> END = Collections.emptyList();

    static void index(List<String> args) throws Exception {
        int threads = Integer.parseInt(option(args, "--threads", "1"));
        double ramMb = Double.parseDouble(option(args, "--ram-mb", "256"));
        if (args.size() < 2 || threads < 1) usage();
        File dir = new File(args.get(args.size() - 1));
        List<String> files = args.subList(0, args.size() - 1);

        IndexWriterConfig config = new IndexWriterConfig(VERSION, analyzer());
        config.setOpenMode(IndexWriterConfig.OpenMode.CREATE);
        config.setRAMBufferSizeMB(ramMb);
        config.setSimilarity(new BM25Similarity(K1, B));
        long start = System.nanoTime();
        AtomicLong added = new AtomicLong();
        AtomicReference<Throwable> failure = new AtomicReference<>();
        try (FSDirectory directory = FSDirectory.open(dir);
             IndexWriter writer = new IndexWriter(directory, config)) {
            // The main thread reads lines; the workers parse and add them.
            BlockingQueue<List<String>> queue = new ArrayBlockingQueue<>(4 * threads);
            List<Thread> workers = new ArrayList<>();
            for (int t = 0; t < threads; ++t) {
                Thread worker = new Thread(() -> {
                    try {
                        for (List<String> batch; (batch = queue.take()) != END;) {
                            for (String line : batch) {
                                writer.addDocument(document(line));
                                added.incrementAndGet();
                            }
                        }
                    } catch (Throwable e) {
                        failure.compareAndSet(null, e);
                        queue.clear();
                    }
                });
                worker.start();
                workers.add(worker);
            }
            for (String file : files) {
                if (failure.get() != null) break;
                read(file, queue, failure);
            }
            for (int t = 0; t < threads; ++t) queue.put(END);
            for (Thread worker : workers) worker.join();
            if (failure.get() != null) throw new RuntimeException(failure.get());
            writer.commit();
        }
        System.err.printf(Locale.ROOT, "lucene: indexed %d articles in %.2f s into %s%n",
                added.get(), (System.nanoTime() - start) / 1e9, dir);
    }

    static void read(String file, BlockingQueue<List<String>> queue,
                     AtomicReference<Throwable> failure) throws Exception {
        Process zstd = null;
        InputStream in;
        if (file.endsWith(".zst")) {
            zstd = new ProcessBuilder("zstd", "-dcq", file)
                           .redirectError(ProcessBuilder.Redirect.INHERIT)
                           .start();
            in = zstd.getInputStream();
        } else {
            in = new FileInputStream(file);
        }
        try (BufferedReader reader =
                     new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8), 1 << 16)) {
            List<String> batch = new ArrayList<>(256);
            for (String line; (line = reader.readLine()) != null;) {
                if (line.trim().isEmpty()) continue;
                batch.add(line);
                if (batch.size() == 256) {
                    if (failure.get() != null) return;
                    queue.put(batch);
                    batch = new ArrayList<>(256);
                }
            }
            if (!batch.isEmpty()) queue.put(batch);
        }
        if (zstd != null && zstd.waitFor() != 0)
            throw new IOException("zstd -dc " + file + " exited with " + zstd.exitValue());
    }

    static Document document(String line) {
        Map<String, String> article = Json.object(line);
        Document doc = new Document();
        doc.add(new StringField("id", article.getOrDefault("id", ""), Field.Store.YES));
        for (String name : TEXT_FIELDS) {
            String value = article.get(name);
            if (value != null && !value.isEmpty())
                doc.add(new TextField(name, value, Field.Store.NO));
        }
        return doc;
    }

    // ---- merge -------------------------------------------------------------

    static void merge(List<String> args) throws Exception {
        if (args.size() != 1) usage();
        IndexWriterConfig config = new IndexWriterConfig(VERSION, analyzer());
        config.setOpenMode(IndexWriterConfig.OpenMode.APPEND);
        config.setSimilarity(new BM25Similarity(K1, B));
        try (FSDirectory directory = FSDirectory.open(new File(args.get(0)));
             IndexWriter writer = new IndexWriter(directory, config)) {
            writer.forceMerge(1);
            writer.commit();
        }
    }

    // ---- query -------------------------------------------------------------

    static final class Tally {
        final List<Double> millis = new ArrayList<>();
        long hits, failed, parseErrors;
    }

    // One per thread: QueryParser is not thread-safe, IndexSearcher is.
    static final class Engine {
        final IndexSearcher searcher;
        final MultiFieldQueryParser parser;
        final int limit;

        Engine(IndexSearcher searcher, int limit) {
            this.searcher = searcher;
            this.limit = limit;
            Map<String, Float> boosts = new HashMap<>();
            boosts.put("headline", 3f);
            boosts.put("byline", 2f);
            boosts.put("body", 1f);
            parser = new MultiFieldQueryParser(TEXT_FIELDS, analyzer(), boosts);
            parser.setDefaultOperator(QueryParser.Operator.OR);
        }

        // The query words as words: syntax characters escaped, and the
        // operator words AND, OR, NOT taken literally.
        static String words(String text) {
            String escaped = QueryParser.escape(text);
            StringBuilder out = new StringBuilder();
            for (String word : escaped.split(" ")) {
                if (out.length() > 0) out.append(' ');
                if (word.equals("AND") || word.equals("OR") || word.equals("NOT")) out.append('\\');
                out.append(word);
            }
            return out.toString();
        }

        // The parsed query, or null (counted) if it fails or is empty.
        Query parse(String text, Tally tally) {
            Query q;
            try {
                q = parser.parse(words(text));
            } catch (ParseException | BooleanQuery.TooManyClauses e) {
                ++tally.parseErrors;
                ++tally.failed;
                return null;
            }
            if (q == null || (q instanceof BooleanQuery && ((BooleanQuery) q).clauses().isEmpty())) {
                ++tally.failed;
                return null;
            }
            return q;
        }

        // Runs one query; the hits (with their stored ids), or null.
        String[] run(String text, Tally tally, float[] scores) throws IOException {
            Query q = parse(text, tally);
            if (q == null) return null;
            TopDocs top = searcher.search(q, limit);
            String[] ids = new String[top.scoreDocs.length];
            for (int i = 0; i < ids.length; ++i) {
                ScoreDoc hit = top.scoreDocs[i];
                ids[i] = searcher.doc(hit.doc).get("id");
                if (scores != null) scores[i] = hit.score;
            }
            tally.hits += ids.length;
            return ids;
        }
    }

    static List<String> readQueries(String path) throws IOException {
        List<String> out = new ArrayList<>();
        try (BufferedReader in = new BufferedReader(
                     new InputStreamReader(new FileInputStream(path), StandardCharsets.UTF_8))) {
            for (String line; (line = in.readLine()) != null;) {
                int tab = line.indexOf('\t');
                if (tab >= 0) line = line.substring(tab + 1);
                if (!line.replace('\r', ' ').trim().isEmpty()) out.add(line);
            }
        }
        if (out.isEmpty()) throw new IOException("no queries in " + path);
        return out;
    }

    // Runs all queries `passes` times over the engines; returns wall seconds.
    static double runAll(List<Engine> engines, List<String> queries, int passes,
                         List<Tally> tallies) throws Exception {
        AtomicInteger next = new AtomicInteger();
        int total = queries.size() * passes;
        AtomicReference<Throwable> failure = new AtomicReference<>();
        long start = System.nanoTime();
        List<Thread> threads = new ArrayList<>();
        for (int t = 0; t < engines.size(); ++t) {
            Engine engine = engines.get(t);
            Tally tally = tallies.get(t);
            Thread thread = new Thread(() -> {
                try {
                    for (int i; (i = next.getAndIncrement()) < total;) {
                        long begin = System.nanoTime();
                        engine.run(queries.get(i % queries.size()), tally, null);
                        tally.millis.add((System.nanoTime() - begin) / 1e6);
                    }
                } catch (Throwable e) {
                    failure.compareAndSet(null, e);
                }
            });
            thread.start();
            threads.add(thread);
        }
        for (Thread thread : threads) thread.join();
        double wall = (System.nanoTime() - start) / 1e9;
        if (failure.get() != null) throw new RuntimeException(failure.get());
        return wall;
    }

    static double percentile(List<Double> sorted, double p) {
        if (sorted.isEmpty()) return 0;
        double rank = p / 100 * (sorted.size() - 1);
        int low = (int) rank;
        int high = Math.min(low + 1, sorted.size() - 1);
        return sorted.get(low) + (sorted.get(high) - sorted.get(low)) * (rank - low);
    }

    static void query(List<String> args) throws Exception {
        int threads = Integer.parseInt(option(args, "--threads", "1"));
        int warmup = Integer.parseInt(option(args, "--warmup", "1"));
        String trec = option(args, "--trec", null);
        String label = option(args, "--label", null);
        if (args.size() != 4) usage();
        File dir = new File(args.get(0));
        List<String> queries = readQueries(args.get(1));
        int limit = Integer.parseInt(args.get(2));
        int passes = Integer.parseInt(args.get(3));
        if (threads < 1 || limit < 1 || passes < 1 || warmup < 0) usage();
        if (label == null) label = "lucene threads=" + threads;

        try (FSDirectory directory = FSDirectory.open(dir);
             DirectoryReader reader = DirectoryReader.open(directory)) {
            IndexSearcher searcher = new IndexSearcher(reader);
            searcher.setSimilarity(new BM25Similarity(K1, B));
            List<Engine> engines = new ArrayList<>();
            for (int t = 0; t < threads; ++t) engines.add(new Engine(searcher, limit));
            if (warmup > 0) {
                List<Tally> ignored = new ArrayList<>();
                for (int t = 0; t < threads; ++t) ignored.add(new Tally());
                runAll(engines, queries, warmup, ignored);
            }
            List<Tally> tallies = new ArrayList<>();
            for (int t = 0; t < threads; ++t) tallies.add(new Tally());
            double wall = runAll(engines, queries, passes, tallies);
            Tally all = new Tally();
            for (Tally t : tallies) {
                all.millis.addAll(t.millis);
                all.hits += t.hits;
                all.failed += t.failed;
                all.parseErrors += t.parseErrors;
            }
            Collections.sort(all.millis);
            double sum = 0;
            for (double m : all.millis) sum += m;
            System.out.printf(Locale.ROOT,
                    "{\"label\":%s,\"engine\":\"lucene\",\"threads\":%d,\"snippets\":false,"
                            + "\"queries\":%d,\"failed\":%d,\"parse_errors\":%d,\"hits\":%d,"
                            + "\"p50_ms\":%.6f,\"p95_ms\":%.6f,\"p99_ms\":%.6f,\"mean_ms\":%.6f,"
                            + "\"qps\":%.3f}%n",
                    Json.quote(label), threads, all.millis.size(), all.failed, all.parseErrors,
                    all.hits, percentile(all.millis, 50), percentile(all.millis, 95),
                    percentile(all.millis, 99), sum / all.millis.size(), all.millis.size() / wall);
            if (trec != null) writeTrec(engines.get(0), queries, trec);
        }
    }

    static void writeTrec(Engine engine, List<String> queries, String path) throws IOException {
        Tally tally = new Tally();
        float[] scores = new float[engine.limit];
        try (Writer out = new BufferedWriter(
                     new OutputStreamWriter(new FileOutputStream(path), StandardCharsets.UTF_8))) {
            for (int q = 0; q < queries.size(); ++q) {
                String[] ids = engine.run(queries.get(q), tally, scores);
                if (ids == null) continue;
                for (int i = 0; i < ids.length; ++i)
                    out.write(String.format(Locale.ROOT, "%d Q0 %s %d %.6f lucene%n", q + 1,
                            ids[i], i + 1, scores[i]));
            }
        }
    }

    // ---- JSON --------------------------------------------------------------

    // Just enough JSON for one article a line: the top-level object's strings,
    // numbers, booleans and nulls as text; nested arrays and objects skipped.
    static final class Json {
        private final String s;
        private int i;

        private Json(String s) { this.s = s; }

        static Map<String, String> object(String line) {
            Json p = new Json(line);
            Map<String, String> out = new HashMap<>();
            p.space();
            p.expect('{');
            p.space();
            if (p.peek() == '}') return out;
            while (true) {
                p.space();
                String key = p.string();
                p.space();
                p.expect(':');
                p.space();
                String value = p.value();
                if (value != null) out.put(key, value);
                p.space();
                char c = p.next();
                if (c == '}') return out;
                if (c != ',') throw p.error("expected , or }");
            }
        }

        static String quote(String text) {
            StringBuilder out = new StringBuilder("\"");
            for (char c : text.toCharArray()) {
                if (c == '"' || c == '\\') out.append('\\').append(c);
                else if (c < 0x20) out.append(String.format(Locale.ROOT, "\\u%04x", (int) c));
                else out.append(c);
            }
            return out.append('"').toString();
        }

        private IllegalArgumentException error(String what) {
            return new IllegalArgumentException("invalid JSON at character " + i + ": " + what);
        }

        private char peek() {
            if (i >= s.length()) throw error("unexpected end");
            return s.charAt(i);
        }

        private char next() {
            char c = peek();
            ++i;
            return c;
        }

        private void expect(char c) {
            if (next() != c) throw error("expected " + c);
        }

        private void space() {
            while (i < s.length() && Character.isWhitespace(s.charAt(i))) ++i;
        }

        // A scalar as text (null for JSON null, arrays and objects).
        private String value() {
            char c = peek();
            if (c == '"') return string();
            if (c == '{' || c == '[') {
                skipNested();
                return null;
            }
            int begin = i;
            while (i < s.length() && ",}] \t\r\n".indexOf(s.charAt(i)) < 0) ++i;
            String word = s.substring(begin, i);
            if (word.isEmpty()) throw error("expected a value");
            return word.equals("null") ? null : word;
        }

        private void skipNested() {
            int depth = 0;
            do {
                char c = peek();
                if (c == '"') {
                    string();
                    continue;
                }
                ++i;
                if (c == '{' || c == '[') ++depth;
                else if (c == '}' || c == ']') --depth;
            } while (depth > 0);
        }

        private String string() {
            expect('"');
            StringBuilder out = new StringBuilder();
            while (true) {
                char c = next();
                if (c == '"') return out.toString();
                if (c != '\\') {
                    out.append(c);
                    continue;
                }
                char e = next();
                switch (e) {
                    case 'n': out.append('\n'); break;
                    case 't': out.append('\t'); break;
                    case 'r': out.append('\r'); break;
                    case 'b': out.append('\b'); break;
                    case 'f': out.append('\f'); break;
                    case 'u':
                        if (i + 4 > s.length()) throw error("short \\u escape");
                        out.append((char) Integer.parseInt(s.substring(i, i + 4), 16));
                        i += 4;
                        break;
                    default: out.append(e);  // \" \\ \/
                }
            }
        }
    }
}
