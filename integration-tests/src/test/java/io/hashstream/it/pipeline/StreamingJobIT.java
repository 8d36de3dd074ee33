package io.hashstream.it.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import io.hashstream.encoder.BundledEncoder;
import io.hashstream.flink.model.LoadedModel;
import io.hashstream.flink.model.ModelCatalog;
import io.hashstream.flink.model.ModelReference;
import io.hashstream.flink.serde.RawKafkaRecord;
import io.hashstream.flink.state.CompactEmbedding;
import io.hashstream.inference.DefaultModel;
import io.hashstream.it.pipeline.Photos.Photo;
import io.hashstream.it.pipeline.Uploads.Sent;
import io.hashstream.image.FifoWriter;
import io.hashstream.schemas.security.ModelSigning;
import java.security.KeyPair;
import io.hashstream.it.platform.PlatformExtension;
import io.hashstream.model.ModelArtifact;
import io.hashstream.model.ModelVariants;
import io.hashstream.schemas.DeadLetter;
import io.hashstream.schemas.DeadLetterReason;
import io.hashstream.schemas.EmbeddingVectors;
import io.hashstream.schemas.HashCode;
import io.hashstream.schemas.ModelUpdate;
import io.hashstream.schemas.NearDuplicate;
import io.hashstream.schemas.SwapStage;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Collectors;
import org.apache.flink.api.common.functions.RichMapFunction;
import org.apache.flink.api.common.state.CheckpointListener;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The streaming job end to end, on the embedded Kafka and registry and a MiniCluster
 * (parallelism 2, RocksDB, checkpoints), with the sample photos' real embeddings and real image
 * bytes: planted near-duplicates are alerted exactly once and nothing else is; bad events and bad
 * control messages are dead-lettered while the job goes on; a hot swap mid-stream (and a rollback)
 * loses and duplicates no alert and never compares codes of two versions; a failure mid-stream is
 * recovered from a checkpoint without losing or duplicating alerts.
 */
class StreamingJobIT {
  private static final int RADIUS = 3;
  private static final Duration QUIET = Duration.ofSeconds(2);

  @RegisterExtension static final PlatformExtension PLATFORM = new PlatformExtension();

  private static LoadedModel v1;
  private static List<Photo> photos;

  @BeforeAll
  static void loadModel() throws Exception {
    photos = Photos.all();
    v1 = ModelCatalog.shared().acquire(ModelReference.ofDefault(), BundledEncoder.ENCODER_ID,
        BundledEncoder.EMBEDDING_SIZE);
  }

  @AfterAll
  static void releaseModel() {
    ModelCatalog.shared().release(v1.version());
  }

  @Test
  void alertsEveryPlantedDuplicateOnceAndDeadLettersBadEvents(@TempDir Path dir) throws Exception {
    Path uploads = Files.createDirectories(dir.resolve("uploads"));
    try (JobHarness job = JobHarness.start(PLATFORM.get(), dir.resolve("checkpoints"),
        Map.of("index.radius", String.valueOf(RADIUS), "ingest.max-image-bytes", "400000",
            "ingest.allowed-uri-prefixes", uploads.toUri() + "{tenant}/"));
        FifoWriter secret = FifoWriter.at(dir.resolve("secrets").resolve("pipe.jpg"))) {
      List<Sent> originals = originals("orig");
      originals.forEach(s -> job.send(Uploads.withEmbedding(s.tenant(), s.imageId(), s.embedding())));
      job.awaitCodes(c -> c.getImageId().startsWith("orig-"), originals.size());

      Map<String, DeadLetterReason> bad = sendBadEvents(job, uploads, secret);

      List<Sent> copies = new ArrayList<>();
      for (int i = 0; i < photos.size(); i += 2) { // re-encoded copies, as embeddings
        Sent copy = new Sent(tenant(i), "copy-" + i, Uploads.jitter(photos.get(i).embedding(), 1e-3, i));
        copies.add(copy);
        job.send(Uploads.withEmbedding(copy.tenant(), copy.imageId(), copy.embedding()));
      }
      Photo byBytes = photos.get(1);
      copies.add(new Sent(tenant(1), "bytes-1", byBytes.embedding()));
      job.send(Uploads.withBytes(tenant(1), "bytes-1", byBytes.bytes()));
      Photo byUri = photos.get(3);
      Path file = Files.write(Files.createDirectories(uploads.resolve(tenant(3))).resolve(byUri.name()), byUri.bytes());
      copies.add(new Sent(tenant(3), "uri-3", byUri.embedding()));
      job.send(Uploads.withUri(tenant(3), "uri-3", file.toUri().toString()));
      Sent elsewhere = new Sent("initech", "elsewhere-0", photos.get(0).embedding());
      copies.add(elsewhere); // the same photo in another tenant: never matched across tenants
      job.send(Uploads.withEmbedding(elsewhere.tenant(), elsewhere.imageId(), elsewhere.embedding()));

      Map<String, long[]> codes = codesOf(v1, Uploads.concat(originals, copies));
      Set<String> expected = Uploads.expectedAlerts(originals, copies, codes, RADIUS);
      assertThat(Uploads.pairsWithin(originals, codes, RADIUS)).as("distinct photos stay apart").isEmpty();
      assertThat(Uploads.pairsWithin(copies, codes, RADIUS)).as("copies stay apart").isEmpty();
      assertThat(expected).as("every planted copy is within the radius of its original")
          .containsExactlyInAnyOrderElementsOf(plantedPairs(copies));

      List<HashCode> copyCodes = job.awaitCodes(c -> !c.getImageId().startsWith("orig-"), copies.size());
      for (HashCode c : copyCodes) {
        assertThat(c.getModelVersion()).isEqualTo(v1.version());
      }
      job.awaitAlerts(expected.size());
      List<NearDuplicate> alerts = job.readAll(job.config.topics().nearDuplicates(), NearDuplicate.class, QUIET);
      assertThat(alerts.stream().map(StreamingJobIT::pair)).containsExactlyInAnyOrderElementsOf(expected);
      for (NearDuplicate a : alerts) {
        assertThat(a.getModelVersion()).isEqualTo(v1.version());
        assertThat(a.getBits()).isEqualTo(64);
        assertThat(a.getDistance())
            .isEqualTo(Uploads.distance(codes.get(a.getQueryId()), codes.get(a.getMatchId())));
      }

      List<DeadLetter> letters = job.awaitDeadLetters(bad.size());
      Map<String, DeadLetterReason> reasons = new HashMap<>();
      for (DeadLetter d : letters) {
        reasons.put(keyOf(d), d.getReason());
        assertThat(d.getSourceTopic()).isEqualTo(job.config.topics().images());
        assertThat(d.getPayload()).as("the raw record is kept for replay").isNotNull();
      }
      assertThat(reasons).isEqualTo(bad);
      assertThat(secret.opened()).as("a refused URI is never opened").isFalse();
      for (DeadLetter d : letters) {
        if (d.getReason() == DeadLetterReason.URI_NOT_ALLOWED) {
          assertThat(d.getMessage()).as("says what the uploader can fix, nothing of the file")
              .doesNotContain("secrets", "pipe", "globex");
        }
      }
    }
  }

  @Test
  void hotSwapMidStreamLosesNoAlertNeverMixesVersionsAndRollsBack(@TempDir Path dir) throws Exception {
    Reversed reversed = Reversed.write(dir, "it-reversed-" + dir.getFileName());
    ModelReference v2Ref = reversed.reference();
    String sha = v2Ref.artifactSha256();
    LoadedModel v2 = reversed.model();
    // a 1 ms slice re-hashes one batch of one tenant per tick: the swap spans many ticks, with
    // uploads answered in between
    Path outside = Files.createTempDirectory("hashstream-it-outside-");
    try (JobHarness job = JobHarness.start(PLATFORM.get(), dir.resolve("checkpoints"),
            Map.of("index.radius", String.valueOf(RADIUS), "swap.rehash-slice", "1ms"));
        FifoWriter foreignArtifact = FifoWriter.at(outside.resolve("model.hsm"))) {
      // bad control messages first: each is dead-lettered and the job stays on v1
      job.sendControl(update(v2Ref, "0".repeat(64), BundledEncoder.ENCODER_ID));
      job.sendControl(update(v2Ref, sha, "some-other-encoder@1"));
      job.sendRaw(job.config.topics().control(), "garbage".getBytes(StandardCharsets.UTF_8),
          "{\"version\":\"x\"}".getBytes(StandardCharsets.UTF_8));
      // unsigned, signed by a key the job does not trust, changed after signing, and signed but
      // naming an artifact outside model.artifact-locations (a FIFO: opening it would show)
      ModelUpdate good = update(v2Ref, sha, BundledEncoder.ENCODER_ID);
      job.sendControlAsIs(good);
      KeyPair stranger = ModelSigning.generateKeyPair();
      job.sendControlAsIs(ModelSigning.sign(good, stranger.getPrivate(), stranger.getPublic()));
      job.sendControlAsIs(ModelUpdate.newBuilder(job.signed(good)).setArtifactSha256("1".repeat(64)).build());
      job.sendControl(ModelUpdate.newBuilder(good).setArtifactUri(foreignArtifact.path().toUri().toString()).build());

      List<Sent> originals = originals("orig");
      originals.forEach(s -> job.send(Uploads.withEmbedding(s.tenant(), s.imageId(), s.embedding())));
      List<HashCode> before = job.awaitCodes(c -> c.getImageId().startsWith("orig-"), originals.size());
      assertThat(before).allMatch(c -> c.getModelVersion().equals(v1.version()));

      // the swap races with uploads: copies of even photos are sent right behind the PREPARE
      job.sendControl(update(v2Ref, sha, BundledEncoder.ENCODER_ID));
      List<Sent> during = new ArrayList<>();
      for (int i = 0; i < photos.size(); i += 2) {
        Sent copy = new Sent(tenant(i), "during-" + i, Uploads.jitter(photos.get(i).embedding(), 1e-3, i));
        during.add(copy);
        job.send(Uploads.withEmbedding(copy.tenant(), copy.imageId(), copy.embedding()));
      }
      job.awaitControl(u -> u.getStage() == SwapStage.ACTIVATE && u.getVersion().equals(v2.version()), 1);

      List<Sent> after = new ArrayList<>();
      for (int i = 1; i < photos.size(); i += 2) {
        Sent copy = new Sent(tenant(i), "after-" + i, Uploads.jitter(photos.get(i).embedding(), 1e-3, i));
        after.add(copy);
        job.send(Uploads.withEmbedding(copy.tenant(), copy.imageId(), copy.embedding()));
      }
      List<HashCode> afterCodes = job.awaitCodes(c -> c.getImageId().startsWith("after-"), after.size());
      assertThat(afterCodes).as("after ACTIVATE only the new version is computed")
          .allMatch(c -> c.getModelVersion().equals(v2.version()));

      // rollback: a PREPARE of the earlier version swaps back the same way
      job.sendControl(update(ModelReference.ofDefault(), ModelReference.ofDefault().artifactSha256(),
          BundledEncoder.ENCODER_ID));
      job.awaitControl(u -> u.getStage() == SwapStage.ACTIVATE && u.getVersion().equals(v1.version()), 1);
      Sent back = new Sent(tenant(0), "rolled-back-0", Uploads.jitter(photos.get(0).embedding(), 1e-3, 99));
      job.send(Uploads.withEmbedding(back.tenant(), back.imageId(), back.embedding()));
      job.awaitCodes(c -> c.getImageId().equals(back.imageId()), 1);

      List<Sent> later = Uploads.concat(Uploads.concat(during, after), List.of(back));
      Map<String, long[]> codesV1 = codesOf(v1, Uploads.concat(originals, later));
      Set<String> expected = Uploads.expectedAlerts(originals, later, codesV1, RADIUS);
      expected.add(back.imageId() + " -> during-0"); // the rollback copy also matches the earlier copy
      assertThat(Uploads.pairsWithin(originals, codesV1, RADIUS)).isEmpty();

      job.awaitAlerts(expected.size());
      List<NearDuplicate> alerts = job.readAll(job.config.topics().nearDuplicates(), NearDuplicate.class, QUIET);
      assertThat(alerts.stream().map(StreamingJobIT::pair)).containsExactlyInAnyOrderElementsOf(expected);

      Map<String, Sent> sent = new HashMap<>();
      Uploads.concat(originals, later).forEach(s -> sent.put(s.imageId(), s));
      for (NearDuplicate a : alerts) {
        LoadedModel model = a.getModelVersion().equals(v2.version()) ? v2 : v1;
        assertThat(a.getModelVersion()).isIn(v1.version(), v2.version());
        assertThat(sameVersionDistances(model, sent.get(a.getQueryId()), sent.get(a.getMatchId())))
            .as("alert %s was measured between two codes of %s", pair(a), a.getModelVersion())
            .contains(a.getDistance());
        assertThat(crossVersionDistance(sent.get(a.getQueryId()), sent.get(a.getMatchId()), v1, v2))
            .as("a cross-version comparison would have given another distance")
            .isNotEqualTo(a.getDistance());
        if (a.getQueryId().startsWith("after-")) {
          assertThat(a.getModelVersion()).isEqualTo(v2.version());
        }
        if (a.getQueryId().equals(back.imageId())) {
          assertThat(a.getModelVersion()).isEqualTo(v1.version());
        }
      }

      List<DeadLetter> letters = job.awaitDeadLetters(7);
      assertThat(letters).allMatch(d -> d.getSourceTopic().equals(job.config.topics().control()));
      assertThat(letters.stream().map(DeadLetter::getReason))
          .containsExactlyInAnyOrder(DeadLetterReason.MODEL_CHECKSUM_MISMATCH,
              DeadLetterReason.INVALID_MODEL_UPDATE, DeadLetterReason.MALFORMED_FRAME,
              DeadLetterReason.MODEL_SIGNATURE_INVALID, DeadLetterReason.MODEL_SIGNATURE_INVALID,
              DeadLetterReason.MODEL_SIGNATURE_INVALID, DeadLetterReason.MODEL_LOCATION_NOT_ALLOWED);
      assertThat(foreignArtifact.opened()).as("a refused artifact is never opened").isFalse();
      assertThat(letters).extracting(DeadLetter::getMessage)
          .as("no dead letter tells a file's digest").allSatisfy(m -> assertThat(m).doesNotContain(sha));
    } finally {
      ModelCatalog.shared().release(v2.version());
      Files.deleteIfExists(outside.resolve("model.hsm"));
      Files.deleteIfExists(outside);
    }
  }

  /** Set when the injected failure has fired; static because the MiniCluster runs in this JVM. */
  private static final AtomicBoolean FAILED = new AtomicBoolean();
  private static volatile boolean checkpointCompleted;
  /** Counted down by the next completed checkpoint, once a test sets it. */
  private static volatile CountDownLatch checkpointCompletedAfterPrepare;

  @Test
  void recoversFromAFailureMidStreamWithoutLosingOrDuplicatingAlerts(@TempDir Path dir) throws Exception {
    FAILED.set(false);
    checkpointCompleted = false;
    try (JobHarness job = JobHarness.start(PLATFORM.get(), dir.resolve("checkpoints"),
        Map.of("index.radius", String.valueOf(RADIUS)), failOnce("boom", false))) {
      List<Sent> originals = originals("orig");
      originals.forEach(s -> job.send(Uploads.withEmbedding(s.tenant(), s.imageId(), s.embedding())));
      job.awaitCodes(c -> c.getImageId().startsWith("orig-"), originals.size());

      List<Sent> copies = new ArrayList<>();
      Sent boom = new Sent(tenant(0), "boom", Uploads.jitter(photos.get(0).embedding(), 1e-3, 7));
      copies.add(boom);
      job.send(Uploads.withEmbedding(boom.tenant(), boom.imageId(), boom.embedding()));
      for (int i = 1; i < photos.size(); i++) {
        Sent copy = new Sent(tenant(i), "copy-" + i, Uploads.jitter(photos.get(i).embedding(), 1e-3, i));
        copies.add(copy);
        job.send(Uploads.withEmbedding(copy.tenant(), copy.imageId(), copy.embedding()));
      }
      Map<String, long[]> codes = codesOf(v1, Uploads.concat(originals, copies));
      Set<String> expected = Uploads.expectedAlerts(originals, copies, codes, RADIUS);
      assertThat(expected).hasSize(copies.size());

      job.awaitAlerts(expected.size());
      List<NearDuplicate> alerts = job.readAll(job.config.topics().nearDuplicates(), NearDuplicate.class, QUIET);
      assertThat(FAILED).as("the injected failure fired").isTrue();
      assertThat(alerts.stream().map(StreamingJobIT::pair)).containsExactlyInAnyOrderElementsOf(expected);
      List<HashCode> allCodes = job.readAll(job.config.topics().hashCodes(), HashCode.class, QUIET);
      assertThat(allCodes.stream().map(HashCode::getImageId))
          .as("every upload hashed exactly once")
          .doesNotHaveDuplicates()
          .hasSize(originals.size() + copies.size());
    }
  }

  @Test
  void aFailureInTheMiddleOfASwapResumesTheReHashFromTheCheckpointAndLosesNoAlert(@TempDir Path dir)
      throws Exception {
    FAILED.set(false);
    checkpointCompleted = false;
    Reversed reversed = Reversed.write(dir, "it-resume-" + dir.getFileName());
    ModelReference v2Ref = reversed.reference();
    String sha = v2Ref.artifactSha256();
    LoadedModel v2 = reversed.model();
    // one 1 ms slice (one batch of 256 items) per tick, and the test sends the ticks: the PREPARE's
    // own slice leaves most of the 600 extra items of one tenant for later, and no slice runs until
    // the test ticks after the failure
    try (JobHarness job = JobHarness.start(PLATFORM.get(), dir.resolve("checkpoints"),
        Map.of("index.radius", String.valueOf(RADIUS), "swap.rehash-slice", "1ms"),
        failOnce("boom", true))) {
      List<Sent> earlier = Uploads.concat(originals("orig"), fillers(tenant(0), "fill", 600));
      earlier.forEach(s -> job.send(Uploads.withEmbedding(s.tenant(), s.imageId(), s.embedding())));
      job.awaitCodes(c -> c.getImageId().startsWith("orig-") || c.getImageId().startsWith("fill-"),
          earlier.size());

      job.sendControl(update(v2Ref, sha, BundledEncoder.ENCODER_ID));
      // the control message and uploads race to the match operator: send markers until one is
      // indexed under v2 too, which shows the PREPARE is in the job's state
      List<Sent> markers = new ArrayList<>();
      boolean prepared = false;
      for (int k = 0; !prepared && k < 100; k++) {
        Sent marker = fillers(tenant(0), "marker" + k, 1).get(0);
        markers.add(marker);
        job.send(Uploads.withEmbedding(marker.tenant(), marker.imageId(), marker.embedding()));
        prepared = job.readAll(job.config.topics().hashCodes(), HashCode.class, Duration.ofMillis(300)).stream()
            .anyMatch(c -> c.getImageId().startsWith("marker") && c.getModelVersion().equals(v2.version()));
      }
      assertThat(prepared).as("a marker indexed under v2").isTrue();
      // fail after a checkpoint that holds the half-done swap
      CountDownLatch checkpointed = new CountDownLatch(1);
      checkpointCompletedAfterPrepare = checkpointed;
      assertThat(checkpointed.await(JobHarness.WAIT.toSeconds(), TimeUnit.SECONDS))
          .as("a checkpoint completed after the PREPARE was in the job's state").isTrue();
      assertThat(job.readAll(job.config.topics().control(), ModelUpdate.class, Duration.ofMillis(200)))
          .as("the re-hash is unfinished when the failure comes (no tick was sent)")
          .noneMatch(u -> u.getStage() == SwapStage.ACTIVATE);
      Sent boom = new Sent(tenant(0), "boom", Uploads.jitter(photos.get(0).embedding(), 1e-3, 7));
      job.send(Uploads.withEmbedding(boom.tenant(), boom.imageId(), boom.embedding()));
      job.awaitCodes(c -> c.getImageId().equals("boom"), 1);
      assertThat(FAILED).as("the injected failure fired before boom was hashed").isTrue();

      // now the restored job re-hashes the rest, one batch per tick, from the checkpoint's cursors
      for (int t = 0; t < 100 && !activated(job, v2.version()); t++) {
        job.tick();
      }
      job.awaitControl(u -> u.getStage() == SwapStage.ACTIVATE && u.getVersion().equals(v2.version()), 1);
      Sent after = new Sent(tenant(1), "after-1", Uploads.jitter(photos.get(1).embedding(), 1e-3, 1));
      job.send(Uploads.withEmbedding(after.tenant(), after.imageId(), after.embedding()));

      List<Sent> later = Uploads.concat(markers, List.of(boom, after));
      Map<String, long[]> codes = codesOf(v1, Uploads.concat(earlier, later));
      assertThat(Uploads.pairsWithin(earlier, codes, RADIUS)).as("precondition").isEmpty();
      Set<String> expected = Uploads.expectedAlerts(earlier, later, codes, RADIUS);
      assertThat(expected).containsExactlyInAnyOrder("boom -> orig-0", "after-1 -> orig-1");
      job.awaitAlerts(expected.size());
      List<NearDuplicate> alerts = job.readAll(job.config.topics().nearDuplicates(), NearDuplicate.class, QUIET);
      assertThat(alerts.stream().map(StreamingJobIT::pair)).containsExactlyInAnyOrderElementsOf(expected);
      assertThat(alerts).filteredOn(a -> a.getQueryId().equals("after-1"))
          .allMatch(a -> a.getModelVersion().equals(v2.version()));
      List<HashCode> allCodes = job.readAll(job.config.topics().hashCodes(), HashCode.class, QUIET);
      assertThat(allCodes.stream().map(c -> c.getImageId() + "@" + c.getModelVersion()))
          .as("every upload hashed once per version it was indexed under")
          .doesNotHaveDuplicates();
    } finally {
      ModelCatalog.shared().release(v2.version());
    }
  }

  /**
   * Uploads that match nothing: each dimension taken from a random photo's embedding and scaled by
   * a random gain, which keeps the embeddings' range and sparsity but spreads their codes.
   */
  private List<Sent> fillers(String tenant, String prefix, int n) {
    java.util.SplittableRandom random = new java.util.SplittableRandom(prefix.hashCode());
    List<Sent> out = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      float[] e = new float[BundledEncoder.EMBEDDING_SIZE];
      for (int d = 0; d < e.length; d++) {
        float v = photos.get(random.nextInt(photos.size())).embedding()[d];
        e[d] = (float) (v * Math.exp(random.nextDouble(-1.73, 1.73)));
      }
      out.add(new Sent(tenant, prefix + "-" + i, e));
    }
    return out;
  }

  /**
   * The default model with its code bits reversed, written to {@code dir} and loaded: Hamming
   * distances are the same as under the default model, and different across the two.
   */
  private record Reversed(ModelReference reference, LoadedModel model) {
    static Reversed write(Path dir, String version) throws Exception {
      ModelArtifact reversed = ModelVariants.bitReversed(DefaultModel.load(), version);
      Path artifact = dir.resolve("reversed.hsm");
      String sha = reversed.write(artifact);
      ModelReference ref = new ModelReference(reversed.version().id(), 64, BundledEncoder.ENCODER_ID,
          BundledEncoder.EMBEDDING_SIZE, artifact.toUri().toString(), sha);
      return new Reversed(ref,
          ModelCatalog.shared().acquire(ref, BundledEncoder.ENCODER_ID, BundledEncoder.EMBEDDING_SIZE));
    }
  }

  /** Whether the job has written ACTIVATE of {@code version}, looking for a moment. */
  private static boolean activated(JobHarness job, String version) {
    return job.readAll(job.config.topics().control(), ModelUpdate.class, Duration.ofMillis(300))
        .stream().anyMatch(u -> u.getStage() == SwapStage.ACTIVATE && u.getVersion().equals(version));
  }

  /** Production wiring plus a step that fails once on {@code trigger}'s upload. */
  private static JobHarness.Wiring failOnce(String trigger, boolean manualTicks) {
    return new JobHarness.Wiring(
        s -> s.map(new FailOnce(trigger)).returns(TypeInformation.of(RawKafkaRecord.class))
            .uid("fail-once").name("fail-once"),
        manualTicks);
  }

  /**
   * Throws once, on the raw upload whose key ends in {@code /trigger}, after a checkpoint has
   * completed (so recovery uses it).
   */
  private static final class FailOnce extends RichMapFunction<RawKafkaRecord, RawKafkaRecord>
      implements CheckpointListener {
    private final String suffix;

    FailOnce(String trigger) {
      this.suffix = "/" + trigger;
    }

    @Override
    public RawKafkaRecord map(RawKafkaRecord r) {
      boolean isTrigger = r.key != null && new String(r.key, StandardCharsets.UTF_8).endsWith(suffix);
      if (isTrigger && checkpointCompleted && FAILED.compareAndSet(false, true)) {
        throw new IllegalStateException("injected failure on " + suffix);
      }
      return r;
    }

    @Override
    public void notifyCheckpointComplete(long checkpointId) {
      checkpointCompleted = true;
      CountDownLatch latch = checkpointCompletedAfterPrepare;
      if (latch != null) {
        latch.countDown();
      }
    }
  }

  private List<Sent> originals(String prefix) {
    List<Sent> out = new ArrayList<>();
    for (int i = 0; i < photos.size(); i++) {
      out.add(new Sent(tenant(i), prefix + "-" + i, photos.get(i).embedding()));
    }
    return out;
  }

  private static String tenant(int photo) {
    return photo % 2 == 0 ? "acme" : "globex";
  }

  private static Set<String> plantedPairs(List<Sent> copies) {
    Set<String> out = new TreeSet<>();
    for (Sent c : copies) {
      if (!c.tenant().equals("initech")) {
        out.add(c.imageId() + " -> orig-" + c.imageId().substring(c.imageId().indexOf('-') + 1));
      }
    }
    return out;
  }

  private static Map<String, long[]> codesOf(LoadedModel model, List<Sent> uploads) {
    Map<String, long[]> out = new HashMap<>();
    float[][] rows = uploads.stream().map(Sent::embedding).toArray(float[][]::new);
    long[][] codes = model.codes(rows);
    for (int i = 0; i < uploads.size(); i++) {
      out.put(uploads.get(i).imageId(), codes[i]);
    }
    return out;
  }

  /** The distances a same-version comparison can give: the match's code from its embedding, or re-hashed from its compact form. */
  private static Set<Integer> sameVersionDistances(LoadedModel model, Sent query, Sent match) {
    long[] q = model.code(query.embedding());
    long[] m = model.code(match.embedding());
    long[] mCompact = model.code(CompactEmbedding.decode(CompactEmbedding.encode(match.embedding())));
    return new java.util.HashSet<>(List.of(Uploads.distance(q, m), Uploads.distance(q, mCompact)));
  }

  private static int crossVersionDistance(Sent query, Sent match, LoadedModel v1, LoadedModel v2) {
    return Uploads.distance(v2.code(query.embedding()), v1.code(match.embedding()));
  }

  private static ModelUpdate update(ModelReference ref, String sha, String encoderId) {
    return ModelUpdate.newBuilder()
        .setVersion(ref.version())
        .setBits(ref.bits())
        .setEncoderId(encoderId)
        .setEmbeddingSize(ref.embeddingSize())
        .setArtifactUri(ref.artifactUri())
        .setArtifactSha256(sha)
        .setCreatedAt(Instant.now())
        .setCreatedBy("StreamingJobIT")
        .build();
  }

  /** Sends one upload of each kind of bad input; returns the reason expected per record key. */
  private Map<String, DeadLetterReason> sendBadEvents(JobHarness job, Path uploads, FifoWriter secret)
      throws java.io.IOException {
    Map<String, DeadLetterReason> expected = new HashMap<>();
    String images = job.config.topics().images();
    job.sendRaw(images, "bad/garbage".getBytes(StandardCharsets.UTF_8),
        "{\"not\":\"avro\"}".getBytes(StandardCharsets.UTF_8));
    expected.put("bad/garbage", DeadLetterReason.MALFORMED_FRAME);
    job.sendRaw(images, "bad/unknown-schema".getBytes(StandardCharsets.UTF_8),
        new byte[] {0, 0x10, 0, 0, 0, 4, 'x', 'y'});
    expected.put("bad/unknown-schema", DeadLetterReason.UNKNOWN_SCHEMA_ID);
    byte[] jpeg = photos.get(0).bytes();
    job.send(Uploads.withBytes("acme", "corrupt", Arrays.copyOf(jpeg, Math.min(400, jpeg.length / 4))));
    expected.put("acme/corrupt", DeadLetterReason.CORRUPT_IMAGE);
    job.send(Uploads.withEmbedding("acme", "short-embedding", new float[100]));
    expected.put("acme/short-embedding", DeadLetterReason.WRONG_EMBEDDING_SIZE);
    job.send(Uploads.base("acme", "other-encoder")
        .setEmbedding(EmbeddingVectors.of("some-other-encoder@1", photos.get(0).embedding())).build());
    expected.put("acme/other-encoder", DeadLetterReason.UNKNOWN_ENCODER);
    float[] nan = photos.get(0).embedding().clone();
    nan[5] = Float.NaN;
    job.send(Uploads.withEmbedding("acme", "nan-embedding", nan));
    expected.put("acme/nan-embedding", DeadLetterReason.UNDECODABLE_RECORD);
    job.send(Uploads.base("acme", "nothing").build());
    expected.put("acme/nothing", DeadLetterReason.MISSING_IMAGE);
    Path acme = Files.createDirectories(uploads.resolve("acme"));
    job.send(Uploads.withUri("acme", "missing-file", acme.resolve("no-such.jpg").toUri().toString()));
    expected.put("acme/missing-file", DeadLetterReason.URI_UNREADABLE);
    // a file outside the tenant's folder, straight or by '..' (encoded), or through a link in it:
    // a FIFO with a writer waiting, so that opening it would show
    job.send(Uploads.withUri("acme", "outside", secret.path().toUri().toString()));
    expected.put("acme/outside", DeadLetterReason.URI_NOT_ALLOWED);
    job.send(Uploads.withUri("acme", "climbing", acme.toUri() + "%2e%2e/%2e%2e/secrets/pipe.jpg"));
    expected.put("acme/climbing", DeadLetterReason.URI_NOT_ALLOWED);
    Files.createSymbolicLink(acme.resolve("link.jpg"), secret.path());
    job.send(Uploads.withUri("acme", "through-a-link", acme.resolve("link.jpg").toUri().toString()));
    expected.put("acme/through-a-link", DeadLetterReason.URI_NOT_ALLOWED);
    job.send(Uploads.withBytes("acme", "oversized", new byte[500_000]));
    expected.put("acme/oversized", DeadLetterReason.PAYLOAD_TOO_LARGE);
    return expected;
  }

  private static String pair(NearDuplicate a) {
    return a.getQueryId() + " -> " + a.getMatchId();
  }

  private static String keyOf(DeadLetter d) {
    ByteBuffer key = d.getRecordKey().duplicate();
    byte[] b = new byte[key.remaining()];
    key.get(b);
    return new String(b, StandardCharsets.UTF_8);
  }
}
