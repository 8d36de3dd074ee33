package io.hashstream.bench.index;

import io.hashstream.bench.index.BenchmarkData.Impl;
import io.hashstream.bench.index.BenchmarkData.Shape;
import io.hashstream.bench.index.ShardingBenchmark.Form;
import io.hashstream.index.HammingIndex;
import io.hashstream.index.MultiIndexHashIndex;
import io.hashstream.index.result.MatchSink;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.ChainedOptionsBuilder;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;

/**
 * Runs the Hamming index benchmarks with modest settings (one fork per parameter set, 2 warm-up
 * and 3 to 5 measured one-second iterations; about eight minutes on 2 cores) and writes {@code
 * benchmarks/results/index.json}: the speedup of multi-index hashing over the scan measured in the
 * same run ({@code speedup_vs_scan.<n>.<radius>}: against the scan at the same radius; {@code
 * speedup_vs_median_scan}: against the median of the run's scan latencies for that n, since the
 * scan's cost does not depend on the radius and one noisy fork should not swing a ratio), bytes
 * per item, inserts per second, the sharding comparison, and the machine, date and command.
 *
 * <p>Run from the repository root: {@code java -Xmx8g -jar benchmarks/target/benchmarks.jar}
 * ({@code --quick}: a one-minute smoke run at small sizes, written to {@code
 * index-quick.json}). Timings are noisy on a shared 2-core machine; ratios taken within one run
 * are what to read.
 */
public final class IndexBenchmarkRunner {
  private static final int[] SIZES = {1_000_000, 10_000_000};
  private static final int[] RADII = {0, 2, 4, 8, 12};
  private static final int[] SHARD_KEYS = {2, 16};

  /**
   * Fork JVM flags: room for 10M items, and transparent huge pages (the heap is madvised; the
   * kernel here runs THP in madvise mode), which spares probing most of its TLB misses. Scan and
   * MIH run with the same flags; TaskManagers should too ({@code env.java.opts.taskmanager}).
   */
  private static final String[] FORK_JVM_ARGS = {"-Xmx6g", "-XX:+UseTransparentHugePages"};

  private final boolean quick;
  private final Map<String, Object> results = new LinkedHashMap<>();
  private final List<String> report = new ArrayList<>();

  private IndexBenchmarkRunner(boolean quick) {
    this.quick = quick;
  }

  /** Runs everything and writes the results file. */
  public static void main(String[] args) throws RunnerException, IOException {
    boolean quick = List.of(args).contains("--quick");
    IndexBenchmarkRunner runner = new IndexBenchmarkRunner(quick);
    runner.run();
    Path out = Path.of("benchmarks", "results", quick ? "index-quick.json" : "index.json");
    Files.createDirectories(out.getParent());
    Files.writeString(out, runner.json(), StandardCharsets.UTF_8);
    System.out.println("wrote " + out.toAbsolutePath());
    runner.report.forEach(System.out::println);
  }

  private void run() throws RunnerException {
    ZonedDateTime started = ZonedDateTime.now(Clock.systemUTC());
    results.put("machine", machine());
    results.put("date", started.format(DateTimeFormatter.ISO_OFFSET_DATE_TIME));
    results.put("command", ProcessHandle.current().info().commandLine().orElse("unknown"));
    results.put("code_bits", BenchmarkData.LENGTH.bits());
    results.put("queries", "1024 per data set: even ones a stored code with 0-8 bits flipped, odd ones uniform");

    String[] sizes = quick ? new String[] {"100000"} : strings(SIZES);
    String[] radii = strings(RADII);
    rangeSearch("", Shape.UNIFORM, sizes, radii);
    rangeSearch("clustered.", Shape.CLUSTERED, new String[] {sizes[0]}, radii);
    inserts();
    sharding(quick ? "100000" : "10000000");
    memory(quick ? new int[] {100_000} : SIZES);
    streamedInserts(quick ? 200_000 : 10_000_000);
    results.put(
        "wall_seconds",
        java.time.Duration.between(started, ZonedDateTime.now(Clock.systemUTC())).toSeconds());
  }

  private ChainedOptionsBuilder options(Class<?> benchmark) {
    return new OptionsBuilder()
        .include(benchmark.getName() + "\\.")
        .forks(1)
        .jvmArgsAppend(FORK_JVM_ARGS)
        .warmupIterations(quick ? 1 : 2)
        .warmupTime(TimeValue.seconds(1))
        .measurementIterations(quick ? 1 : 3)
        .measurementTime(TimeValue.seconds(1));
  }

  /** Scan and MIH latency per (n, radius); the speedup is their ratio. */
  private void rangeSearch(String prefix, Shape shape, String[] sizes, String[] radii)
      throws RunnerException {
    Collection<RunResult> runs =
        new Runner(
                options(RangeSearchBenchmark.class)
                    .measurementIterations(quick ? 1 : 5)
                    .param("n", sizes)
                    .param("radius", radii)
                    .param("shape", shape.name())
                    .build())
            .run();
    Map<String, Double> micros = new LinkedHashMap<>();
    for (RunResult run : runs) {
      String key =
          run.getParams().getParam("impl") + "." + run.getParams().getParam("n") + "."
              + run.getParams().getParam("radius");
      micros.put(key, run.getPrimaryResult().getScore());
    }
    report.add("");
    report.add("range search, " + shape.name().toLowerCase(Locale.ROOT) + " codes (us per query):");
    report.add("| n | radius | scan | MIH | speedup (same radius) | speedup (median scan) |");
    report.add("| ---: | ---: | ---: | ---: | ---: | ---: |");
    for (String n : sizes) {
      double[] scans = new double[radii.length];
      for (int r = 0; r < radii.length; r++) {
        scans[r] = micros.get(Impl.SCAN + "." + n + "." + radii[r]);
      }
      java.util.Arrays.sort(scans);
      double medianScan = scans[scans.length / 2];
      results.put(prefix + "latency_us.scan_median." + n, round(medianScan, 2));
      for (String radius : radii) {
        double scan = micros.get(Impl.SCAN + "." + n + "." + radius);
        double mih = micros.get(Impl.MIH + "." + n + "." + radius);
        results.put(prefix + "speedup_vs_scan." + n + "." + radius, round(scan / mih, 1));
        results.put(prefix + "speedup_vs_median_scan." + n + "." + radius, round(medianScan / mih, 1));
        results.put(prefix + "latency_us.scan." + n + "." + radius, round(scan, 2));
        results.put(prefix + "latency_us.mih." + n + "." + radius, round(mih, 2));
        report.add(String.format(Locale.ROOT, "| %s | %s | %.1f | %.2f | %.1fx | %.1fx |", n, radius, scan, mih, scan / mih, medianScan / mih));
      }
    }
  }

  /** Streaming inserts into an empty index (JMH, single-shot). */
  private void inserts() throws RunnerException {
    String n = quick ? "200000" : "1000000";
    RunResult run =
        new Runner(
                options(InsertBenchmark.class)
                    .param("n", n)
                    .warmupIterations(1)
                    .measurementIterations(quick ? 1 : 3)
                    .build())
            .runSingle();
    double millis = run.getPrimaryResult().getScore();
    double perSecond = Integer.parseInt(n) / (millis / 1000);
    results.put("inserts_per_second", Math.round(perSecond));
    results.put("inserts_per_second_note", "streaming single inserts into an empty index up to " + n + " items, merges included (JMH single-shot, mean of measured runs)");
    report.add("");
    report.add(String.format(Locale.ROOT, "inserts: %,.0f per second (%s single inserts in %.0f ms)", perSecond, n, millis));
  }

  /** The two sharding forms: query time (JMH), keys touched, keys per insert, bytes per item. */
  private void sharding(String n) throws RunnerException {
    Collection<RunResult> runs =
        new Runner(options(ShardingBenchmark.class).param("n", n).param("keys", strings(SHARD_KEYS)).build()).run();
    report.add("");
    report.add("sharding, uniform codes, n=" + n + " (one query's total work over every key it touches):");
    report.add("| form | keys asked | keys made | radius | us per query | keys touched | keys per insert | bytes per item |");
    report.add("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |");
    Map<String, double[]> shape = new LinkedHashMap<>();
    BenchmarkData data = BenchmarkData.generate(Shape.UNIFORM, Integer.parseInt(n));
    for (int keys : SHARD_KEYS) {
      for (Form form : Form.values()) {
        ShardedForm sharded = form.build(data, keys);
        String prefix = "sharding." + form + "." + keys + "_keys.";
        double bytes = (double) sharded.footprintBytes() / data.n;
        results.put(prefix + "bytes_per_item", round(bytes, 1));
        results.put(prefix + "keys_per_insert", sharded.keysPerInsert());
        results.put(prefix + "keys_made", sharded.keyCount());
        for (int radius : RADII) {
          long touched = 0;
          MatchSink ignore = (id, d) -> {};
          for (int q = 0; q < BenchmarkData.QUERIES; q++) {
            touched += sharded.rangeSearch(data.queries[q], radius, ignore);
          }
          double mean = (double) touched / BenchmarkData.QUERIES;
          results.put(prefix + "keys_touched." + radius, round(mean, 1));
          shape.put(form + "." + keys + "." + radius, new double[] {mean, sharded.keysPerInsert(), bytes, sharded.keyCount()});
        }
      }
    }
    for (RunResult run : runs) {
      String form = run.getParams().getParam("form");
      String keys = run.getParams().getParam("keys");
      String radius = run.getParams().getParam("radius");
      double micros = run.getPrimaryResult().getScore();
      results.put("sharding." + form + "." + keys + "_keys.latency_us." + radius, round(micros, 1));
      double[] s = shape.get(form + "." + keys + "." + radius);
      report.add(String.format(Locale.ROOT, "| %s | %s | %.0f | %s | %.1f | %.1f | %.0f | %.1f |", form, keys, s[3], radius, micros, s[0], s[1], s[2]));
    }
  }

  /** Bytes per item of a bulk-loaded index: the index's estimate and the heap it really took. */
  private void memory(int[] sizes) {
    report.add("");
    report.add("memory (bulk-loaded multi-index hash index, 64-bit codes, item = code + id):");
    for (int n : sizes) {
      BenchmarkData data = BenchmarkData.generate(Shape.UNIFORM, n);
      long before = usedHeapAfterGc();
      HammingIndex index = Impl.MIH.build(data);
      long after = usedHeapAfterGc();
      double measured = (double) (after - before) / n;
      double estimated = (double) index.estimatedFootprintBytes() / n;
      results.put("bytes_per_item." + n + ".measured", round(measured, 2));
      results.put("bytes_per_item." + n + ".estimated", round(estimated, 2));
      if (n == sizes[sizes.length - 1]) {
        results.put("bytes_per_item", round(measured, 2));
      }
      MultiIndexHashIndex mih = (MultiIndexHashIndex) index;
      results.put("substring_count." + n, mih.substringCount());
      results.put("scan_fallback_radius." + n, mih.scanFallbackRadius());
      report.add(String.format(Locale.ROOT, "n=%d: %.2f bytes/item measured on the heap, %.2f estimated; m=%d, scan fallback from radius %d", n, measured, estimated, mih.substringCount(), mih.scanFallbackRadius()));
    }
  }

  /** One timed pass of single inserts up to {@code n}: the big merges are in this one. */
  private void streamedInserts(int n) {
    BenchmarkData data = BenchmarkData.generate(Shape.UNIFORM, n);
    MultiIndexHashIndex index = new MultiIndexHashIndex(BenchmarkData.LENGTH);
    long start = System.nanoTime();
    for (int i = 0; i < n; i++) {
      index.insert(data.ids[i], data.codes, i);
    }
    double seconds = (System.nanoTime() - start) / 1e9;
    results.put("inserts_per_second_streamed." + n, Math.round(n / seconds));
    results.put("bytes_per_item_streamed." + n, round((double) index.estimatedFootprintBytes() / n, 2));
    results.put("segments_streamed." + n, index.segmentCount());
    report.add(String.format(Locale.ROOT, "streamed %,d single inserts: %,.0f per second, %d segments, %.2f bytes/item (estimate)", n, n / seconds, index.segmentCount(), (double) index.estimatedFootprintBytes() / n));
  }

  private static long usedHeapAfterGc() {
    for (int i = 0; i < 4; i++) {
      System.gc();
    }
    return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
  }

  private static String machine() {
    String cpu = "unknown CPU";
    long memKb = 0;
    try {
      for (String line : Files.readAllLines(Path.of("/proc/cpuinfo"))) {
        if (line.startsWith("model name")) {
          cpu = line.substring(line.indexOf(':') + 1).trim();
          break;
        }
      }
      for (String line : Files.readAllLines(Path.of("/proc/meminfo"))) {
        if (line.startsWith("MemTotal:")) {
          memKb = Long.parseLong(line.replaceAll("[^0-9]", ""));
        }
      }
    } catch (IOException | RuntimeException e) {
      cpu = cpu + " (" + e.getMessage() + ")";
    }
    return String.format(Locale.ROOT, "nproc %d, %s, %d GiB RAM, %s %s",
        Runtime.getRuntime().availableProcessors(), cpu,
        Math.round(memKb / 1024.0 / 1024.0), System.getProperty("java.vm.name"),
        System.getProperty("java.version"));
  }

  private static String[] strings(int[] values) {
    String[] out = new String[values.length];
    for (int i = 0; i < values.length; i++) {
      out[i] = Integer.toString(values[i]);
    }
    return out;
  }

  private static double round(double value, int digits) {
    double scale = Math.pow(10, digits);
    return Math.round(value * scale) / scale;
  }

  private String json() {
    StringBuilder out = new StringBuilder("{\n");
    int i = 0;
    for (Map.Entry<String, Object> entry : results.entrySet()) {
      out.append("  ").append(quote(entry.getKey())).append(": ");
      Object value = entry.getValue();
      out.append(value instanceof String ? quote((String) value) : String.valueOf(value));
      out.append(++i < results.size() ? ",\n" : "\n");
    }
    return out.append("}\n").toString();
  }

  private static String quote(String s) {
    return "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
  }
}
