package io.hashstream.bench.pdq;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.hashstream.index.HammingIndex;
import io.hashstream.index.MultiIndexHashIndex;
import io.hashstream.index.ScanIndex;
import io.hashstream.index.result.Matches;
import io.hashstream.pdq.PdqHash;
import io.hashstream.platform.MachineInfo;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * The PDQ side of the streaming job's match step, alone: one upload's eight rotation/flip queries
 * against a tenant's exact 256-bit index, with multi-index hashing (what the job's index promotes
 * to past 4,096 items) and with a plain scan, at PDQ's usual radius 31 and wider ones. Before any
 * timing, both indexes must return the same items for a sample of queries (exactness).
 *
 * <p>Data: uniformly random hashes with planted near-copies (a copy of an indexed hash with up to 24
 * bits flipped), so every query finds something. Real PDQ hashes are less uniform than random
 * ones, which makes multi-index hashing's buckets fuller: read the figures as a lower bound of its
 * cost.
 *
 * <p>Writes {@code benchmarks/results/pdq-index.json}: uploads per second (eight queries each) and
 * bytes per item for each size, radius and index. {@code --quick}: 100k items only.
 */
public final class PdqIndexBenchmark {
  private static final int WORDS = PdqHash.CODE_LENGTH.words();
  private static final int QUERIES = 200;

  private PdqIndexBenchmark() {}

  /** Runs the benchmark from the repository root. */
  public static void main(String[] args) throws Exception {
    boolean quick = List.of(args).contains("--quick");
    int[] sizes = quick ? new int[] {100_000} : new int[] {100_000, 1_000_000};
    int[] radii = {31, 40, 48};
    Throughput throughput = quick
        ? new Throughput(Duration.ofMillis(300), 1, 1)
        : new Throughput(Duration.ofSeconds(1), 1, 3);
    Map<String, Object> report = new LinkedHashMap<>();
    report.put("machine", MachineInfo.describe());
    report.put("date", Instant.now().toString());
    report.put("command", "PdqIndexBenchmark " + String.join(" ", args));
    Map<String, Object> results = new LinkedHashMap<>();
    for (int n : sizes) {
      SplittableRandom random = new SplittableRandom(n);
      long[] codes = random.longs((long) n * WORDS).toArray();
      long[] queries = queries(codes, n, random);
      MultiIndexHashIndex mih = new MultiIndexHashIndex(PdqHash.CODE_LENGTH);
      ScanIndex scan = new ScanIndex(PdqHash.CODE_LENGTH);
      for (int i = 0; i < n; i++) {
        mih.insert(i, codes, i * WORDS);
        scan.insert(i, codes, i * WORDS);
      }
      Map<String, Object> bySize = new LinkedHashMap<>();
      bySize.put("bytes_per_item_mih", (double) mih.estimatedFootprintBytes() / n);
      bySize.put("bytes_per_item_scan", (double) scan.estimatedFootprintBytes() / n);
      for (int radius : radii) {
        long hits = checkExact(mih, scan, queries, radius);
        double mihRate = throughput.perSecond(uploads(mih, queries, radius));
        double scanRate = throughput.perSecond(uploads(scan, queries, radius));
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("uploads_per_second_mih", Math.round(mihRate));
        r.put("uploads_per_second_scan", Math.round(scanRate));
        r.put("mih_over_scan", Math.round(mihRate / scanRate * 100) / 100.0);
        r.put("matches_per_upload", (double) hits / QUERIES);
        bySize.put("radius_" + radius, r);
        System.out.printf("n=%,d radius %d: MIH %,.0f uploads/s, scan %,.0f uploads/s (%.2fx)%n",
            n, radius, mihRate, scanRate, mihRate / scanRate);
      }
      results.put(Integer.toString(n), bySize);
    }
    report.put("results", results);
    Path out = Path.of("benchmarks", "results", quick ? "pdq-index-quick.json" : "pdq-index.json");
    Files.createDirectories(out.getParent());
    new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValue(out.toFile(), report);
    System.out.println("wrote " + out);
  }

  /**
   * {@link #QUERIES} uploads, eight hashes each: the first a planted near-copy of an indexed hash,
   * the other seven random (the variants of a photo rarely resemble anything).
   */
  private static long[] queries(long[] codes, int n, SplittableRandom random) {
    long[] q = new long[QUERIES * 8 * WORDS];
    for (int u = 0; u < QUERIES; u++) {
      int base = u * 8 * WORDS;
      System.arraycopy(codes, random.nextInt(n) * WORDS, q, base, WORDS);
      for (int f = random.nextInt(25); f > 0; f--) {
        int bit = random.nextInt(256);
        q[base + bit / 64] ^= 1L << (bit % 64);
      }
      for (int w = WORDS; w < 8 * WORDS; w++) {
        q[base + w] = random.nextLong();
      }
    }
    return q;
  }

  private static java.util.function.LongSupplier uploads(HammingIndex index, long[] q, int radius) {
    Matches matches = new Matches();
    int[] next = {0};
    return () -> {
      int u = next[0]++ % QUERIES;
      long found = 0;
      for (int v = 0; v < 8; v++) {
        matches.clear();
        index.rangeSearch(q, (u * 8 + v) * WORDS, radius, matches);
        found += matches.size();
      }
      return found;
    };
  }

  /** Both indexes return the same items for every query; the total number of matches. */
  private static long checkExact(HammingIndex a, HammingIndex b, long[] q, int radius) {
    long total = 0;
    Matches ma = new Matches();
    Matches mb = new Matches();
    for (int i = 0; i < QUERIES * 8; i++) {
      ma.clear();
      mb.clear();
      a.rangeSearch(q, i * WORDS, radius, ma);
      b.rangeSearch(q, i * WORDS, radius, mb);
      ma.sort();
      mb.sort();
      if (ma.size() != mb.size()) {
        throw new AssertionError("index answers differ at radius " + radius + ": " + ma.size()
            + " vs " + mb.size());
      }
      for (int k = 0; k < ma.size(); k++) {
        if (ma.id(k) != mb.id(k) || ma.distance(k) != mb.distance(k)) {
          throw new AssertionError("index answers differ at radius " + radius);
        }
      }
      total += ma.size();
    }
    return total;
  }
}
