package io.hashstream.bench.cluster;

import io.hashstream.bench.pipeline.JobRun;
import io.hashstream.bench.pipeline.JsonReport;
import io.hashstream.bench.pipeline.Phases;
import io.hashstream.bench.pipeline.PipelineBenchmark;
import io.hashstream.bench.pipeline.ProgressLog;
import io.hashstream.bench.pipeline.SyntheticEmbeddings;
import io.hashstream.bench.pipeline.Tenants;
import io.hashstream.bench.pipeline.TopicWatcher;
import io.hashstream.cluster.ClusterOptions;
import io.hashstream.cluster.ClusterRest;
import io.hashstream.cluster.LocalCluster;
import io.hashstream.platform.EmbeddedPlatform;
import io.hashstream.platform.MachineInfo;
import io.hashstream.platform.PlatformConfig;
import io.hashstream.schemas.NearDuplicate;
import io.hashstream.schemas.registry.RegistryAvroCodec;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import java.util.stream.Stream;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code ./hashstream bench-cluster}: the streaming job on a real multi-process Flink cluster on
 * this machine ({@link LocalCluster}: a JobManager and two TaskManager JVMs of two slots, started
 * through Flink's own entry points), submitted as its jar through the REST API, against the
 * embedded Kafka broker and registry in this JVM. Writes {@code benchmarks/results/cluster.json}
 * after every phase.
 *
 * <ol>
 *   <li><b>throughput</b>: {@code --events} uploads with embeddings are written first, then the job
 *       starts: once on a MiniCluster in this JVM (as {@code ./hashstream job} runs it), once on
 *       the cluster; the rate is the hash codes committed from the first visible output to the last,
 *       read by a read_committed consumer. Same uploads, same settings, same run.
 *   <li><b>recovery</b>: planted near-copies of indexed uploads stream in at {@code
 *       --recovery-rate}; {@code --kills} times, a TaskManager that runs tasks of the job is killed
 *       with SIGKILL; the time runs from the kill to the first alert, visible to a read_committed
 *       consumer, of a copy sent after the kill. A replacement TaskManager is started after each
 *       recovery. At the end every copy must have been alerted exactly once.
 *   <li><b>savepoint</b>: uploads stream in until {@code --items} are indexed; the live heap of the
 *       TaskManagers is measured (after a full GC) before and after; then stop with a savepoint
 *       (trigger to complete), its size per item, and a restore from it: submission to every task
 *       running, and to the first answer of every tenant (a planted copy per tenant, sent with the
 *       submission, alerted: the tenant's index rebuilt from state).
 * </ol>
 *
 * <p>The phases share one cluster job when they run together (the throughput run's job goes on
 * into the recovery and savepoint phases), so a full run fills the index once.
 */
@Command(
    name = "bench-cluster",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    description = {
      "Measures the streaming job on a real Flink cluster on this machine (a JobManager and two"
          + " TaskManager JVMs) against the in-process MiniCluster: uploads/s under the same load"
          + " in the same run, recovery after a TaskManager is killed with SIGKILL, stop with a"
          + " savepoint and restore with --items indexed, state bytes per item. Writes a JSON"
          + " report (after every phase).",
      ""
    })
public final class ClusterBenchmark implements Callable<Integer> {
  private static final List<String> ALL_PHASES = List.of("throughput", "recovery", "savepoint");

  @Option(names = "--phases", split = ",",
      description = "phases to run, comma-separated, of: throughput, recovery, savepoint (default: all)")
  List<String> phases = new ArrayList<>(ALL_PHASES);

  @Option(names = "--events", description = "uploads with embeddings per throughput run (default: ${DEFAULT-VALUE})")
  long events = 100_000;

  @Option(names = "--jobmanager-heap", description = "the JobManager JVM's heap (default: ${DEFAULT-VALUE})")
  String jobManagerHeap = ClusterOptions.defaults().jobManagerHeap();

  @Option(names = "--items", description = "items indexed when the savepoint is taken (default: ${DEFAULT-VALUE})")
  long items = 1_000_000;

  @Option(names = "--kills", description = "TaskManagers killed, one at a time, in the recovery phase (default: ${DEFAULT-VALUE})")
  int kills = 5;

  @Option(names = "--recovery-rate", description = "planted copies sent per second during the recovery phase (default: ${DEFAULT-VALUE})")
  double recoveryRate = 100;

  @Option(names = "--recovery-items",
      description = "uploads indexed before the kills when the recovery phase runs without the throughput phase (default: ${DEFAULT-VALUE})")
  long recoveryItems = 100_000;

  @Option(names = "--steady-seconds",
      description = "seconds the job answers again after a recovery before the next kill (default: ${DEFAULT-VALUE})")
  int steadySeconds = 10;

  @Option(names = "--tenants", description = "tenants, spread evenly over the match subtasks (default: ${DEFAULT-VALUE})")
  int tenants = 4;

  @Option(names = "--parallelism", description = "job.parallelism (default: ${DEFAULT-VALUE}, the job's default)")
  int parallelism = 2;

  @Option(names = "--job", paramLabel = "KEY=VALUE",
      description = "a job setting (hashstream-job.properties key) for every job run; repeatable")
  Map<String, String> jobOverrides = new LinkedHashMap<>();

  @Option(names = "--seed", description = "seed of the synthetic uploads (default: ${DEFAULT-VALUE})")
  long seed = 42;

  @Option(names = "--timeout-minutes", description = "longest wait for any one step (default: ${DEFAULT-VALUE})")
  int timeoutMinutes = 30;

  @Option(names = "--out", description = "report file (default: ${DEFAULT-VALUE})")
  Path out = Path.of("benchmarks/results/cluster.json");

  private static String[] argv = new String[0];

  private final ProgressLog console = new ProgressLog();
  private final Map<String, Object> report = new LinkedHashMap<>();
  private final Map<String, Object> details = new LinkedHashMap<>();
  private List<String> tenantNames;
  private float[][] photos;
  private Path work;
  private String clusterClasspath;
  private Path jobJar;
  private LocalCluster cluster;
  private ClusterRest rest;
  private ClusterJob carried; // the cluster job one phase hands to the next

  /** A job on the cluster, its uploads so far and the watcher of its hash codes (one per upload). */
  private static final class ClusterJob {
    final JobRun run;
    final UploadStream uploads;
    final TopicWatcher codes;
    String id;

    ClusterJob(JobRun run, UploadStream uploads, TopicWatcher codes, String id) {
      this.run = run;
      this.uploads = uploads;
      this.codes = codes;
      this.id = id;
    }
  }

  public static void main(String[] args) {
    System.setProperty("java.awt.headless", "true");
    argv = args.clone();
    System.exit(new CommandLine(new ClusterBenchmark()).execute(args));
  }

  @Override
  public Integer call() throws Exception {
    validate();
    tenantNames = Tenants.balanced(tenants, parallelism);
    String itemsLabel = PipelineBenchmark.sizeLabel(items);
    report.put("benchmark", "cluster");
    report.put("date", Instant.now().toString());
    report.put("command", ("./hashstream bench-cluster " + String.join(" ", argv)).trim());
    report.put("machine", MachineInfo.describe());
    report.put("settings", settings());
    // headline figures first, in a fixed order; filled in as phases finish
    report.put("events_per_second_cluster", null);
    report.put("events_per_second_minicluster", null);
    report.put("cluster_to_minicluster_ratio", null);
    report.put("recovery_seconds_p50", null);
    report.put("recovery_seconds_samples", null);
    report.put("savepoint_seconds_" + itemsLabel, null);
    report.put("restore_seconds_" + itemsLabel, null);
    report.put("state_bytes_per_item", null);
    report.put("heap_bytes_per_item", null);
    report.put("details", details);
    log("bench-cluster: phases %s; load average %s; this JVM's max heap %,d MB", phases,
        ((Map<?, ?>) report.get("machine")).get("load_average_1m_at_start"),
        Runtime.getRuntime().maxMemory() >> 20);
    work = Files.createTempDirectory("hashstream-bench-cluster-");
    try {
      log("embedding the demo photos (the synthetic uploads' source) ...");
      photos = SyntheticEmbeddings.demoPhotoEmbeddings();
      log("starting the embedded platform ...");
      try (EmbeddedPlatform platform = EmbeddedPlatform.start(PlatformConfig.ephemeral())) {
        log("platform up in %.1f s (Kafka %s)", platform.startupTime().toMillis() / 1000.0,
            platform.bootstrapServers());
        try {
          phase("throughput", () -> throughputPhase(platform));
          phase("recovery", () -> recoveryPhase(platform));
          phase("savepoint", () -> savepointPhase(platform, itemsLabel));
        } finally {
          closeCarried(); // while the broker runs: closing deletes the run's topics
        }
      } finally {
        closeCarried();
        if (cluster != null) {
          log("stopping the cluster ...");
          cluster.close();
        }
      }
    } finally {
      JobRun.deleteRecursively(work);
      report.put("run_seconds", JsonReport.round(console.elapsedSeconds(), 1));
      report.put("load_average_1m_at_end", ProgressLog.loadAverage());
      save();
    }
    log("wrote %s", out);
    return 0;
  }

  /**
   * Runs a phase if asked for ({@link Phases}: a failure is recorded and the next one runs, on a
   * new job) and records the load average around it.
   */
  private void phase(String name, Phases.Body body) throws IOException {
    if (!phases.contains(name)) {
      return;
    }
    Map<String, Object> load = new LinkedHashMap<>();
    load.put("load_average_1m_at_start", ProgressLog.loadAverage());
    if (!new Phases(phases, report, console).run(name, body)) {
      closeCarried();
    }
    load.put("load_average_1m_at_end", ProgressLog.loadAverage());
    @SuppressWarnings("unchecked")
    Map<String, Object> phaseDetails = (Map<String, Object>) details.computeIfAbsent(name, k -> new LinkedHashMap<>());
    phaseDetails.put("load", load);
    save();
  }

  private void validate() {
    for (String p : phases) {
      if (!ALL_PHASES.contains(p)) {
        throw new CommandLine.ParameterException(new CommandLine(this), "unknown phase '" + p + "'; phases: " + ALL_PHASES);
      }
    }
    if (events < 1 || items < 1 || kills < 1 || recoveryItems < 1 || recoveryRate <= 0 || steadySeconds < 0) {
      throw new CommandLine.ParameterException(new CommandLine(this), "counts, rates and durations must be positive");
    }
    String cp = System.getProperty("hashstream.cluster.classpath");
    String jar = System.getProperty("hashstream.job.jar");
    if (cp == null || cp.isBlank() || jar == null || !Files.isRegularFile(Path.of(jar))) {
      throw new CommandLine.ParameterException(new CommandLine(this), "run it as ./hashstream"
          + " bench-cluster: it needs the cluster module's class path (-Dhashstream.cluster.classpath)"
          + " and flink-jobs' job jar (-Dhashstream.job.jar, now " + jar + ")");
    }
    clusterClasspath = cp;
    jobJar = Path.of(jar);
  }

  private Map<String, Object> settings() {
    Map<String, Object> s = new LinkedHashMap<>();
    s.put("phases", phases);
    s.put("events", events);
    s.put("items", items);
    s.put("kills", kills);
    s.put("recovery_rate", recoveryRate);
    s.put("recovery_items_when_alone", recoveryItems);
    s.put("steady_seconds", steadySeconds);
    s.put("tenants", tenants);
    s.put("parallelism", parallelism);
    s.put("job_overrides", jobOverrides);
    s.put("seed", seed);
    s.put("timeout_minutes", timeoutMinutes);
    ClusterOptions c = ClusterOptions.defaults().withJobManagerHeap(jobManagerHeap);
    s.put("cluster", Map.of("task_managers", c.taskManagers(), "slots_per_task_manager",
        c.slotsPerTaskManager(), "task_manager_process_size", c.taskManagerProcessSize(),
        "job_manager_heap", c.jobManagerHeap()));
    s.put("uploads", "per-dimension mixtures of the 16 demo photos' real 1792-d embeddings"
        + " (SyntheticEmbeddings): no image decoding, so the index can grow to a million items");
    s.put("jvm_max_heap_mb", Runtime.getRuntime().maxMemory() >> 20);
    s.put("jvm_arguments", ManagementFactory.getRuntimeMXBean().getInputArguments());
    return s;
  }

  // ---------------------------------------------------------------------------------------------
  // throughput

  private void throughputPhase(EmbeddedPlatform platform) throws Exception {
    log("throughput: %,d uploads with embeddings over %d tenants, MiniCluster first, then the cluster", events, tenants);
    Map<String, Object> r = phaseDetails("throughput");
    JobRun mini = newRun(platform, "mini");
    try {
      UploadStream uploads = new UploadStream(photos, seed, tenantNames, "e-");
      prefill(mini, uploads, events);
      TopicWatcher codes = mini.watch(mini.config().topics().hashCodes(), null);
      long submitted = System.nanoTime();
      mini.start();
      Map<String, Object> run = measureBacklog(mini, codes, submitted, events);
      r.put("minicluster", run);
      report.put("events_per_second_minicluster", Math.round((double) run.get("rate_first_to_last")));
    } finally {
      mini.close();
    }
    save();

    ensureCluster();
    ClusterJob job = newClusterJob(platform, "cluster");
    try {
      prefill(job.run, job.uploads, events);
      long submitted = System.nanoTime();
      job.id = job.run.submitTo("127.0.0.1", cluster.restPort(), jobJar, null);
      Map<String, Object> run = measureBacklog(job.run, job.codes, submitted, events);
      run.put("latest_checkpoint", rest.latestCheckpoint(job.id).orElse(null));
      r.put("cluster", run);
      double clusterRate = (double) run.get("rate_first_to_last");
      report.put("events_per_second_cluster", Math.round(clusterRate));
      Object miniRate = report.get("events_per_second_minicluster");
      if (miniRate instanceof Long m && m > 0) {
        report.put("cluster_to_minicluster_ratio", JsonReport.round(clusterRate / m, 2));
      }
      r.put("order", "MiniCluster first, then the cluster; each on its own topics, the same uploads"
          + " (seed " + seed + "), written before the job starts");
      carried = job;
    } finally {
      if (carried != job) {
        job.run.close();
      }
    }
    log("throughput: cluster %s /s, MiniCluster %s /s (ratio %s)", report.get("events_per_second_cluster"),
        report.get("events_per_second_minicluster"), report.get("cluster_to_minicluster_ratio"));
  }

  /**
   * Waits for the first committed hash code of a job just started (start-up, not counted), then
   * for {@code total}: the rates from the visible-output curve.
   */
  private Map<String, Object> measureBacklog(JobRun job, TopicWatcher codes, long submittedNanos, long total)
      throws Exception {
    log("  job submitted; waiting for its first committed output ...");
    await(() -> codes.count() > 0, "the first hash code", () -> "status " + statusOf(job));
    double startup = (codes.curve().firstNanos() - submittedNanos) / 1e9;
    log("  first output %.1f s after submission (start-up, not counted)", startup);
    await(() -> codes.count() >= total, total + " hash codes", rateLine(codes, total, "hash codes"));
    Map<String, Object> r = new LinkedHashMap<>(codes.curve().summary(total));
    r.put("startup_seconds_to_first_output", JsonReport.round(startup, 1));
    r.put("dead_letters", job.countNow(job.config().topics().deadLetters()));
    r.put("load_average_1m_at_end", ProgressLog.loadAverage());
    log("  %,.0f uploads/s (first to last output; 10%%..90%%: %,.0f/s)", (double) r.get("rate_first_to_last"),
        (double) r.get("rate_10_to_90_percent"));
    return r;
  }

  // ---------------------------------------------------------------------------------------------
  // recovery

  private void recoveryPhase(EmbeddedPlatform platform) throws Exception {
    ensureCluster();
    ClusterJob job = carriedOrNew(platform, "recovery", recoveryItems);
    long indexed = job.codes.count();
    log("recovery: %d kills of a TaskManager running the job (%,d items indexed); planted copies at %.0f/s",
        kills, indexed, recoveryRate);
    Map<String, Object> r = phaseDetails("recovery");
    List<Map<String, Object>> samples = new ArrayList<>();
    r.put("kills", samples);
    List<Double> seconds = new ArrayList<>();
    Duration timeout = Duration.ofMinutes(timeoutMinutes);
    try (PlantedCopies copies = new PlantedCopies(job.run, photos, seed, tenantNames, indexed, recoveryRate)) {
      copies.mark(System.nanoTime());
      awaitAnswering(copies, "the job answers planted copies");
      for (int k = 1; k <= kills; k++) {
        log("  kill %d/%d: %d s steady first ...", k, kills, steadySeconds);
        long steadyUntil = System.nanoTime() + steadySeconds * 1_000_000_000L;
        await(() -> System.nanoTime() >= steadyUntil, "the steady period", () -> copies.alerted() + "/"
            + copies.sent() + " copies alerted");
        Set<String> running = rest.taskManagersOf(job.id);
        String victim = running.iterator().next();
        int index = Integer.parseInt(victim.substring(victim.lastIndexOf('-') + 1));
        long indexedNow = job.codes.count();
        long restartsBefore = restarts(job.id);
        long t0 = System.nanoTime();
        copies.mark(t0);
        cluster.killTaskManager(index);
        log("  killed %s (SIGKILL; TaskManagers running the job: %s); waiting for the first alert of a copy sent after it ...",
            victim, running);
        await(() -> copies.firstCopyAlertAfterMark() != 0, "the first alert after kill " + k,
            () -> "job " + statusOf(job.run) + "; " + copies.alerted() + "/" + copies.sent() + " copies alerted");
        double s = (copies.firstCopyAlertAfterMark() - t0) / 1e9;
        seconds.add(s);
        Map<String, Object> sample = new LinkedHashMap<>();
        sample.put("kill", k);
        sample.put("task_manager_killed", victim);
        sample.put("task_managers_running_the_job", running);
        sample.put("items_indexed", indexedNow);
        sample.put("seconds_to_first_new_alert", JsonReport.round(s, 2));
        sample.put("seconds_to_first_alert_of_any_upload", JsonReport.round((copies.firstAnyAlertAfterMark() - t0) / 1e9, 2));
        sample.put("job_restarts", restarts(job.id) - restartsBefore);
        sample.put("load_average_1m", ProgressLog.loadAverage());
        samples.add(sample);
        log("  kill %d: first new alert %.2f s after the kill (%d restart(s) of the job)", k, s,
            sample.get("job_restarts"));
        replaceDeadTaskManagers(timeout);
        rest.awaitRunning(job.id, timeout);
        copies.mark(System.nanoTime());
        awaitAnswering(copies, "the job answering after kill " + k);
        save();
      }
      copies.stop();
      log("  sending stopped; waiting for the last copies' alerts ...");
      long quietUntil = System.nanoTime() + 60_000_000_000L;
      await(() -> copies.alerted() >= copies.sent() || System.nanoTime() > quietUntil,
          "the last alerts", () -> copies.alerted() + "/" + copies.sent() + " copies alerted");
      r.put("exactly_once", copies.verdict());
      log("  %s", copies.verdict());
    }
    double[] sorted = seconds.stream().mapToDouble(Double::doubleValue).sorted().toArray();
    report.put("recovery_seconds_p50", JsonReport.round(sorted[(int) Math.ceil(sorted.length * 0.5) - 1], 2));
    report.put("recovery_seconds_samples", seconds.stream().map(v -> JsonReport.round(v, 2)).toList());
    r.put("definition", "SIGKILL of a TaskManager running tasks of the job -> the first alert,"
        + " visible to a read_committed consumer, of a planted copy sent after the kill (copies go"
        + " out every " + Math.round(1000 / recoveryRate) + " ms); a replacement TaskManager is"
        + " started after each recovery, and the next kill waits --steady-seconds after the job"
        + " answers again. p50: nearest rank");
    r.put("restart_strategy", "exponential-delay as shipped (HashstreamJob: 500 ms initial, x1.5,"
        + " 10 s max, reset after 1 h without failure): later kills wait longer");
    log("recovery: p50 %s s over %d kills: %s", report.get("recovery_seconds_p50"), kills,
        report.get("recovery_seconds_samples"));
  }

  /** Waits until a copy sent after the last mark is alerted. */
  private void awaitAnswering(PlantedCopies copies, String what) throws InterruptedException {
    await(() -> copies.firstCopyAlertAfterMark() != 0, what,
        () -> copies.alerted() + "/" + copies.sent() + " copies alerted");
  }

  /** Back to the configured number of live, registered TaskManagers. */
  private void replaceDeadTaskManagers(Duration timeout) throws Exception {
    long alive = cluster.taskManagers().stream().filter(Process::isAlive).count();
    cluster.awaitTaskManagers((int) alive, timeout); // the JobManager has noticed the dead ones
    int wanted = ClusterOptions.defaults().taskManagers();
    for (long i = alive; i < wanted; i++) {
      cluster.startTaskManager();
    }
    cluster.awaitTaskManagers(wanted, timeout);
  }

  private long restarts(String jobId) throws Exception {
    return rest.jobMetric(jobId, "numRestarts").map(Long::parseLong).orElse(-1L);
  }

  // ---------------------------------------------------------------------------------------------
  // savepoint

  private void savepointPhase(EmbeddedPlatform platform, String itemsLabel) throws Exception {
    ensureCluster();
    ClusterJob job = carriedOrNew(platform, "savepoint", 0);
    Map<String, Object> r = phaseDetails("savepoint");
    Duration timeout = Duration.ofMinutes(timeoutMinutes);
    long before = job.codes.count();
    Map<String, Long> heapBefore = liveHeaps();
    r.put("items_before_fill", before);
    r.put("heap_bytes_before_fill", heapBefore);
    if (before < items) {
      long more = items - before;
      log("savepoint: streaming %,d more uploads into the running job to reach %,d items ...", more, items);
      long start = System.nanoTime();
      Thread producer = new Thread(() -> {
        for (long i = 0; i < more; i++) {
          job.run.send(job.uploads.next());
        }
        job.run.flush();
      }, "bench-fill");
      producer.setDaemon(true);
      producer.start();
      await(() -> job.codes.count() >= items, items + " items indexed", rateLine(job.codes, items, "items indexed"));
      producer.join();
      double s = (System.nanoTime() - start) / 1e9;
      r.put("fill_uploads", more);
      r.put("fill_seconds", JsonReport.round(s, 1));
      r.put("fill_events_per_second", Math.round(more / s));
      log("  %,d items indexed; the fill ran at %,.0f uploads/s", items, more / s);
    }
    long indexed = job.codes.count();
    r.put("items_indexed", indexed);
    Map<String, Long> heapAfter = liveHeaps();
    r.put("heap_bytes_after_fill", heapAfter);
    long heapDelta = heapAfter.values().stream().mapToLong(Long::longValue).sum()
        - heapBefore.values().stream().mapToLong(Long::longValue).sum();
    if (indexed > before) {
      report.put("heap_bytes_per_item", JsonReport.round((double) heapDelta / (indexed - before), 1));
    }
    r.put("heap_definition", "sum over the live TaskManagers of the heap in use right after a full GC"
        + " (jcmd GC.run, GC.heap_info), after the fill minus before it, per item added");
    r.put("rocksdb_local_bytes", bytesUnder(cluster.dir().resolve("tmp")));
    r.put("checkpoint_dir_bytes_before_savepoint", bytesUnder(job.run.dir().resolve("checkpoints")));
    // a checkpoint that holds every item: one triggered after the last was indexed
    long afterFill = System.currentTimeMillis();
    await(() -> latestCheckpointTriggered(job.id) > afterFill, "a checkpoint after the fill", () -> "");
    ClusterRest.Checkpoint latest = rest.latestCheckpoint(job.id).orElseThrow();
    r.put("latest_checkpoint", latest);
    r.put("latest_checkpoint_state_bytes_per_item", JsonReport.round((double) latest.stateSizeBytes() / indexed, 1));

    log("  stop with a savepoint (%,d items) ...", indexed);
    long t0 = System.nanoTime();
    Path savepoint = rest.stopWithSavepoint(job.id, job.run.dir().resolve("savepoints"), timeout);
    double savepointSeconds = (System.nanoTime() - t0) / 1e9;
    long savepointBytes = bytesUnder(savepoint);
    report.put("savepoint_seconds_" + itemsLabel, JsonReport.round(savepointSeconds, 1));
    report.put("state_bytes_per_item", JsonReport.round((double) savepointBytes / indexed, 1));
    r.put("savepoint_seconds", JsonReport.round(savepointSeconds, 2));
    r.put("savepoint_bytes", savepointBytes);
    r.put("savepoint_files", filesUnder(savepoint));
    log("  savepoint %s: %.1f s, %,d bytes (%.0f per item)", savepoint, savepointSeconds, savepointBytes,
        (double) savepointBytes / indexed);

    log("  restoring from it, with one planted copy per tenant ...");
    RegistryAvroCodec<NearDuplicate> codec = job.run.codec(NearDuplicate.class);
    Map<String, Long> answered = new ConcurrentHashMap<>();
    job.run.watch(job.run.config().topics().nearDuplicates(), (rec, t) -> {
      NearDuplicate a = codec.decode(rec.value());
      if (a.getQueryId().startsWith("probe-")) {
        answered.putIfAbsent(a.getQueryId(), System.nanoTime());
      }
    }, 20);
    long t1 = System.nanoTime();
    job.id = job.run.submitTo("127.0.0.1", cluster.restPort(), jobJar, savepoint);
    UploadStream replay = new UploadStream(photos, seed, tenantNames, "e-");
    SplittableRandom jitter = new SplittableRandom(seed);
    for (int i = 0; i < tenants; i++) {
      job.run.send(JobRun.uploadWithEmbedding(replay.tenantOf(i),
          "probe-" + i, SyntheticEmbeddings.jitter(replay.nextEmbedding(), 1e-3, jitter)));
    }
    job.run.flush();
    rest.awaitRunning(job.id, timeout);
    double toRunning = (System.nanoTime() - t1) / 1e9;
    log("  every task running %.1f s after the submission; waiting for the probes' alerts ...", toRunning);
    await(() -> answered.size() == tenants, "the alerts of the probes", () -> answered.size() + "/"
        + tenants + " tenants answered; job " + statusOf(job.run));
    long first = answered.values().stream().mapToLong(Long::longValue).min().orElseThrow();
    long last = answered.values().stream().mapToLong(Long::longValue).max().orElseThrow();
    double restoreSeconds = (last - t1) / 1e9;
    report.put("restore_seconds_" + itemsLabel, JsonReport.round(restoreSeconds, 1));
    r.put("restore_seconds_to_every_task_running", JsonReport.round(toRunning, 2));
    r.put("restore_seconds_to_first_tenant_answered", JsonReport.round((first - t1) / 1e9, 2));
    r.put("restore_seconds_to_every_tenant_answered", JsonReport.round(restoreSeconds, 2));
    r.put("restore_definition", "submission of the job jar with the savepoint (claim mode) -> every"
        + " tenant's planted copy, sent with the submission, alerted to a read_committed consumer: the"
        + " state restored, each tenant's heap index rebuilt from it on first use, a checkpoint committed");
    log("savepoint: %.1f s for %,d items, %.0f bytes per item; restore: running after %.1f s, every tenant"
        + " answered after %.1f s", savepointSeconds, indexed, (double) savepointBytes / indexed, toRunning,
        restoreSeconds);
  }

  /** When the job's latest completed checkpoint was triggered (epoch millis), or 0. */
  private long latestCheckpointTriggered(String jobId) {
    try {
      return rest.latestCheckpoint(jobId).map(ClusterRest.Checkpoint::triggeredAtMillis).orElse(0L);
    } catch (IOException | RuntimeException e) {
      return 0;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return 0;
    }
  }

  /** Live heap after a full GC of every live TaskManager, by its id. */
  private Map<String, Long> liveHeaps() throws Exception {
    Map<String, Long> m = new LinkedHashMap<>();
    List<Process> tms = cluster.taskManagers();
    for (int i = 0; i < tms.size(); i++) {
      if (tms.get(i).isAlive()) {
        m.put(LocalCluster.taskManagerId(i), JvmHeap.usedAfterFullGc(tms.get(i).pid()));
      }
    }
    return m;
  }

  // ---------------------------------------------------------------------------------------------
  // shared

  private void ensureCluster() throws Exception {
    if (cluster != null) {
      return;
    }
    ClusterOptions options = ClusterOptions.defaults().withRestPort(0).withJobManagerHeap(jobManagerHeap);
    log("starting the cluster: a JobManager and %d TaskManager JVMs of %d slots (%s each) ...",
        options.taskManagers(), options.slotsPerTaskManager(), options.taskManagerProcessSize());
    long start = System.nanoTime();
    cluster = LocalCluster.start(options, work.resolve("cluster"), clusterClasspath);
    rest = new ClusterRest(cluster.restAddress());
    LocalCluster started = cluster;
    // Ctrl-C or a kill of this JVM must not leave the JobManager and TaskManagers running
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      try {
        started.close();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }, "bench-cluster-shutdown"));
    double s = (System.nanoTime() - start) / 1e9;
    details.put("cluster_startup_seconds", JsonReport.round(s, 1));
    log("cluster up in %.1f s at http://%s (logs %s)", s, cluster.restAddress(), cluster.dir().resolve("log"));
  }

  private JobRun newRun(EmbeddedPlatform platform, String label) throws Exception {
    return JobRun.create(platform, work, label, parallelism, 20, jobOverrides, Map.of());
  }

  private ClusterJob newClusterJob(EmbeddedPlatform platform, String label) throws Exception {
    JobRun run = newRun(platform, label);
    return new ClusterJob(run, new UploadStream(photos, seed, tenantNames, "e-"),
        run.watch(run.config().topics().hashCodes(), null), null);
  }

  /**
   * The job an earlier phase left running, or a new one on the cluster with {@code prefill}
   * uploads indexed.
   */
  private ClusterJob carriedOrNew(EmbeddedPlatform platform, String label, long prefill) throws Exception {
    if (carried != null) {
      return carried;
    }
    ClusterJob job = newClusterJob(platform, label);
    carried = job;
    prefill(job.run, job.uploads, prefill);
    long submitted = System.nanoTime();
    job.id = job.run.submitTo("127.0.0.1", cluster.restPort(), jobJar, null);
    rest.awaitRunning(job.id, Duration.ofMinutes(timeoutMinutes));
    if (prefill > 0) {
      measureBacklog(job.run, job.codes, submitted, prefill);
    }
    return job;
  }

  private void closeCarried() {
    if (carried != null) {
      try {
        carried.run.close();
      } catch (Exception e) {
        log("  (closing the cluster job: %s)", e);
      }
      carried = null;
    }
  }

  /** Writes {@code n} uploads before the job starts. */
  private void prefill(JobRun job, UploadStream uploads, long n) {
    if (n == 0) {
      return;
    }
    log("  writing %,d uploads to %s ...", n, job.config().topics().images());
    long start = System.nanoTime();
    long lastLog = start;
    for (long i = 0; i < n; i++) {
      job.send(uploads.next());
      if (System.nanoTime() - lastLog > 10_000_000_000L) {
        lastLog = System.nanoTime();
        log("  written %,d/%,d (%,.0f/s)", i + 1, n, (i + 1) / ((lastLog - start) / 1e9));
      }
    }
    job.flush();
    log("  written %,d uploads in %.1f s", n, (System.nanoTime() - start) / 1e9);
  }

  /** A progress line: count of target and the rate since the previous line. */
  private static Supplier<String> rateLine(TopicWatcher codes, long target, String what) {
    long[] last = {System.nanoTime(), codes.count()};
    return () -> {
      long now = System.nanoTime();
      long c = codes.count();
      String line = String.format(Locale.ROOT, "%,d/%,d %s (%,.0f/s); load average %s", c, target,
          what, (c - last[1]) / ((now - last[0]) / 1e9), ProgressLog.loadAverage());
      last[0] = now;
      last[1] = c;
      return line;
    };
  }

  private Map<String, Object> phaseDetails(String name) {
    @SuppressWarnings("unchecked")
    Map<String, Object> m = (Map<String, Object>) details.computeIfAbsent(name, k -> new LinkedHashMap<>());
    return m;
  }

  private static long bytesUnder(Path root) {
    if (!Files.exists(root)) {
      return 0;
    }
    try (Stream<Path> paths = Files.walk(root)) {
      return paths.filter(Files::isRegularFile).mapToLong(p -> {
        try {
          return Files.size(p);
        } catch (IOException e) {
          return 0; // deleted meanwhile (RocksDB compacts, Flink subsumes checkpoints)
        }
      }).sum();
    } catch (IOException | UncheckedIOException e) {
      return -1;
    }
  }

  private static long filesUnder(Path root) throws IOException {
    try (Stream<Path> paths = Files.walk(root)) {
      return paths.filter(Files::isRegularFile).count();
    }
  }

  private void await(BooleanSupplier done, String what, Supplier<String> progress) throws InterruptedException {
    console.await(Duration.ofMinutes(timeoutMinutes), done, what, progress);
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

  private void save() throws IOException {
    JsonReport.write(out, report);
  }

  private void log(String format, Object... args) {
    console.log(format, args);
  }
}
