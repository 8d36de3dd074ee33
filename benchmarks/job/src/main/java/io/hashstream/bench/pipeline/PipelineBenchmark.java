package io.hashstream.bench.pipeline;

import io.hashstream.encoder.BundledEncoder;
import io.hashstream.inference.InferenceFixtures;
import io.hashstream.model.HashCoderSession;
import io.hashstream.model.ModelArtifact;
import io.hashstream.demo.DemoPhotos;
import io.hashstream.flink.model.LoadedModel;
import io.hashstream.flink.model.ModelCatalog;
import io.hashstream.flink.model.ModelReference;
import io.hashstream.image.CopyTransform;
import io.hashstream.image.ImageDecoder;
import io.hashstream.image.ImageFileWriter;
import io.hashstream.image.RgbImage;
import io.hashstream.inference.DefaultModel;
import io.hashstream.model.ModelArtifact;
import io.hashstream.platform.EmbeddedPlatform;
import io.hashstream.platform.MachineInfo;
import io.hashstream.platform.PlatformConfig;
import io.hashstream.schemas.ImageEvent;
import io.hashstream.schemas.ModelUpdate;
import io.hashstream.schemas.NearDuplicate;
import io.hashstream.schemas.SwapStage;
import io.hashstream.schemas.registry.RegistryAvroCodec;
import java.lang.management.ManagementFactory;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import org.apache.flink.metrics.Gauge;
import org.apache.flink.metrics.Histogram;
import org.apache.flink.util.TimeUtils;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code ./hashstream bench-pipeline}: the streaming job's throughput, latency, freshness and
 * hot-swap time, end to end on this machine: the embedded Kafka broker and schema registry, the
 * real job ({@code HashstreamJob}, settings as shipped) on a local MiniCluster, uploads made from
 * the demo photos' real embeddings and JPEGs. Writes {@code benchmarks/results/pipeline.json}
 * (after every phase, so a long run that stops early keeps what it measured).
 *
 * <ol>
 *   <li><b>coder</b>: the HashCoder alone ({@code LoadedModel.codes}, batches of 256), one and two
 *       calling threads: the ceiling of every embedding path below.
 *   <li><b>embeddings</b>: {@code --events} uploads with precomputed embeddings are written to
 *       {@code images} first, then the job starts; the rate is the hash codes committed between
 *       the first visible output and the last (start-up excluded), read by a read_committed
 *       consumer of {@code hash-codes}.
 *   <li><b>swap</b>: with {@code --swap-items} items indexed (the embeddings run's job goes on when
 *       its items fit, more uploads are streamed in to reach each size), a {@code PREPARE} of a
 *       second model (the default with its output bits permuted) is published on the control topic;
 *       the time is until the job's {@code ACTIVATE} for it is readable there.
 *   <li><b>images</b>: the same as embeddings with {@code --images} JPEG uploads (the demo photos
 *       and cheap variants): the image encoder's rate.
 *   <li><b>latency</b>: for each of {@code --latency-intervals} (checkpoint intervals), a fresh job
 *       gets uploads at a fixed rate (default: half the embeddings rate measured above), with
 *       {@code --duplicate-fraction} of them near-copies (tiny noise) of uploads sent 3 to 10 s
 *       before; per planted alert, latency = the time a read_committed consumer receives it minus
 *       the upload's send time ({@code queryUploadedAt}). Freshness (send to indexed, from which
 *       moment a duplicate is matched) comes from the match operator's own {@code freshnessMillis}
 *       histogram, read in this JVM through a metric reporter.
 * </ol>
 */
@Command(
    name = "bench-pipeline",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    description = {
      "Measures the streaming job end to end on the embedded platform and a local MiniCluster: "
          + "events/s with embeddings and with images, upload-to-alert latency and freshness at a "
          + "fixed rate, hot-swap time with N items indexed, and the HashCoder's raw rate. Writes "
          + "a JSON report (after every phase).",
      ""
    })
public final class PipelineBenchmark implements Callable<Integer> {
  private static final List<String> ALL_PHASES = List.of("coder", "embeddings", "baseline", "swap", "images", "latency", "idle");

  @Option(names = "--events", description = "uploads with embeddings for the throughput run (default: ${DEFAULT-VALUE})")
  long events = 100_000;

  @Option(names = "--images", description = "uploads with JPEG bytes for the image run (default: ${DEFAULT-VALUE})")
  int images = 400;

  @Option(names = "--swap-items", split = ",",
      description = "items indexed when each hot swap starts, comma-separated (default: 100000,1000000)")
  List<Long> swapItems = new ArrayList<>(List.of(100_000L, 1_000_000L));

  @Option(names = "--latency-intervals", split = ",",
      description = "checkpoint intervals to measure latency at (default: 500ms,100ms; 500ms is the job's default)")
  List<String> latencyIntervals = new ArrayList<>(List.of("500ms", "100ms"));

  @Option(names = "--latency-rate",
      description = "uploads/s during the latency runs; 0 = half the embeddings rate measured in this run (default: ${DEFAULT-VALUE})")
  double latencyRate = 0;

  @Option(names = "--latency-seconds", description = "measured seconds per latency run (default: ${DEFAULT-VALUE})")
  int latencySeconds = 30;

  @Option(names = "--latency-warmup", description = "seconds at the same rate before measuring (default: ${DEFAULT-VALUE})")
  int latencyWarmup = 10;

  @Option(names = "--idle-warmup", description = "idle phase: seconds the job runs before it is measured, for the JIT to settle (default: ${DEFAULT-VALUE})")
  int idleWarmup = 600;

  @Option(names = "--idle-seconds", description = "idle phase: measured seconds (default: ${DEFAULT-VALUE})")
  int idleSeconds = 120;

  @Option(names = "--duplicate-fraction", description = "share of latency-run uploads that are planted near-copies (default: ${DEFAULT-VALUE})")
  double duplicateFraction = 0.05;

  @Option(names = "--tenants", description = "tenants, spread evenly over the match subtasks (default: ${DEFAULT-VALUE})")
  int tenants = 4;

  @Option(names = "--parallelism", description = "job.parallelism (default: ${DEFAULT-VALUE}, the job's default)")
  int parallelism = 2;

  @Option(names = "--coder-hidden-widths", split = ",",
      description = "coder phase: hidden widths h to time (random weights, d = 1792, 64 bits) (default: ${DEFAULT-VALUE})")
  List<Integer> coderHiddenWidths = new ArrayList<>(List.of(1792, 1024, 768, 512, 384, 256, 128));

  @Option(names = "--coder-seconds", description = "seconds per HashCoder measurement (default: ${DEFAULT-VALUE})")
  int coderSeconds = 5;

  @Option(names = "--phases", split = ",",
      description = "phases to run, comma-separated, of: coder, embeddings, baseline (embeddings with checkpoint.changelog=false), swap, images, latency, idle (the job alone in its own JVM, doing nothing) (default: all)")
  List<String> phases = new ArrayList<>(ALL_PHASES);

  @Option(names = "--job", paramLabel = "KEY=VALUE",
      description = "a job setting (hashstream-job.properties key) for every job run, e.g. --job inference.batch.max-embeddings=512; repeatable")
  Map<String, String> jobOverrides = new LinkedHashMap<>();

  @Option(names = "--flink", paramLabel = "KEY=VALUE",
      description = "a Flink configuration option on top of HashstreamJob.flinkConfiguration, e.g. --flink taskmanager.memory.managed.size=1g; repeatable")
  Map<String, String> flinkOverrides = new LinkedHashMap<>();

  @Option(names = "--seed", description = "seed of the synthetic uploads (default: ${DEFAULT-VALUE})")
  long seed = 42;

  @Option(names = "--timeout-minutes", description = "longest wait for any one step (default: ${DEFAULT-VALUE})")
  int timeoutMinutes = 30;

  @Option(names = "--swap-timeout-minutes",
      description = "longest wait for a swap's ACTIVATE; 0 = --timeout-minutes (default: ${DEFAULT-VALUE})")
  int swapTimeoutMinutes = 0;

  @Option(names = "--out", description = "report file (default: ${DEFAULT-VALUE})")
  Path out = Path.of("benchmarks/results/pipeline.json");

  private static String[] argv = new String[0];

  private final ProgressLog console = new ProgressLog();
  private final Map<String, Object> report = new LinkedHashMap<>();
  private final Map<String, Object> details = new LinkedHashMap<>();
  private List<String> tenantNames;
  private float[][] photoEmbeddings;
  private Path work;
  private double embeddingsRate = Double.NaN;
  private SwapJob carried; // the embeddings run's job, handed to the swap phase

  public static void main(String[] args) {
    System.setProperty("java.awt.headless", "true");
    argv = args.clone();
    System.exit(new CommandLine(new PipelineBenchmark()).execute(args));
  }

  @Override
  public Integer call() throws Exception {
    validate();
    tenantNames = Tenants.balanced(tenants, parallelism);
    report.put("benchmark", "pipeline");
    report.put("date", Instant.now().toString());
    report.put("command", ("./hashstream bench-pipeline " + String.join(" ", argv)).trim());
    report.put("machine", MachineInfo.describe());
    report.put("settings", settings());
    // headline figures first, in a fixed order; filled in as phases finish
    report.put("events_per_second_embeddings", null);
    report.put("events_per_second_images", null);
    report.put("latency_ms_p50", null);
    report.put("latency_ms_p99", null);
    report.put("latency_checkpoint_interval", null);
    for (String iv : latencyIntervals) {
      report.put("latency_ms_p50_checkpoint_" + iv, null);
      report.put("latency_ms_p99_checkpoint_" + iv, null);
    }
    report.put("freshness_ms_p99", null);
    for (long size : swapItems) {
      report.put("swap_seconds_" + sizeLabel(size), null);
    }
    report.put("hashcoder_embeddings_per_second", null);
    report.put("idle_cpu_cores", null);
    report.put("idle_log_lines", null);
    report.put("details", details);
    log("bench-pipeline: phases %s; heap max %,d MB; load average %s", phases,
        Runtime.getRuntime().maxMemory() >> 20, ((Map<?, ?>) report.get("machine")).get("load_average_1m_at_start"));
    if (Runtime.getRuntime().maxMemory() < (3L << 30)) {
      log("warning: max heap below 3 GB; set JAVA_OPTS=-Xmx6g if a large --swap-items run fails");
    }
    work = Files.createTempDirectory("hashstream-bench-pipeline-");
    try {
      photoEmbeddings = photoEmbeddings();
      phase("coder", this::coderPhase);
      boolean needsPlatform = phases.stream().anyMatch(p -> !p.equals("coder"));
      if (needsPlatform) {
        log("starting the embedded platform ...");
        try (EmbeddedPlatform platform = EmbeddedPlatform.start(PlatformConfig.ephemeral())) {
          log("platform up in %.1f s (Kafka %s)", platform.startupTime().toMillis() / 1000.0, platform.bootstrapServers());
          phase("embeddings", () -> embeddingsPhase(platform));
          phase("baseline", () -> baselinePhase(platform));
          phase("swap", () -> swapPhase(platform));
          if (carried != null) {
            carried.job.close();
            carried = null;
          }
          phase("images", () -> imagesPhase(platform));
          phase("latency", () -> latencyPhases(platform));
          phase("idle", () -> idlePhase(platform));
        }
      }
    } finally {
      if (carried != null) {
        carried.job.close();
      }
      JobRun.deleteRecursively(work);
      report.put("run_seconds", JsonReport.round(elapsed(), 1));
      report.put("load_average_1m_at_end", ProgressLog.loadAverage());
      save();
    }
    log("wrote %s", out);
    return 0;
  }

  /**
   * Runs a phase if it was asked for. A phase that fails (a timeout, a job that failed) is recorded
   * under {@code errors} and the next phase still runs; its job is closed by the phase itself or,
   * for the swap phase's carried job, before the next phase.
   */
  private void phase(String name, Phases.Body body) throws Exception {
    if (!phases.contains(name)) {
      return;
    }
    if (!new Phases(phases, report, console).run(name, body) && name.equals("swap")
        && carried != null) {
      carried.job.close();
      carried = null;
    }
    save();
  }

  private void validate() {
    for (String p : phases) {
      if (!ALL_PHASES.contains(p)) {
        throw new CommandLine.ParameterException(new CommandLine(this), "unknown phase '" + p + "'; phases: " + ALL_PHASES);
      }
    }
    if (events < 1 || images < 1 || latencySeconds < 1 || latencyWarmup < 0 || coderSeconds < 1) {
      throw new CommandLine.ParameterException(new CommandLine(this), "counts and durations must be positive");
    }
    if (duplicateFraction < 0 || duplicateFraction > 0.5) {
      throw new CommandLine.ParameterException(new CommandLine(this), "--duplicate-fraction must be in 0..0.5");
    }
    swapItems.sort(Long::compare);
    for (String iv : latencyIntervals) {
      TimeUtils.parseDuration(iv);
    }
  }

  private Map<String, Object> settings() {
    Map<String, Object> s = new LinkedHashMap<>();
    s.put("phases", phases);
    s.put("events", events);
    s.put("images", images);
    s.put("swap_items", swapItems);
    s.put("latency_intervals", latencyIntervals);
    s.put("latency_rate", latencyRate == 0 ? "half of events_per_second_embeddings" : latencyRate);
    s.put("latency_seconds", latencySeconds);
    s.put("latency_warmup_seconds", latencyWarmup);
    s.put("duplicate_fraction", duplicateFraction);
    s.put("tenants", tenants);
    s.put("parallelism", parallelism);
    s.put("seed", seed);
    s.put("timeout_minutes", timeoutMinutes);
    s.put("swap_timeout_minutes", swapTimeoutMinutes > 0 ? swapTimeoutMinutes : timeoutMinutes);
    s.put("job_overrides", jobOverrides);
    s.put("flink_overrides", flinkOverrides);
    s.put("job_defaults", io.hashstream.flink.config.JobConfig.defaults().asMap().entrySet().stream()
        .filter(e -> e.getKey().startsWith("inference.") || e.getKey().startsWith("index.")
            || e.getKey().startsWith("checkpoint.interval") || e.getKey().startsWith("job."))
        .collect(TreeMap::new, (m, e) -> m.put(e.getKey(), e.getValue()), TreeMap::putAll));
    s.put("uploads", "embeddings: per-dimension mixtures of the 16 demo photos' real embeddings with a gain"
        + " e^U(-1.73,1.73) (SyntheticEmbeddings); images: the 16 demo JPEGs and 4 re-encoded variants of each");
    s.put("jvm_max_heap_mb", Runtime.getRuntime().maxMemory() >> 20);
    s.put("jvm_arguments", ManagementFactory.getRuntimeMXBean().getInputArguments());
    return s;
  }

  // ---------------------------------------------------------------------------------------------
  // coder

  private void coderPhase() throws Exception {
    log("coder: the HashCoder alone, batches of 256, %d s per measurement", coderSeconds);
    LoadedModel model = ModelCatalog.shared().acquire(
        ModelReference.ofDefault(), BundledEncoder.ENCODER_ID, BundledEncoder.EMBEDDING_SIZE);
    try {
      SyntheticEmbeddings gen = new SyntheticEmbeddings(photoEmbeddings, seed);
      float[][][] batches = new float[8][256][];
      for (float[][] b : batches) {
        for (int i = 0; i < b.length; i++) {
          b[i] = gen.next();
        }
      }
      coderRate(model, batches, 1, 2); // warm-up
      double one = coderRate(model, batches, 1, coderSeconds);
      log("  1 thread : %,.0f embeddings/s", one);
      double two = coderRate(model, batches, 2, coderSeconds);
      log("  2 threads: %,.0f embeddings/s (together)", two);
      Map<String, Object> r = new LinkedHashMap<>();
      r.put("model", model.version());
      r.put("batch", 256);
      r.put("one_thread_per_second", Math.round(one));
      r.put("two_threads_per_second", Math.round(two));
      r.put("macs_per_embedding", 1792L * 1792 + 1792L * 64);
      r.put("note", "LoadedModel.codes (post-processing + PyTorch, one intra-op thread per call as"
          + " ./hashstream sets it); the job runs every embedding batch on one batcher thread per JVM");
      details.put("hashcoder", r);
      report.put("hashcoder_embeddings_per_second", Math.round(one));
    } finally {
      ModelCatalog.shared().release(model.version());
    }
    details.put("hashcoder_by_hidden_width", coderByHiddenWidth());
  }

  /**
   * The HashCoder's cost against its hidden width h (random weights: the cost does not depend on
   * the values), one thread, in large batches (a saturated job) and in batches of 8 (about what
   * a job at a few hundred uploads per second gathers within inference.batch.max-wait).
   */
  private Map<String, Object> coderByHiddenWidth() {
    int d = BundledEncoder.EMBEDDING_SIZE;
    Map<String, Object> byWidth = new LinkedHashMap<>();
    SyntheticEmbeddings gen = new SyntheticEmbeddings(photoEmbeddings, seed);
    for (int h : coderHiddenWidths) {
      ModelArtifact model = InferenceFixtures.randomModel(BundledEncoder.ENCODER_ID, d, h, 64, "h" + h, h);
      Map<String, Object> r = new LinkedHashMap<>();
      r.put("macs_per_embedding", (long) d * h + 64L * h);
      try (HashCoderSession session = HashCoderSession.open(model)) {
        for (int batch : new int[] {256, 8}) {
          float[] rows = new float[batch * d];
          for (int i = 0; i < batch; i++) {
            System.arraycopy(gen.next(), 0, rows, i * d, d);
          }
          sessionRate(session, rows, batch, 1); // warm-up
          double rate = sessionRate(session, rows, batch, coderSeconds);
          r.put("batch_" + batch + "_per_second", Math.round(rate));
          log("  h=%d, batch %d: %,.0f embeddings/s", h, batch, rate);
        }
      }
      byWidth.put(String.valueOf(h), r);
    }
    return byWidth;
  }

  private static double sessionRate(HashCoderSession session, float[] rows, int batch, int seconds) {
    long done = 0;
    long start = System.nanoTime();
    long end = start + seconds * 1_000_000_000L;
    while (System.nanoTime() < end) {
      done += session.codes(rows, batch).length;
    }
    return done / ((System.nanoTime() - start) / 1e9);
  }

  private static double coderRate(LoadedModel model, float[][][] batches, int threads, int seconds)
      throws InterruptedException {
    AtomicLong rows = new AtomicLong();
    long end = System.nanoTime() + seconds * 1_000_000_000L;
    CountDownLatch done = new CountDownLatch(threads);
    long start = System.nanoTime();
    for (int t = 0; t < threads; t++) {
      int offset = t;
      Thread th = new Thread(() -> {
        try {
          for (int i = offset; System.nanoTime() < end; i++) {
            float[][] b = batches[i % batches.length];
            if (model.codes(b).length != b.length) {
              throw new IllegalStateException("wrong number of codes");
            }
            rows.addAndGet(b.length);
          }
        } finally {
          done.countDown();
        }
      }, "bench-coder-" + t);
      th.start();
    }
    done.await();
    return rows.get() / ((System.nanoTime() - start) / 1e9);
  }

  // ---------------------------------------------------------------------------------------------
  // embeddings

  /** A stream of uploads with embeddings, round-robin over the tenants. */
  private final class EmbeddingUploads {
    final SyntheticEmbeddings gen;
    final String prefix;
    long next;
    float[] first;

    EmbeddingUploads(String prefix, long seed) {
      this.gen = new SyntheticEmbeddings(photoEmbeddings, seed);
      this.prefix = prefix;
    }

    ImageEvent next() {
      long i = next++;
      float[] e = gen.next();
      if (first == null) {
        first = e;
      }
      return JobRun.uploadWithEmbedding(tenantNames.get((int) (i % tenantNames.size())), prefix + i, e);
    }
  }

  /** A job, its uploads so far and its hash-code watcher, carried from one phase to the next. */
  private record SwapJob(JobRun job, EmbeddingUploads uploads, TopicWatcher codes, long[] expectedCodes) {}

  private void embeddingsPhase(EmbeddedPlatform platform) throws Exception {
    log("embeddings: %,d uploads with precomputed 1792-d embeddings over %d tenants", events, tenants);
    JobRun job = newJob(platform, "emb", 20, Map.of());
    boolean keep = phases.contains("swap") && !swapItems.isEmpty() && events <= swapItems.get(0);
    try {
      EmbeddingUploads uploads = new EmbeddingUploads("e-", seed);
      double prefill = prefill(job, events, uploads::next);
      Backlog run = runBacklog(job, events);
      Map<String, Object> r = run.result;
      r.put("prefill_seconds", JsonReport.round(prefill, 1));
      r.put("prefill_events_per_second", Math.round(events / prefill));
      embeddingsRate = (double) r.get("rate_first_to_last");
      report.put("events_per_second_embeddings", Math.round(embeddingsRate));
      details.put("embeddings", r);
      log("embeddings: %,.0f events/s (first to last output; 10%%..90%%: %,.0f/s); %,d alerts",
          embeddingsRate, (double) r.get("rate_10_to_90_percent"), r.get("alerts"));
      if (keep) {
        carried = new SwapJob(job, uploads, run.codes, new long[] {events});
      }
    } finally {
      if (!keep) {
        job.close();
      }
    }
  }

  /**
   * The embeddings run again, in the same run and on the same uploads, with the settings before the
   * changelog state backend ({@code checkpoint.changelog=false}: RocksDB with incremental
   * checkpoints only), so the gain is a ratio measured under the same load, not across days.
   */
  private void baselinePhase(EmbeddedPlatform platform) throws Exception {
    log("baseline: the embeddings run with checkpoint.changelog=false");
    JobRun job = newJob(platform, "base", 20, Map.of("checkpoint.changelog", "false"));
    try {
      EmbeddingUploads uploads = new EmbeddingUploads("e-", seed);
      prefill(job, events, uploads::next);
      Map<String, Object> r = runBacklog(job, events).result;
      double rate = (double) r.get("rate_first_to_last");
      report.put("events_per_second_embeddings_baseline_changelog_off", Math.round(rate));
      if (embeddingsRate > 0) {
        report.put("events_per_second_embeddings_ratio_to_baseline", JsonReport.round(embeddingsRate / rate, 2));
      }
      details.put("baseline_changelog_off", r);
      log("baseline: %,.0f events/s with checkpoint.changelog=false", rate);
    } finally {
      job.close();
    }
  }

  /** Writes {@code n} uploads before the job starts; returns the seconds it took. */
  private double prefill(JobRun job, long n, java.util.function.Supplier<ImageEvent> next) {
    log("  writing %,d uploads to %s ...", n, job.config.topics().images());
    long start = System.nanoTime();
    long lastLog = start;
    for (long i = 0; i < n; i++) {
      job.send(next.get());
      if (System.nanoTime() - lastLog > 10_000_000_000L) {
        lastLog = System.nanoTime();
        log("  written %,d/%,d (%,.0f/s)", i + 1, n, (i + 1) / ((lastLog - start) / 1e9));
      }
    }
    job.flush();
    double seconds = (System.nanoTime() - start) / 1e9;
    log("  written %,d uploads in %.1f s (%,.0f/s)", n, seconds, n / seconds);
    return seconds;
  }

  private record Backlog(Map<String, Object> result, TopicWatcher codes) {}

  /**
   * Starts the job on a pre-filled topic and waits until {@code total} hash codes are committed;
   * the rates from the visible-output curve, plus where the time went.
   */
  private Backlog runBacklog(JobRun job, long total) throws Exception {
    TopicWatcher codes = job.watch(job.config.topics().hashCodes(), null);
    long submitted = System.nanoTime();
    job.start();
    log("  job submitted; waiting for its first committed output ...");
    await(() -> codes.count() > 0, "the first hash code", () -> "status " + statusOf(job));
    double startup = (codes.curve().firstNanos() - submitted) / 1e9;
    log("  first output %.1f s after submission (start-up, not counted)", startup);
    LoadSampler load = new LoadSampler();
    StackSampler stacks = new StackSampler("match");
    StackSampler sourceStacks = new StackSampler("Source: images");
    long[] last = {System.nanoTime(), codes.count()};
    await(() -> codes.count() >= total, total + " hash codes", () -> {
      long now = System.nanoTime();
      long c = codes.count();
      String line = String.format(Locale.ROOT, "%,d/%,d hash codes (%,.0f/s); %s", c, total,
          (c - last[1]) / ((now - last[0]) / 1e9), busyLine());
      last[0] = now;
      last[1] = c;
      return line;
    });
    load.close();
    stacks.close();
    sourceStacks.close();
    Map<String, Object> r = new LinkedHashMap<>(codes.curve().summary(total));
    r.put("startup_seconds_to_first_output", JsonReport.round(startup, 1));
    r.put("alerts", job.countNow(job.config.topics().nearDuplicates()));
    r.put("dead_letters", job.countNow(job.config.topics().deadLetters()));
    r.put("checkpoints", checkpointFigures());
    r.put("inference", inferenceFigures());
    r.put("load", load.result());
    r.put("match_thread_stacks_percent", stacks.top(12));
    r.put("source_thread_stacks_percent", sourceStacks.top(12));
    return new Backlog(r, codes);
  }

  // ---------------------------------------------------------------------------------------------
  // swap

  private void swapPhase(EmbeddedPlatform platform) throws Exception {
    if (swapItems.isEmpty()) {
      return;
    }
    log("swap: hot swaps with %s items indexed", swapItems);
    SwapJob state = carried;
    boolean own = state == null;
    if (own) {
      long first = swapItems.get(0);
      JobRun job = newJob(platform, "swap", 20, Map.of());
      EmbeddingUploads uploads = new EmbeddingUploads("e-", seed);
      prefill(job, first, uploads::next);
      Backlog run = runBacklog(job, first);
      state = new SwapJob(job, uploads, run.codes, new long[] {first});
      carried = state;
    }
    JobRun job = state.job;
    RegistryAvroCodec<ModelUpdate> updates = job.codec(ModelUpdate.class);
    Map<String, long[]> activated = new ConcurrentHashMap<>(); // version -> {received nanos, createdAt}
    job.watch(job.config.topics().control(), (r, t) -> {
      try {
        ModelUpdate u = updates.decode(r.value());
        if (u.getStage() == SwapStage.ACTIVATE) {
          activated.putIfAbsent(u.getVersion(), new long[] {System.nanoTime(), u.getCreatedAt().toEpochMilli()});
        }
      } catch (RuntimeException e) {
        // not ours to judge here (dead letters are the job's business)
      }
    });
    RegistryAvroCodec<NearDuplicate> alertCodec = job.codec(NearDuplicate.class);
    Map<String, String> probeAlerts = new ConcurrentHashMap<>(); // probe id -> model version
    // planted copies sent while a swap runs: id -> {latency ms, model version}
    Map<String, Object[]> duringSwap = new ConcurrentHashMap<>();
    job.watch(job.config.topics().nearDuplicates(), (r, t) -> {
      String key = new String(r.key(), StandardCharsets.UTF_8);
      if (key.contains("/swap-probe-")) {
        NearDuplicate a = alertCodec.decode(r.value());
        probeAlerts.put(a.getQueryId(), a.getModelVersion());
      } else if (key.contains("/swap-during-")) {
        NearDuplicate a = alertCodec.decode(r.value());
        duringSwap.putIfAbsent(a.getQueryId(), new Object[] {
            System.currentTimeMillis() - a.getQueryUploadedAt().toEpochMilli(), a.getModelVersion()});
      }
    });
    ModelArtifact base = DefaultModel.load();
    List<Map<String, Object>> results = new ArrayList<>();
    details.put("swap", results);
    long indexed = state.uploads.next;
    for (int k = 0; k < swapItems.size(); k++) {
      long size = swapItems.get(k);
      Map<String, Object> r = new LinkedHashMap<>();
      r.put("items", size);
      results.add(r); // kept, with what was measured, if a step below fails
      if (indexed < size) {
        long more = size - indexed;
        log("  streaming %,d more uploads into the running job to reach %,d items ...", more, size);
        long fillStart = System.nanoTime();
        long target = state.expectedCodes[0] + more;
        SwapJob s = state;
        Thread producer = new Thread(() -> {
          for (long i = 0; i < more; i++) {
            s.job.send(s.uploads.next());
          }
          s.job.flush();
        }, "bench-fill");
        producer.start();
        LoadSampler load = new LoadSampler();
        long[] last = {System.nanoTime(), state.codes.count()};
        await(() -> s.codes.count() >= target, "hash codes of the fill", () -> {
          long now = System.nanoTime();
          long c = s.codes.count();
          String line = String.format(Locale.ROOT, "%,d/%,d items indexed (%,.0f/s); %s",
              c - s.expectedCodes[0] + (size - more), size, (c - last[1]) / ((now - last[0]) / 1e9), busyLine());
          last[0] = now;
          last[1] = c;
          return line;
        });
        producer.join();
        load.close();
        double seconds = (System.nanoTime() - fillStart) / 1e9;
        state.expectedCodes[0] = target;
        indexed = size;
        r.put("fill_uploads", more);
        r.put("fill_seconds", JsonReport.round(seconds, 1));
        r.put("fill_events_per_second", Math.round(more / seconds));
        r.put("fill_note", "uploads produced by this JVM while the job consumed them (producer competes for the cores)");
        r.put("fill_load", load.result());
        r.put("fill_checkpoints", checkpointFigures());
        log("  %,d items indexed; fill ran at %,.0f uploads/s", size, more / seconds);
      }
      String version = "bench-permuted-" + job.run + "-" + (k + 1);
      Path artifactFile = job.dir().resolve(version + ".hsm");
      String sha = PermutedModel.of(base, version, seed + k).write(artifactFile);
      ModelUpdate prepare = ModelUpdate.newBuilder()
          .setVersion(version)
          .setBits(64)
          .setEncoderId(BundledEncoder.ENCODER_ID)
          .setEmbeddingSize(BundledEncoder.EMBEDDING_SIZE)
          .setArtifactUri(artifactFile.toUri().toString())
          .setArtifactSha256(sha)
          .setCreatedAt(Instant.now())
          .setCreatedBy("bench-pipeline")
          .setStage(SwapStage.PREPARE)
          .build();
      log("  PREPARE %s with %,d items indexed ...", version, indexed);
      LoadSampler load = new LoadSampler();
      long items = indexed;
      long t0 = System.nanoTime();
      job.sendControl(prepare);
      // while the swap runs, a planted copy of the first item every 500 ms: each must be alerted
      // (by the old version until ACTIVATE), and how fast shows whether the swap stalls matching
      SwapJob during = state;
      int round = k + 1;
      List<String> duringSent = Collections.synchronizedList(new ArrayList<>());
      Thread prober = new Thread(() -> {
        SplittableRandom jitter = new SplittableRandom(1000 + round);
        while (!activated.containsKey(version)) {
          String id = "swap-during-" + round + "-" + duringSent.size();
          during.job.send(JobRun.uploadWithEmbedding(tenantNames.get(0), id,
              SyntheticEmbeddings.jitter(during.uploads.first, 1e-3, jitter)));
          during.job.flush();
          duringSent.add(id);
          try {
            Thread.sleep(500);
          } catch (InterruptedException e) {
            return;
          }
        }
      }, "bench-swap-prober");
      prober.start();
      try {
        await(swapTimeoutMinutes > 0 ? swapTimeoutMinutes : timeoutMinutes,
            () -> activated.containsKey(version), "ACTIVATE " + version, () -> String.format(
            Locale.ROOT, "%,d/%,d items re-hashed; restarts %s; %s", gaugeSum("swapItemsRehashed"), items,
            checkpointFigures().get("numRestarts"), busyLine()));
      } catch (IllegalStateException e) {
        r.put("error", e.getMessage());
        r.put("items_rehashed_when_given_up", gaugeSum("swapItemsRehashed"));
        r.put("checkpoints", checkpointFigures());
        throw e;
      }
      prober.join();
      long[] a = activated.get(version);
      double seconds = (a[0] - t0) / 1e9;
      load.close();
      state.expectedCodes[0] += duringSent.size();
      await(() -> duringSwap.keySet().containsAll(duringSent), "the alerts of the uploads sent during the swap",
          () -> duringSwap.size() + "/" + duringSent.size() + " alerted");
      LongSamples duringLatency = new LongSamples();
      Map<String, Integer> duringVersions = new TreeMap<>();
      for (String id : duringSent) {
        Object[] alert = duringSwap.get(id);
        duringLatency.add((Long) alert[0]);
        duringVersions.merge((String) alert[1], 1, Integer::sum);
      }
      r.put("uploads_during_swap", duringSent.size());
      r.put("uploads_during_swap_alerted", duringSent.size());
      r.put("uploads_during_swap_alert_versions", duringVersions);
      r.put("uploads_during_swap_latency_ms", Percentiles.of(duringLatency.toArray()).summary());
      log("  ACTIVATE %s read %.1f s after the PREPARE was sent (%,d items)", version, seconds, indexed);
      r.put("model_version", version);
      r.put("swap_seconds", JsonReport.round(seconds, 2));
      r.put("job_side_seconds_prepare_created_to_activate_created",
          JsonReport.round((a[1] - prepare.getCreatedAt().toEpochMilli()) / 1000.0, 2));
      r.put("items_per_second", Math.round(indexed / seconds));
      r.put("checkpoints", checkpointFigures());
      r.put("load", load.result());
      report.put("swap_seconds_" + sizeLabel(size), JsonReport.round(seconds, 1));

      // every subtask answers with the new version, then a planted copy of the first item must
      // be alerted under it: the swapped index works
      await(() -> gaugeValues("modelVersion").stream().allMatch(version::equals),
          "every match subtask on " + version, () -> "model versions " + gaugeValues("modelVersion"));
      String probe = "swap-probe-" + (k + 1);
      job.send(JobRun.uploadWithEmbedding(tenantNames.get(0), probe,
          SyntheticEmbeddings.jitter(state.uploads.first, 1e-3, new SplittableRandom(k))));
      job.flush();
      state.expectedCodes[0] += 1;
      await(() -> probeAlerts.containsKey(probe), "the alert of " + probe, () -> "status " + statusOf(job));
      r.put("probe_alert_model_version", probeAlerts.get(probe));
      r.put("probe_alert_ok", version.equals(probeAlerts.get(probe)));
      SwapJob s = state;
      await(() -> s.codes.count() >= s.expectedCodes[0], "the probe's hash code", () -> "");
      indexed += 1;
      save();
    }
  }

  // ---------------------------------------------------------------------------------------------
  // images

  private void imagesPhase(EmbeddedPlatform platform) throws Exception {
    List<byte[]> variants = imageVariants();
    log("images: %,d uploads with JPEG bytes (%d distinct images)", images, variants.size());
    JobRun job = newJob(platform, "img", 20, Map.of());
    try {
      long[] i = {0};
      double prefill = prefill(job, images, () -> {
        long n = i[0]++;
        return base(tenantNames.get((int) (n % tenantNames.size())), "i-" + n)
            .setContentType("image/jpeg")
            .setImageBytes(ByteBuffer.wrap(variants.get((int) (n % variants.size()))))
            .build();
      });
      Map<String, Object> r = runBacklog(job, images).result;
      r.put("prefill_seconds", JsonReport.round(prefill, 1));
      r.put("distinct_images", variants.size());
      r.put("mean_jpeg_bytes", variants.stream().mapToInt(b -> b.length).sum() / variants.size());
      double rate = (double) r.get("rate_first_to_last");
      report.put("events_per_second_images", JsonReport.round(rate, 1));
      details.put("images", r);
      log("images: %.1f events/s (first to last output)", rate);
    } finally {
      job.close();
    }
  }

  /** The demo JPEGs and four cheap variants of each (flip, centre crop, grey, brighter; JPEG 0.9). */
  private static List<byte[]> imageVariants() throws Exception {
    List<byte[]> out = new ArrayList<>();
    ImageDecoder decoder = ImageDecoder.withDefaults();
    for (DemoPhotos.Photo p : DemoPhotos.load()) {
      out.add(p.bytes());
      RgbImage image = decoder.decode(p.bytes());
      for (CopyTransform t : List.of(CopyTransform.HORIZONTAL_FLIP, CopyTransform.CENTER_CROP,
          CopyTransform.GRAYSCALE, CopyTransform.BRIGHTNESS)) {
        out.add(ImageFileWriter.jpeg(t.apply(image), 0.9f));
      }
    }
    return out;
  }

  // ---------------------------------------------------------------------------------------------
  // latency and freshness

  private void latencyPhases(EmbeddedPlatform platform) throws Exception {
    double rate = latencyRate > 0 ? latencyRate : embeddingsRate / 2;
    if (!(rate > 0)) {
      log("latency: skipped: no --latency-rate and no embeddings rate measured in this run");
      return;
    }
    Map<String, Object> all = new LinkedHashMap<>();
    details.put("latency", all);
    String headline = latencyIntervals.stream()
        .filter(iv -> TimeUtils.parseDuration(iv).equals(io.hashstream.flink.config.JobConfig.defaults().checkpointInterval()))
        .findFirst().orElse(latencyIntervals.get(0));
    for (String iv : latencyIntervals) {
      Map<String, Object> r = latencyRun(platform, iv, rate);
      all.put("checkpoint_" + iv, r);
      @SuppressWarnings("unchecked")
      Map<String, Object> lat = (Map<String, Object>) r.get("latency_ms_planted");
      @SuppressWarnings("unchecked")
      Map<String, Object> fresh = (Map<String, Object>) r.get("freshness_ms");
      report.put("latency_ms_p50_checkpoint_" + iv, lat.get("p50"));
      report.put("latency_ms_p99_checkpoint_" + iv, lat.get("p99"));
      if (iv.equals(headline)) {
        report.put("latency_ms_p50", lat.get("p50"));
        report.put("latency_ms_p99", lat.get("p99"));
        report.put("latency_checkpoint_interval", iv);
        report.put("freshness_ms_p99", fresh.get("p99"));
      }
      save();
    }
  }

  private Map<String, Object> latencyRun(EmbeddedPlatform platform, String interval, double rate) throws Exception {
    log("latency: %,.0f uploads/s for %d s (+%d s warm-up), %.0f%% planted copies, checkpoint.interval=%s",
        rate, latencySeconds, latencyWarmup, duplicateFraction * 100, interval);
    long ms = TimeUtils.parseDuration(interval).toMillis();
    JobRun job = newJob(platform, "lat" + ms, 5, Map.of("checkpoint.interval", ms + "ms"));
    try {
      RegistryAvroCodec<NearDuplicate> codec = job.codec(NearDuplicate.class);
      // upload-time window measured, [from, to); read on the watcher's thread
      AtomicLongArray window = new AtomicLongArray(new long[] {Long.MAX_VALUE, Long.MAX_VALUE});
      AtomicLong measuredFromIndex = new AtomicLong(Long.MAX_VALUE); // first upload number measured
      LongSamples planted = new LongSamples();
      LongSamples allAlerts = new LongSamples();
      AtomicLong plantedSeenInWindow = new AtomicLong();
      AtomicLong plantedReversed = new AtomicLong();
      AtomicLong otherAlerts = new AtomicLong();
      Object lock = new Object();
      job.watch(job.config.topics().nearDuplicates(), (r, received) -> {
        NearDuplicate a = codec.decode(r.value());
        long up = a.getQueryUploadedAt().toEpochMilli();
        boolean isPlanted = a.getQueryId().startsWith("d-")
            && a.getMatchId().equals(a.getQueryId().substring(a.getQueryId().indexOf('~') + 1));
        // the copy reached the index before its original (the original was slower than its age):
        // the pair is alerted the other way round; it counts as found, not as a latency sample
        boolean isReversed = a.getMatchId().startsWith("d-")
            && a.getQueryId().equals(a.getMatchId().substring(a.getMatchId().indexOf('~') + 1));
        if (isReversed) {
          plantedReversed.incrementAndGet();
          long copySent = Long.parseLong(a.getMatchId().substring(2, a.getMatchId().indexOf('~')));
          if (copySent >= measuredFromIndex.get()) {
            plantedSeenInWindow.incrementAndGet();
          }
          return;
        }
        if (!isPlanted) {
          otherAlerts.incrementAndGet();
        }
        if (up >= window.get(0) && up < window.get(1)) {
          synchronized (lock) {
            allAlerts.add(received - up);
            if (isPlanted) {
              planted.add(received - up);
              plantedSeenInWindow.incrementAndGet();
            }
          }
        }
      }, 20);
      TopicWatcher codes = job.watch(job.config.topics().hashCodes(), null);
      job.start();
      log("  job submitted; sending probes until it answers ...");
      long probes = 0;
      long probeUntil = System.nanoTime() + Duration.ofMinutes(timeoutMinutes).toNanos();
      SyntheticEmbeddings gen = new SyntheticEmbeddings(photoEmbeddings, seed + ms);
      while (codes.count() == 0) {
        if (System.nanoTime() > probeUntil) {
          throw new IllegalStateException("the job never answered a probe");
        }
        job.send(JobRun.uploadWithEmbedding(tenantNames.get((int) (probes % tenantNames.size())), "probe-" + probes, gen.next()));
        job.flush();
        probes++;
        statusOf(job);
        Thread.sleep(200);
      }
      log("  the job answers; sending at %,.0f/s", rate);

      // the sender: fixed rate, a share of near-copies of uploads sent 3 to 10 s before
      int ring = 8192;
      float[][] ringEmb = new float[ring][];
      String[] ringId = new String[ring];
      String[] ringTenant = new String[ring];
      long[] ringNanos = new long[ring];
      int ringSize = 0;
      int ringNext = 0;
      SplittableRandom random = new SplittableRandom(seed ^ ms);
      long warmupNanos = latencyWarmup * 1_000_000_000L;
      long totalNanos = warmupNanos + latencySeconds * 1_000_000_000L;
      long sent = 0;
      long plantedSentInWindow = 0;
      long plantedSent = 0;
      long late = 0;
      long maxLagNanos = 0;
      FreshnessSampler freshness = null;
      LoadSampler load = null;
      StackSampler stacks = null;
      long start = System.nanoTime();
      long lastLog = start;
      long measuredFrom = 0;
      while (true) {
        long due = start + (long) (sent * 1e9 / rate);
        if (due - start >= totalNanos) {
          break;
        }
        long now = System.nanoTime();
        if (now < due) {
          LockSupport.parkNanos(due - now);
          now = System.nanoTime();
        } else {
          maxLagNanos = Math.max(maxLagNanos, now - due);
          if (now - due > 100_000_000L) {
            late++;
          }
        }
        boolean measuring = due - start >= warmupNanos;
        if (measuring && freshness == null) {
          window.set(0, System.currentTimeMillis());
          measuredFrom = sent;
          measuredFromIndex.set(sent);
          stacks = new StackSampler("match");
          freshness = new FreshnessSampler();
          load = new LoadSampler();
          log("  warm-up done; measuring %d s", latencySeconds);
        }
        String tenant = tenantNames.get((int) (sent % tenantNames.size()));
        ImageEvent event = null;
        if (ringSize > 0 && random.nextDouble() < duplicateFraction) {
          int pick = random.nextInt(ringSize);
          long age = now - ringNanos[pick];
          if (age >= 3_000_000_000L && age <= 10_000_000_000L) {
            event = JobRun.uploadWithEmbedding(ringTenant[pick], "d-" + sent + "~" + ringId[pick],
                SyntheticEmbeddings.jitter(ringEmb[pick], 1e-3, random));
            plantedSent++;
            if (measuring) {
              plantedSentInWindow++;
            }
          }
        }
        if (event == null) {
          float[] e = gen.next();
          String id = "u-" + sent;
          ringEmb[ringNext] = e;
          ringId[ringNext] = id;
          ringTenant[ringNext] = tenant;
          ringNanos[ringNext] = now;
          ringNext = (ringNext + 1) % ring;
          ringSize = Math.min(ring, ringSize + 1);
          event = JobRun.uploadWithEmbedding(tenant, id, e);
        }
        job.send(event); // uploadedAt is set in uploadWithEmbedding, right before the send
        sent++;
        if (now - lastLog > 5_000_000_000L) {
          lastLog = now;
          int n;
          synchronized (lock) {
            n = planted.size();
          }
          log("  sent %,d (%,.0f/s); planted alerts measured %,d; hash codes %,d; %s", sent,
              sent / ((now - start) / 1e9), n, codes.count(), busyLine());
        }
      }
      window.set(1, System.currentTimeMillis());
      double sendSeconds = (System.nanoTime() - start) / 1e9;
      job.flush();
      if (freshness != null) {
        freshness.close();
      }
      if (load != null) {
        load.close();
      }
      if (stacks != null) {
        stacks.close();
      }
      long expectedPlanted = plantedSentInWindow;
      long expectedCodes = probes + sent;
      log("  sending done: %,d uploads in %.1f s; waiting for the last alerts ...", sent, sendSeconds);
      long waitUntil = System.nanoTime() + 30_000_000_000L;
      while (System.nanoTime() < waitUntil
          && (plantedSeenInWindow.get() < expectedPlanted || codes.count() < expectedCodes)) {
        Thread.sleep(100);
      }
      Map<String, Object> r = new LinkedHashMap<>();
      r.put("checkpoint_interval", interval);
      r.put("rate_target", Math.round(rate));
      r.put("rate_achieved", Math.round(sent / sendSeconds));
      r.put("sends_over_100ms_late", late);
      r.put("max_send_lag_ms", maxLagNanos / 1_000_000);
      r.put("uploads_sent", sent);
      r.put("uploads_measured", sent - measuredFrom);
      r.put("planted_copies_sent", plantedSent);
      r.put("planted_copies_measured", expectedPlanted);
      r.put("planted_alerts_measured", plantedSeenInWindow.get());
      r.put("planted_alerts_reversed", plantedReversed.get());
      r.put("other_alerts", otherAlerts.get());
      r.put("hash_codes_missing_at_end", Math.max(0, expectedCodes - codes.count()));
      synchronized (lock) {
        r.put("latency_ms_planted", Percentiles.of(planted.toArray()).summary());
        r.put("latency_ms_all_alerts", Percentiles.of(allAlerts.toArray()).summary());
      }
      r.put("latency_definition", "read_committed consumer's receive time minus queryUploadedAt (the"
          + " producer's send time), per alert whose query was sent in the measured window");
      r.put("freshness_ms", freshness == null ? Map.of() : freshness.summary());
      r.put("freshness_definition", "match operator's freshnessMillis histogram: processing time when"
          + " the upload was indexed minus uploadedAt (send time); all values of the measured window"
          + " taken from the 1024-value sliding window per subtask");
      r.put("checkpoints", checkpointFigures());
      r.put("load", load == null ? Map.of() : load.result());
      r.put("match_thread_stacks_percent", stacks == null ? Map.of() : stacks.top(12));
      @SuppressWarnings("unchecked")
      Map<String, Object> lat = (Map<String, Object>) r.get("latency_ms_planted");
      @SuppressWarnings("unchecked")
      Map<String, Object> fr = (Map<String, Object>) r.get("freshness_ms");
      log("latency at checkpoint.interval=%s: p50 %s ms, p99 %s ms (%s planted alerts of %,d); freshness p50 %s ms, p99 %s ms",
          interval, lat.get("p50"), lat.get("p99"), lat.get("count"), expectedPlanted, fr.get("p50"), fr.get("p99"));
      return r;
    } finally {
      job.close();
    }
  }

  // ---------------------------------------------------------------------------------------------
  // idle

  /**
   * The job as {@code ./hashstream job} runs it, alone in its JVM, answering one upload and then
   * nothing for --idle-warmup seconds; then its CPU and log over --idle-seconds ({@link IdleJob}).
   */
  private void idlePhase(EmbeddedPlatform platform) throws Exception {
    JobRun run = newJob(platform, "idle", 5, Map.of());
    try (run; IdleJob job = IdleJob.start(run.config.asMap(), work.resolve(run.run + ".log"), "2g")) {
      log("idle: the job in its own JVM; sending a probe until it answers ...");
      TopicWatcher codes = run.watch(run.config.topics().hashCodes(), null);
      SyntheticEmbeddings gen = new SyntheticEmbeddings(photoEmbeddings, seed);
      long probes = 0;
      long deadline = System.nanoTime() + Duration.ofMinutes(timeoutMinutes).toNanos();
      while (codes.count() == 0) {
        job.requireAlive();
        if (System.nanoTime() > deadline) {
          throw new IllegalStateException("the idle job never answered:\n" + job.tail());
        }
        run.send(JobRun.uploadWithEmbedding(tenantNames.get(0), "probe-" + probes++, gen.next()));
        run.flush();
        Thread.sleep(500);
      }
      log("  it answers; idle for %d s before measuring (JIT warm-up) ...", idleWarmup);
      for (int waited = 0; waited < idleWarmup; waited += 30) {
        Thread.sleep(Math.min(30, idleWarmup - waited) * 1000L);
        job.requireAlive();
        if (waited + 30 < idleWarmup) {
          log("  idle %d of %d s", waited + 30, idleWarmup);
        }
      }
      log("  measuring %d s ...", idleSeconds);
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("warmup_seconds", idleWarmup);
      m.put("checkpoint_interval", run.config.checkpointInterval().toMillis() + "ms");
      m.putAll(job.measure(Duration.ofSeconds(idleSeconds)));
      details.put("idle", m);
      report.put("idle_cpu_cores", m.get("cpu_cores"));
      report.put("idle_log_lines", m.get("log_lines"));
      log("idle: %s cores, %s log lines in %d s; busiest threads %s", m.get("cpu_cores"),
          m.get("log_lines"), idleSeconds, m.get("os_thread_cpu_seconds_top"));
      save();
    }
  }

  // ---------------------------------------------------------------------------------------------
  // shared

  private float[][] photoEmbeddings() {
    log("embedding the %d demo photos with the bundled encoder ...", DemoPhotos.index().size());
    return SyntheticEmbeddings.demoPhotoEmbeddings();
  }

  private JobRun newJob(EmbeddedPlatform platform, String label, int lingerMs, Map<String, String> phaseSettings)
      throws Exception {
    Map<String, String> settings = new LinkedHashMap<>(jobOverrides);
    settings.putAll(phaseSettings);
    lastTaskTimes = null;
    return JobRun.create(platform, work, label, parallelism, lingerMs, settings, flinkOverrides);
  }

  private static ImageEvent.Builder base(String tenant, String imageId) {
    return ImageEvent.newBuilder().setTenant(tenant).setImageId(imageId).setUploadedAt(Instant.now());
  }

  /** Waits for {@code done}, printing {@code progress} every 5 s; fails after --timeout-minutes. */
  private void await(BooleanSupplier done, String what, java.util.function.Supplier<String> progress)
      throws InterruptedException {
    await(timeoutMinutes, done, what, progress);
  }

  private void await(int minutes, BooleanSupplier done, String what, java.util.function.Supplier<String> progress)
      throws InterruptedException {
    console.await(Duration.ofMinutes(minutes), done, what, progress);
  }

  private static String statusOf(JobRun job) {
    try {
      return String.valueOf(job.status());
    } catch (IllegalStateException e) {
      throw e;
    } catch (Exception e) {
      return "unknown (" + e.getMessage() + ")";
    }
  }

  private TaskTimes lastTaskTimes;

  /** Busy and back-pressured share of each task since the previous call, for progress lines. */
  private String busyLine() {
    TaskTimes now = TaskTimes.now();
    String line = lastTaskTimes == null ? "" : TaskTimes.line(now.percentSince(lastTaskTimes));
    lastTaskTimes = now;
    return line;
  }

  private static long gaugeSum(String name) {
    long sum = 0;
    for (var c : CapturedMetrics.find(name)) {
      if (c.metric() instanceof Gauge<?> g && g.getValue() instanceof Number n) {
        sum += n.longValue();
      }
    }
    return sum;
  }

  private static List<String> gaugeValues(String name) {
    List<String> out = new ArrayList<>();
    for (var c : CapturedMetrics.find(name)) {
      if (c.metric() instanceof Gauge<?> g) {
        out.add(String.valueOf(g.getValue()));
      }
    }
    return out.isEmpty() ? List.of("(none yet)") : out;
  }

  /** The job's checkpoint gauges as they stand. */
  static Map<String, Object> checkpointFigures() {
    Map<String, Object> m = new LinkedHashMap<>();
    for (String name : List.of("numberOfCompletedCheckpoints", "numberOfFailedCheckpoints",
        "lastCheckpointDuration", "lastCheckpointSize", "lastCheckpointFullSize", "numRestarts")) {
      for (var c : CapturedMetrics.find(name)) {
        if (c.metric() instanceof Gauge<?> g) {
          m.put(name, g.getValue());
        }
      }
    }
    return m;
  }

  /** Mean batch sizes and batch times of the inference batchers, over their last 1024 batches. */
  private static Map<String, Object> inferenceFigures() {
    Map<String, Object> m = new LinkedHashMap<>();
    for (String batcher : List.of("embeddings", "images")) {
      for (String metric : List.of("batchSize", "batchMillis")) {
        for (var c : CapturedMetrics.find(metric, c -> c.identifier().endsWith("." + batcher + "." + metric))) {
          Histogram h = (Histogram) c.metric();
          if (h.getCount() > 0) {
            m.put(batcher + "_" + metric + "_mean", JsonReport.round(h.getStatistics().getMean(), 2));
            m.put(batcher + "_" + metric + "_p99", JsonReport.round(h.getStatistics().getQuantile(0.99), 1));
          }
          break; // every subtask reports the same shared batches
        }
      }
    }
    for (var c : CapturedMetrics.find("inferenceMillis")) {
      Histogram h = (Histogram) c.metric();
      if (h.getCount() > 0) {
        m.put("inference_millis_p50_subtask_" + c.variable("subtask_index"),
            JsonReport.round(h.getStatistics().getQuantile(0.5), 1));
        m.put("inference_millis_p99_subtask_" + c.variable("subtask_index"),
            JsonReport.round(h.getStatistics().getQuantile(0.99), 1));
      }
    }
    return m;
  }

  /** 100000 → 100k, 1000000 → 1m, 250 → 250. */
  public static String sizeLabel(long n) {
    if (n >= 1_000_000 && n % 1_000_000 == 0) {
      return n / 1_000_000 + "m";
    }
    if (n >= 1_000 && n % 1_000 == 0) {
      return n / 1_000 + "k";
    }
    return Long.toString(n);
  }

  private void save() throws java.io.IOException {
    JsonReport.write(out, report);
  }

  private double elapsed() {
    return console.elapsedSeconds();
  }

  private void log(String format, Object... args) {
    console.log(format, args);
  }
}
