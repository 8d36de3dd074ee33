package io.hashstream.it.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import io.hashstream.cluster.ClusterOptions;
import io.hashstream.cluster.ClusterRest;
import io.hashstream.cluster.LocalCluster;
import io.hashstream.encoder.BundledEncoder;
import io.hashstream.flink.config.JobConfig;
import io.hashstream.flink.local.RemoteJob;
import io.hashstream.flink.model.LoadedModel;
import io.hashstream.flink.model.ModelCatalog;
import io.hashstream.flink.model.ModelReference;
import io.hashstream.flink.state.CompactEmbedding;
import io.hashstream.inference.DefaultModel;
import io.hashstream.it.pipeline.Photos.Photo;
import io.hashstream.it.pipeline.Uploads.Sent;
import io.hashstream.it.platform.PlatformExtension;
import io.hashstream.model.ModelArtifact;
import io.hashstream.model.ModelVariants;
import io.hashstream.schemas.DeadLetter;
import io.hashstream.schemas.HashCode;
import io.hashstream.schemas.ModelUpdate;
import io.hashstream.schemas.NearDuplicate;
import io.hashstream.schemas.SwapStage;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The job on a real multi-process Flink cluster ({@link LocalCluster}: a JobManager and two
 * TaskManager JVMs of two slots each), submitted as its jar through the REST API, and the failures
 * a cluster brings: a TaskManager killed with SIGKILL mid-stream and during a model swap, and a
 * stop with a savepoint, restarted at parallelism 4 and then 1. A read_committed reader is the
 * judge: no alert, code or dead letter lost or duplicated; every answer equals brute force.
 */
class ClusterIT {
  private static final int RADIUS = 3;
  private static final Duration WAIT = Duration.ofMinutes(3);
  private static final Duration QUIET = Duration.ofSeconds(2);

  @RegisterExtension static final PlatformExtension PLATFORM = new PlatformExtension();
  @TempDir static Path shared;

  private static LocalCluster cluster;
  private static ClusterRest rest;
  private static LoadedModel v1;
  /** Jobs a test submitted: cancelled after it, pass or fail, so that its slots are free again. */
  private static final List<String> submitted = new ArrayList<>();

  @BeforeAll
  static void startCluster() throws Exception {
    String classpath = System.getProperty("hashstream.cluster.classes") + ":"
        + Files.readString(Path.of(System.getProperty("hashstream.cluster.classpath.file"))).trim();
    cluster = LocalCluster.start(ClusterOptions.defaults().withRestPort(0), shared.resolve("cluster"),
        classpath);
    rest = new ClusterRest(cluster.restAddress());
    v1 = ModelCatalog.shared().acquire(
        ModelReference.ofDefault(), BundledEncoder.ENCODER_ID, BundledEncoder.EMBEDDING_SIZE);
  }

  @AfterAll
  static void stopCluster() throws Exception {
    ModelCatalog.shared().release(v1.version());
    if (cluster != null) {
      cluster.close();
    }
  }

  @AfterEach
  void cancelSubmittedJobs() throws Exception {
    for (String job : submitted) {
      long deadline = System.nanoTime() + WAIT.toNanos();
      while (!Set.of("CANCELED", "FAILED", "FINISHED").contains(rest.state(job))) {
        if (System.nanoTime() > deadline) {
          throw new AssertionError("job " + job + " still " + rest.state(job) + " after " + WAIT);
        }
        if (!"CANCELLING".equals(rest.state(job))) {
          rest.cancel(job);
        }
        Thread.sleep(200); // polling the REST API: there is no event to wait on from outside
      }
    }
    submitted.clear();
  }

  @Test
  void aTaskManagerKilledMidStreamLosesAndDuplicatesNothing(@TempDir Path dir) throws Exception {
    try (JobHarness io = JobHarness.withoutJob(PLATFORM.get(), dir.resolve("checkpoints"))) {
      String job = submit(io.config, null);
      List<Sent> originals = uploads("orig", 0);
      List<Sent> early = copies(originals, 0, 8);
      List<Sent> late = copies(originals, 8, 16);
      send(io, originals);
      io.awaitCodes(c -> c.getImageId().startsWith("orig-"), originals.size());
      send(io, early);
      io.awaitAlerts(early.size());
      byte[] garbage = "not an avro frame".getBytes(StandardCharsets.UTF_8);
      io.sendRaw(io.config.topics().images(), "acme/bad-1".getBytes(StandardCharsets.UTF_8), garbage);

      killOneTaskManager();
      send(io, late);
      io.sendRaw(io.config.topics().images(), "acme/bad-2".getBytes(StandardCharsets.UTF_8), garbage);

      Set<String> expected = Uploads.expectedAlerts(originals, Uploads.concat(early, late),
          codes(Uploads.concat(originals, Uploads.concat(early, late))), RADIUS);
      io.awaitAlerts(expected.size());
      List<NearDuplicate> alerts = io.readAll(io.config.topics().nearDuplicates(), NearDuplicate.class, QUIET);
      assertThat(alerts.stream().map(a -> a.getQueryId() + " -> " + a.getMatchId()))
          .containsExactlyInAnyOrderElementsOf(expected);
      assertThat(io.readAll(io.config.topics().hashCodes(), HashCode.class, QUIET))
          .extracting(HashCode::getImageId).doesNotHaveDuplicates()
          .hasSize(originals.size() + early.size() + late.size());
      assertThat(io.readAll(io.config.topics().deadLetters(), DeadLetter.class, QUIET))
          .hasSize(2);
      // what an operator scrapes: Flink's own metrics and the job's, from every process
      assertThat(scrape(cluster.jobManagerMetricsPort())).contains("flink_jobmanager_numRegisteredTaskManagers");
      List<String> taskManagers = new ArrayList<>();
      List<Process> processes = cluster.taskManagers();
      for (int i = 0; i < processes.size(); i++) {
        if (processes.get(i).isAlive()) {
          taskManagers.add(scrape(cluster.taskManagerMetricsPorts().get(i)));
        }
      }
      assertThat(taskManagers).anySatisfy(m -> assertThat(m)
          .contains("flink_taskmanager_job_task_operator_uploadsIndexed")
          .contains("flink_taskmanager_job_task_operator_freshnessMillis"));
      rest.cancel(job);
    } finally {
      replaceDeadTaskManagers();
    }
  }

  @Test
  void aTaskManagerKilledDuringASwapFinishesTheSwapAfterTheRestartAndComparesNoVersions(
      @TempDir Path dir) throws Exception {
    ModelArtifact reversed = ModelVariants.bitReversed(DefaultModel.load(), "cluster-it-v2");
    Path artifact = dir.resolve("v2.hsm");
    String sha = reversed.write(artifact);
    try (JobHarness io = JobHarness.withoutJob(PLATFORM.get(), dir.resolve("checkpoints"))) {
      // one 1 ms slice per 500 ms tick: the 1,200 items take a few seconds to re-hash
      String job = submit(io.config.with(Map.of("swap.rehash-slice", "1ms",
          "swap.rehash-pause", "500ms")), null);
      List<Sent> originals = uploads("orig", 0);
      List<Sent> fill = fillers(1_200);
      send(io, Uploads.concat(originals, fill));
      io.awaitCodes(c -> true, originals.size() + fill.size());

      io.sendControl(ModelUpdate.newBuilder().setVersion(reversed.version().id()).setBits(64)
          .setEncoderId(BundledEncoder.ENCODER_ID).setEmbeddingSize(BundledEncoder.EMBEDDING_SIZE)
          .setArtifactUri(artifact.toUri().toString()).setArtifactSha256(sha)
          .setCreatedAt(Instant.now()).setCreatedBy("ClusterIT").build());
      // the PREPARE is in once an upload is indexed under both versions; the control topic and
      // the images topic are read by different sources, so a probe may overtake the update: one
      // probe a second (each matching nothing) until one is coded under the new version
      var prober = java.util.concurrent.Executors.newSingleThreadScheduledExecutor();
      int[] probes = {0};
      prober.scheduleWithFixedDelay(() -> {
        Sent marker = fillers(2 + probes[0]).get(0);
        send(io, List.of(new Sent(marker.tenant(), "probe-" + probes[0]++, marker.embedding())));
      }, 0, 1, java.util.concurrent.TimeUnit.SECONDS);
      try {
        io.awaitCodes(c -> c.getImageId().startsWith("probe-")
            && c.getModelVersion().equals(reversed.version().id()), 1);
      } finally {
        prober.shutdownNow();
        prober.awaitTermination(10, java.util.concurrent.TimeUnit.SECONDS);
      }

      killOneTaskManager();
      io.awaitControl(u -> u.getStage() == SwapStage.ACTIVATE
          && u.getVersion().equals(reversed.version().id()), 1);
      List<Sent> after = copies(originals, 0, originals.size());
      send(io, after);
      io.awaitAlerts(after.size());
      List<NearDuplicate> alerts = io.readAll(io.config.topics().nearDuplicates(), NearDuplicate.class, QUIET);
      assertThat(alerts.stream().map(a -> a.getQueryId() + " -> " + a.getMatchId()))
          .containsExactlyInAnyOrderElementsOf(Uploads.expectedAlerts(originals, after,
              codes(Uploads.concat(originals, after)), RADIUS));
      // bit-reversed codes keep same-version distances (the match re-hashed from its compact
      // embedding may differ by a bit) and change cross-version ones by about half the bits
      Map<String, Sent> byId = new HashMap<>();
      Uploads.concat(originals, after).forEach(s -> byId.put(s.imageId(), s));
      assertThat(alerts).allSatisfy(a -> {
        assertThat(a.getModelVersion()).isEqualTo(reversed.version().id());
        long[] query = v1.code(byId.get(a.getQueryId()).embedding());
        float[] match = byId.get(a.getMatchId()).embedding();
        assertThat(a.getDistance()).isIn(Uploads.distance(query, v1.code(match)),
            Uploads.distance(query, v1.code(CompactEmbedding.decode(CompactEmbedding.encode(match)))));
      });
      rest.cancel(job);
    } finally {
      ModelCatalog.shared().release("cluster-it-v2");
      replaceDeadTaskManagers();
    }
  }

  @Test
  void aSavepointRestoresAtParallelismFourThenOneAndEveryAnswerEqualsBruteForce(@TempDir Path dir)
      throws Exception {
    try (JobHarness io = JobHarness.withoutJob(PLATFORM.get(), dir.resolve("checkpoints"))) {
      List<Sent> all = new ArrayList<>();
      Set<String> expected = new java.util.TreeSet<>();
      List<Sent> originals = uploads("orig", 0);
      String job = submit(io.config, null);
      List<Sent> phase1 = Uploads.concat(originals, copies(originals, 0, 5));
      runPhase(io, phase1, all, expected);

      Path savepoint = rest.stopWithSavepoint(job, dir.resolve("savepoints"), WAIT);
      job = submit(io.config.with("job.parallelism", "4"), savepoint);
      runPhase(io, copies(originals, 5, 10), all, expected);

      savepoint = rest.stopWithSavepoint(job, dir.resolve("savepoints"), WAIT);
      job = submit(io.config.with("job.parallelism", "1"), savepoint);
      runPhase(io, copies(originals, 10, 16), all, expected);

      List<NearDuplicate> alerts = io.readAll(io.config.topics().nearDuplicates(), NearDuplicate.class, QUIET);
      assertThat(alerts.stream().map(a -> a.getQueryId() + " -> " + a.getMatchId()))
          .containsExactlyInAnyOrderElementsOf(expected);
      assertThat(io.readAll(io.config.topics().hashCodes(), HashCode.class, QUIET))
          .extracting(HashCode::getImageId).doesNotHaveDuplicates().hasSize(all.size());
      rest.cancel(job);
    }
  }

  /** Sends a phase's uploads, waits for their codes and alerts; brute force over all before. */
  private void runPhase(JobHarness io, List<Sent> phase, List<Sent> all, Set<String> expected) {
    List<Sent> earlier = new ArrayList<>(all);
    for (Sent s : phase) {
      // one at a time: "earlier" is then exact whatever the partitions
      send(io, List.of(s));
      io.awaitCodes(c -> c.getImageId().equals(s.imageId()), 1);
      expected.addAll(Uploads.expectedAlerts(earlier, List.of(s), codes(Uploads.concat(earlier, List.of(s))), RADIUS));
      earlier.add(s);
    }
    all.addAll(phase);
    io.awaitAlerts(expected.size());
  }

  private static String scrape(int port) throws Exception {
    java.net.http.HttpResponse<String> r = java.net.http.HttpClient.newHttpClient().send(
        java.net.http.HttpRequest.newBuilder(java.net.URI.create("http://127.0.0.1:" + port + "/metrics")).build(),
        java.net.http.HttpResponse.BodyHandlers.ofString());
    assertThat(r.statusCode()).isEqualTo(200);
    return r.body();
  }

  private static String submit(JobConfig config, Path restoreFrom) throws Exception {
    String job = RemoteJob.submit(config.with("index.radius", String.valueOf(RADIUS)),
        "127.0.0.1", cluster.restPort(), Path.of(System.getProperty("hashstream.job.jar")), restoreFrom);
    submitted.add(job);
    rest.awaitRunning(job, WAIT);
    return job;
  }

  /** SIGKILL to the first live TaskManager (it runs tasks: slots are spread evenly). */
  private static void killOneTaskManager() throws Exception {
    List<Process> tms = cluster.taskManagers();
    for (int i = 0; i < tms.size(); i++) {
      if (tms.get(i).isAlive()) {
        cluster.killTaskManager(i);
        return;
      }
    }
    throw new AssertionError("no live TaskManager to kill");
  }

  /** Back to two live, registered TaskManagers for the next test. */
  private static void replaceDeadTaskManagers() throws Exception {
    long alive = cluster.taskManagers().stream().filter(Process::isAlive).count();
    cluster.awaitTaskManagers((int) alive, WAIT); // the JobManager has noticed the dead ones
    for (long i = alive; i < 2; i++) {
      cluster.startTaskManager();
    }
    cluster.awaitTaskManagers(2, WAIT);
  }

  private static void send(JobHarness io, List<Sent> uploads) {
    uploads.forEach(s -> io.send(Uploads.withEmbedding(s.tenant(), s.imageId(), s.embedding())));
  }

  private static List<Sent> uploads(String prefix, int from) {
    List<Photo> photos = Photos.all();
    List<Sent> out = new ArrayList<>();
    for (int i = from; i < photos.size(); i++) {
      out.add(new Sent(i % 2 == 0 ? "acme" : "globex", prefix + "-" + i, photos.get(i).embedding()));
    }
    return out;
  }

  /** Re-encode-like copies of originals {@code from..to-1}, named {@code copy-<i>}. */
  private static List<Sent> copies(List<Sent> originals, int from, int to) {
    List<Sent> out = new ArrayList<>();
    for (int i = from; i < to; i++) {
      Sent o = originals.get(i);
      out.add(new Sent(o.tenant(), "copy-" + o.imageId().substring(o.imageId().indexOf('-') + 1),
          Uploads.jitter(o.embedding(), 1e-3, i)));
    }
    return out;
  }

  /** Uploads that match nothing (dimensions of random photos at random gains). */
  private static List<Sent> fillers(int n) {
    List<Photo> photos = Photos.all();
    SplittableRandom random = new SplittableRandom(n);
    List<Sent> out = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      float[] e = new float[BundledEncoder.EMBEDDING_SIZE];
      for (int d = 0; d < e.length; d++) {
        e[d] = (float) (photos.get(random.nextInt(photos.size())).embedding()[d]
            * Math.exp(random.nextDouble(-1.73, 1.73)));
      }
      out.add(new Sent(i % 2 == 0 ? "acme" : "globex", "fill-" + n + "-" + i, e));
    }
    return out;
  }

  private static Map<String, long[]> codes(List<Sent> uploads) {
    Map<String, long[]> out = new HashMap<>();
    for (Sent s : uploads) {
      out.put(s.imageId(), v1.code(s.embedding()));
    }
    return out;
  }
}
