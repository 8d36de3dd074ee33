package io.hashstream.flink.matching;

import static org.assertj.core.api.Assertions.assertThat;

import io.hashstream.encoder.BundledEncoder;
import io.hashstream.flink.inference.HashedUpload;
import io.hashstream.flink.model.LoadedModel;
import io.hashstream.flink.model.ModelCatalog;
import io.hashstream.flink.model.ModelReference;
import io.hashstream.flink.state.CompactEmbedding;
import io.hashstream.flink.swap.ControlMessage;
import io.hashstream.flink.swap.ManualSwapClock;
import io.hashstream.flink.swap.SwapReady;
import io.hashstream.flink.topology.OperatorIds;
import io.hashstream.inference.DefaultModel;
import io.hashstream.model.ModelArtifact;
import io.hashstream.model.ModelVariants;
import io.hashstream.pdq.PdqHash;
import io.hashstream.schemas.DeadLetter;
import io.hashstream.schemas.DeadLetterReason;
import io.hashstream.schemas.HashCode;
import io.hashstream.schemas.MatchSignal;
import io.hashstream.schemas.ModelUpdate;
import io.hashstream.schemas.NearDuplicate;
import io.hashstream.schemas.PdqStatus;
import io.hashstream.schemas.SwapStage;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.runtime.state.KeyGroupRangeAssignment;
import org.apache.flink.state.rocksdb.EmbeddedRocksDBStateBackend;
import org.apache.flink.streaming.api.operators.co.CoBroadcastWithKeyedOperator;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.AbstractStreamOperatorTestHarness;
import org.apache.flink.streaming.util.KeyedBroadcastOperatorTestHarness;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The real match function in Flink's keyed-broadcast harness, on RocksDB: query-then-insert equals
 * brute force across checkpoint, restore and rescale; failed uploads are dead-lettered; a hot swap
 * re-hashes, reports, switches and answers with the new version only; bad control messages change
 * nothing. Time is the harness's processing time and a {@link ManualSwapClock}.
 */
class MatchFunctionHarnessTest {
  private static final int MAX_PARALLELISM = 128;
  private static final int RADIUS = 6;
  private static final int PDQ_RADIUS = 31;
  private static final int PDQ_MIN_QUALITY = 50;
  private static final ModelReference V1 = ModelReference.ofDefault();
  /** A tenant that subtask 0 of 2 owns. */
  private static final String ON_FIRST = tenantOf(0, 2);

  @TempDir static Path models;
  private static ModelReference v2;
  private static LoadedModel v1Model;
  private static LoadedModel v2Model;

  @BeforeAll
  static void models() throws Exception {
    ModelArtifact reversed = ModelVariants.bitReversed(DefaultModel.load(), "reversed-v2");
    Path file = models.resolve("reversed.hsm");
    String sha = reversed.write(file);
    v2 = new ModelReference(reversed.version().id(), 64, BundledEncoder.ENCODER_ID,
        BundledEncoder.EMBEDDING_SIZE, file.toUri().toString(), sha);
    v1Model = acquire(V1);
    v2Model = acquire(v2);
  }

  @AfterAll
  static void release() {
    ModelCatalog.shared().release(V1.version());
    ModelCatalog.shared().release(v2.version());
  }

  @Test
  void everyAnswerEqualsBruteForceOverEarlierUploadsAcrossRestoreAndRescale() throws Exception {
    List<HashedUpload> uploads = clusteredUploads(600, new SplittableRandom(42));
    List<String> expected = bruteForce(uploads, u -> u.codes.get(V1.version()));
    assertThat(expected.stream().filter(p -> p.endsWith("|PDQ"))).as("PDQ-only matches").isNotEmpty();
    assertThat(expected.stream().filter(p -> p.endsWith("|CROVCA"))).as("CroVCA-only").isNotEmpty();
    List<String> actual = new ArrayList<>();
    ManualSwapClock clock = new ManualSwapClock();

    OperatorSubtaskState afterPhase1;
    try (var one = harness(1, 0, null, clock)) {
      one.processBroadcastElement(ControlMessage.tick(0), 0); // writes the slots to broadcast state
      uploads.subList(0, 200).forEach(u -> process(one, u));
      actual.addAll(pairs(one));
      assertThat(codes(one)).hasSize(200);
      afterPhase1 = one.snapshot(1, 1);
    }

    List<OperatorSubtaskState> afterPhase2 = new ArrayList<>();
    List<KeyedBroadcastOperatorTestHarness<String, HashedUpload, ControlMessage, NearDuplicate>> two =
        new ArrayList<>();
    for (int subtask = 0; subtask < 2; subtask++) {
      two.add(harness(2, subtask, AbstractStreamOperatorTestHarness.repartitionOperatorState(
          afterPhase1, MAX_PARALLELISM, 1, 2, subtask), clock));
    }
    for (HashedUpload u : uploads.subList(200, 400)) {
      process(two.get(subtaskOf(u.tenant, 2)), u);
    }
    for (var h : two) {
      actual.addAll(pairs(h));
      afterPhase2.add(h.snapshot(2, 2));
      h.close();
    }

    OperatorSubtaskState merged = AbstractStreamOperatorTestHarness.repackageState(
        afterPhase2.toArray(new OperatorSubtaskState[0]));
    try (var back = harness(1, 0, AbstractStreamOperatorTestHarness.repartitionOperatorState(
        merged, MAX_PARALLELISM, 2, 1, 0), clock)) {
      uploads.subList(400, 600).forEach(u -> process(back, u));
      actual.addAll(pairs(back));
    }

    assertThat(expected).hasSizeGreaterThan(100); // the clusters really produce matches
    assertThat(actual).containsExactlyInAnyOrderElementsOf(expected);
  }

  @Test
  void eitherSignalIsEnoughAndEachRecordSaysWhichMatchedAndBothDistances() throws Exception {
    long[] pdq = new SplittableRandom(1).longs(4).toArray();
    long[] otherPdq = new SplittableRandom(2).longs(4).toArray();
    try (var h = harness(2, 0, null, new ManualSwapClock())) {
      process(h, upload(ON_FIRST, "original", 0L, pdq, 100, 1));
      process(h, upload(ON_FIRST, "only-pdq", ~0L, pdq, 90, 2));        // codes 64 bits apart
      process(h, upload(ON_FIRST, "only-code", 0b11L, otherPdq, 90, 3)); // PDQ far away
      process(h, upload(ON_FIRST, "low-quality", ~0L, pdq, 20, 4));     // PDQ too weak to count

      Map<String, NearDuplicate> firstMatch = new HashMap<>();
      alerts(h).stream().filter(a -> a.getMatchId().equals("original"))
          .forEach(a -> firstMatch.put(a.getQueryId(), a));
      assertThat(firstMatch.get("only-pdq").getSignals()).containsExactly(MatchSignal.PDQ);
      assertThat(firstMatch.get("only-pdq").getPdqDistance()).isZero();
      assertThat(firstMatch.get("only-pdq").getDistance()).isEqualTo(64);
      assertThat(firstMatch.get("only-code").getSignals()).containsExactly(MatchSignal.CROVCA);
      assertThat(firstMatch.get("only-code").getDistance()).isEqualTo(2);
      assertThat(firstMatch.get("only-code").getPdqDistance()).isGreaterThan(PDQ_RADIUS);
      assertThat(firstMatch).doesNotContainKey("low-quality");
      assertThat(codes(h)).filteredOn(c -> c.getImageId().equals("low-quality")).singleElement()
          .satisfies(c -> {
            assertThat(c.getPdqQuality()).isEqualTo(20);
            assertThat(c.getPdqStatus()).isEqualTo(PdqStatus.HASHED);
          });
      assertThat(codes(h)).filteredOn(c -> c.getImageId().equals("original")).singleElement()
          .satisfies(c -> assertThat(c.getPdq()).isEqualTo(PdqHash.of(pdq, 0, 100).hex()));
    }
  }

  @Test
  void aRotatedOrMirroredCopyIsFoundThroughTheQuerysVariants() throws Exception {
    long[] stored = new SplittableRandom(7).longs(4).toArray();
    try (var h = harness(2, 0, null, new ManualSwapClock())) {
      process(h, upload(ON_FIRST, "original", 0L, stored, 100, 1));
      HashedUpload turned = upload(ON_FIRST, "turned", ~0L, new SplittableRandom(8).longs(4).toArray(), 100, 2);
      System.arraycopy(stored, 0, turned.pdqDihedral, 3 * 4, 4); // its ROTATE_270 is the original
      turned.pdqDihedral[3 * 4] ^= 0b111; // three bits off
      process(h, turned);

      assertThat(alerts(h)).singleElement().satisfies(a -> {
        assertThat(a.getSignals()).containsExactly(MatchSignal.PDQ);
        assertThat(a.getPdqDistance()).isEqualTo(3);
        assertThat(a.getPdqTransform()).isEqualTo("ROTATE_270");
      });
    }
  }

  @Test
  void anUploadWithoutAnImageHasNoPdqHashAndSaysSo() throws Exception {
    try (var h = harness(2, 0, null, new ManualSwapClock())) {
      process(h, upload(ON_FIRST, "embedding-only", 5L));
      assertThat(codes(h)).singleElement().satisfies(c -> {
        assertThat(c.getPdq()).isNull();
        assertThat(c.getPdqStatus()).isEqualTo(PdqStatus.NO_IMAGE);
      });
    }
  }

  @Test
  void anUploadInferenceCouldNotHashIsDeadLetteredAndNeverIndexed() throws Exception {
    try (var h = harness(2, 0, null, new ManualSwapClock())) {
      h.setProcessingTime(9_000);
      HashedUpload failed = upload(ON_FIRST, "broken", 1L);
      failed.failureReason = DeadLetterReason.CORRUPT_IMAGE;
      failed.failureMessage = "JPEG ends early";
      failed.sourceTopic = "images";
      failed.sourcePartition = 2;
      failed.sourceOffset = 17;
      failed.sourceValue = new byte[] {1, 2, 3};
      process(h, failed);
      process(h, upload(ON_FIRST, "same-code", 1L));

      assertThat(pairs(h)).as("the failed upload was not indexed").isEmpty();
      DeadLetter letter = sideOutput(h, OperatorIds.DEAD_LETTERS).get(0);
      assertThat(letter.getReason()).isEqualTo(DeadLetterReason.CORRUPT_IMAGE);
      assertThat(letter.getImageId()).isEqualTo("broken");
      assertThat(letter.getFailedAt().toEpochMilli()).isEqualTo(9_000);
      assertThat(letter.getPayload().array()).containsExactly(1, 2, 3);
      assertThat(List.of(letter.getSourceTopic(), letter.getSourcePartition(), letter.getSourceOffset()))
          .containsExactly("images", 2, 17L);
    }
  }

  @Test
  void aHotSwapReHashesReportsSwitchesAndThenAnswersOnlyWithTheNewVersion() throws Exception {
    ManualSwapClock clock = new ManualSwapClock();
    List<HashedUpload> before = embeddedUploads(ON_FIRST, "before", 40, 1);
    before.get(11).pdqDihedral = new SplittableRandom(11).longs(32).toArray();
    before.get(11).pdqQuality = 90;
    try (var h = harness(2, 0, null, clock)) {
      before.forEach(u -> process(h, u));
      h.processBroadcastElement(control(v2, SwapStage.PREPARE), 0);

      SwapReady ready = sideOutput(h, OperatorIds.SWAP_READY).get(0);
      assertThat(ready.version()).isEqualTo(v2.version());
      assertThat(ready.items).isEqualTo(40);

      HashedUpload during = copyOf(before.get(3), "during");
      process(h, during);
      assertThat(codes(h)).filteredOn(c -> c.getImageId().equals("during"))
          .extracting(HashCode::getModelVersion)
          .as("indexed under both versions while the swap runs")
          .containsExactlyInAnyOrder(V1.version(), v2.version());
      assertThat(alerts(h)).filteredOn(a -> a.getQueryId().equals("during"))
          .allMatch(a -> a.getModelVersion().equals(V1.version())).isNotEmpty();

      h.processBroadcastElement(control(v2, SwapStage.ACTIVATE), 0);
      HashedUpload after = copyOf(before.get(7), "after");
      process(h, after);

      List<HashedUpload> all = new ArrayList<>(before);
      all.add(during);
      all.add(after);
      List<String> expected = bruteForce(all, u -> v2Model.code(CompactEmbedding.decode(u.compactEmbedding)))
          .stream().filter(p -> p.startsWith("after->")).toList();
      assertThat(expected).isNotEmpty();
      assertThat(alerts(h)).filteredOn(a -> a.getQueryId().equals("after"))
          .allSatisfy(a -> assertThat(a.getModelVersion()).isEqualTo(v2.version()));
      assertThat(pairs(h)).filteredOn(p -> p.startsWith("after->"))
          .containsExactlyInAnyOrderElementsOf(expected);
      assertThat(codes(h)).filteredOn(c -> c.getImageId().equals("after"))
          .extracting(HashCode::getModelVersion).containsExactly(v2.version());

      // PDQ is untouched by the swap: an unrelated-looking upload with before-11's PDQ hash
      HashedUpload twin = embeddedUploads(ON_FIRST, "twin", 1, 99).get(0);
      twin.pdqDihedral = before.get(11).pdqDihedral.clone();
      twin.pdqQuality = 90;
      process(h, twin);
      assertThat(alerts(h)).filteredOn(a -> a.getQueryId().equals("twin-0"))
          .singleElement().satisfies(a -> {
            assertThat(a.getMatchId()).isEqualTo("before-11");
            assertThat(a.getSignals()).containsExactly(MatchSignal.PDQ);
            assertThat(a.getPdqDistance()).isZero();
            assertThat(a.getPdqTransform()).isEqualTo("ORIGINAL");
            assertThat(a.getDistance()).as("CroVCA distance, measured anyway").isGreaterThan(RADIUS);
          });
    }
  }

  @Test
  void aSwapCutByARestoreResumesFromTheCheckpointedCursor() throws Exception {
    ManualSwapClock clock = new ManualSwapClock();
    List<HashedUpload> before = embeddedUploads("t", "before", 300, 2);
    OperatorSubtaskState midSwap;
    try (var h = harness(1, 0, null, clock)) {
      before.forEach(u -> process(h, u));
      clock.advanceOnEveryRead(Duration.ofSeconds(1).toNanos()); // every slice: one batch of 256
      h.processBroadcastElement(control(v2, SwapStage.PREPARE), 0);
      assertThat(sideOutput(h, OperatorIds.SWAP_READY)).as("300 items, 256 re-hashed").isEmpty();
      midSwap = h.snapshot(1, 1);
    }
    try (var h = harness(1, 0, midSwap, clock)) {
      h.processBroadcastElement(ControlMessage.tick(clock.currentTimeMillis()), 0);
      SwapReady ready = sideOutput(h, OperatorIds.SWAP_READY).get(0);
      assertThat(ready.items).as("only what the checkpoint had not re-hashed").isEqualTo(300 - 256);

      h.processBroadcastElement(control(v2, SwapStage.ACTIVATE), 0);
      HashedUpload query = copyOf(before.get(299), "query");
      process(h, query);
      List<HashedUpload> all = new ArrayList<>(before);
      all.add(query);
      List<String> expected = bruteForce(all, u -> v2Model.code(CompactEmbedding.decode(u.compactEmbedding)))
          .stream().filter(p -> p.startsWith("query->")).toList();
      assertThat(expected).contains("query->before-299:0|CROVCA");
      assertThat(pairs(h)).containsExactlyInAnyOrderElementsOf(expected);
    }
  }

  @Test
  void badControlMessagesAreDeadLetteredOnceAndTheRunningModelKeepsAnswering() throws Exception {
    ModelReference wrongSha = new ModelReference(v2.version(), 64, v2.encoderId(),
        v2.embeddingSize(), v2.artifactUri(), "00".repeat(32));
    ManualSwapClock clock = new ManualSwapClock();
    try (var first = harness(2, 0, null, clock); var second = harness(2, 1, null, clock)) {
      for (var h : List.of(first, second)) {
        h.processBroadcastElement(control(wrongSha, SwapStage.PREPARE), 0);
        h.processBroadcastElement(control(v2, SwapStage.ACTIVATE), 0);
      }
      assertThat(sideOutput(first, OperatorIds.DEAD_LETTERS))
          .extracting(DeadLetter::getReason)
          .containsExactly(DeadLetterReason.MODEL_CHECKSUM_MISMATCH, DeadLetterReason.INVALID_MODEL_UPDATE);
      assertThat(sideOutput(first, OperatorIds.DEAD_LETTERS))
          .allSatisfy(d -> assertThat(d.getMessage()).contains("keeps running " + V1.version()));
      assertThat(sideOutput(second, OperatorIds.DEAD_LETTERS)).as("one dead letter is enough").isEmpty();

      HashedUpload a = upload(ON_FIRST, "a", 0b1011L);
      HashedUpload b = upload(ON_FIRST, "b", 0b1001L);
      process(first, a);
      process(first, b);
      assertThat(alerts(first)).singleElement()
          .satisfies(n -> assertThat(n.getModelVersion()).isEqualTo(V1.version()));
    }
  }

  // ---- fixtures ----

  private static KeyedBroadcastOperatorTestHarness<String, HashedUpload, ControlMessage, NearDuplicate>
      harness(int parallelism, int subtask, OperatorSubtaskState restore, ManualSwapClock clock)
          throws Exception {
    MatchFunction function = new MatchFunction(V1, BundledEncoder.ENCODER_ID,
        BundledEncoder.EMBEDDING_SIZE, RADIUS, PDQ_RADIUS, PDQ_MIN_QUALITY, 1_000,
        Duration.ofMillis(200), Duration.ofMillis(50), clock);
    var h = new KeyedBroadcastOperatorTestHarness<>(
        new CoBroadcastWithKeyedOperator<>(function, List.of(OperatorIds.MODEL_SLOTS)),
        (HashedUpload u) -> u.tenant, Types.STRING, MAX_PARALLELISM, parallelism, subtask);
    h.setStateBackend(new EmbeddedRocksDBStateBackend(true));
    if (restore != null) {
      h.initializeState(restore);
    }
    h.open();
    return h;
  }

  private static void process(
      KeyedBroadcastOperatorTestHarness<String, HashedUpload, ControlMessage, NearDuplicate> h,
      HashedUpload u) {
    try {
      h.processElement(u, u.uploadedAt);
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  private static <T> List<T> sideOutput(AbstractStreamOperatorTestHarness<?> h,
      org.apache.flink.util.OutputTag<T> tag) {
    var records = h.getSideOutput(tag);
    return records == null ? List.of() : records.stream().map(StreamRecord::getValue).toList();
  }

  private static List<NearDuplicate> alerts(
      KeyedBroadcastOperatorTestHarness<String, HashedUpload, ControlMessage, NearDuplicate> h) {
    return h.extractOutputValues();
  }

  /** Each alert as {@code query->match:codeDistance|SIGNALS}. */
  private static List<String> pairs(
      KeyedBroadcastOperatorTestHarness<String, HashedUpload, ControlMessage, NearDuplicate> h) {
    return alerts(h).stream()
        .map(a -> a.getQueryId() + "->" + a.getMatchId() + ":" + a.getDistance() + "|"
            + a.getSignals().stream().map(Enum::name).collect(java.util.stream.Collectors.joining(",")))
        .toList();
  }

  private static List<HashCode> codes(AbstractStreamOperatorTestHarness<?> h) {
    return sideOutput(h, OperatorIds.HASH_CODES);
  }

  private static String tenantOf(int subtask, int parallelism) {
    for (int i = 0; ; i++) {
      if (subtaskOf("tenant-" + i, parallelism) == subtask) {
        return "tenant-" + i;
      }
    }
  }

  private static int subtaskOf(String tenant, int parallelism) {
    return KeyGroupRangeAssignment.assignKeyToParallelOperator(tenant, MAX_PARALLELISM, parallelism);
  }

  /** An upload whose code under the default model is given (no inference needed), no PDQ. */
  private static HashedUpload upload(String tenant, String imageId, long code) {
    HashedUpload u = new HashedUpload();
    u.tenant = tenant;
    u.imageId = imageId;
    u.uploadedAt = 1_000;
    u.compactEmbedding = CompactEmbedding.encode(new float[BundledEncoder.EMBEDDING_SIZE]);
    u.codes.put(V1.version(), new long[] {code});
    return u;
  }

  /** The same with a PDQ hash: {@code original} and seven other variants from {@code seed}. */
  private static HashedUpload upload(
      String tenant, String imageId, long code, long[] original, int quality, long seed) {
    HashedUpload u = upload(tenant, imageId, code);
    SplittableRandom random = new SplittableRandom(seed);
    u.pdqDihedral = random.longs(8 * 4).toArray();
    System.arraycopy(original, 0, u.pdqDihedral, 0, 4);
    u.pdqQuality = quality;
    return u;
  }

  /**
   * 60 CroVCA cluster centres and, independently, 60 PDQ centres, over 5 tenants: each upload a
   * centre of each with 0–5 (CroVCA) and 0–40 (PDQ) bits flipped, one in ten of low PDQ quality,
   * one in ten without PDQ; one image in twenty uploaded again under its earlier id (never a match
   * of itself).
   */
  private static List<HashedUpload> clusteredUploads(int n, SplittableRandom random) {
    long[] centres = random.longs(60).toArray();
    long[][] pdqCentres = new long[60][];
    for (int i = 0; i < pdqCentres.length; i++) {
      pdqCentres[i] = random.longs(4).toArray();
    }
    List<HashedUpload> out = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      long code = centres[random.nextInt(centres.length)];
      for (int f = random.nextInt(6); f > 0; f--) {
        code ^= 1L << random.nextInt(64);
      }
      long[] pdq = pdqCentres[random.nextInt(pdqCentres.length)].clone();
      for (int f = random.nextInt(41); f > 0; f--) {
        int bit = random.nextInt(256);
        pdq[bit / 64] ^= 1L << (bit % 64);
      }
      String id = i > 0 && random.nextInt(20) == 0 ? out.get(random.nextInt(i)).imageId : "img-" + i;
      String tenant = "tenant-" + random.nextInt(5);
      int kind = random.nextInt(10);
      out.add(kind == 0 ? upload(tenant, id, code)
          : upload(tenant, id, code, pdq, kind == 1 ? 30 : 90, random.nextLong()));
    }
    return out;
  }

  /** Uploads with plausible embeddings and no precomputed code: the function hashes them. */
  private static List<HashedUpload> embeddedUploads(String tenant, String prefix, int n, long seed) {
    SplittableRandom random = new SplittableRandom(seed);
    List<HashedUpload> out = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      float[] e = new float[BundledEncoder.EMBEDDING_SIZE];
      for (int d = 0; d < e.length; d++) {
        e[d] = random.nextInt(4) == 0 ? (float) random.nextDouble(0, 6) : 0f;
      }
      HashedUpload u = new HashedUpload();
      u.tenant = tenant;
      u.imageId = prefix + "-" + i;
      u.uploadedAt = 1_000 + i;
      u.compactEmbedding = CompactEmbedding.encode(e);
      out.add(u);
    }
    return out;
  }

  /** A re-upload of {@code of}'s image under another id (same embedding, no code given). */
  private static HashedUpload copyOf(HashedUpload of, String imageId) {
    HashedUpload u = new HashedUpload();
    u.tenant = of.tenant;
    u.imageId = imageId;
    u.uploadedAt = of.uploadedAt + 10_000;
    u.compactEmbedding = of.compactEmbedding.clone();
    return u;
  }

  /**
   * The oracle: each upload against every earlier upload of its tenant, by Long.bitCount: a match
   * when the codes are within RADIUS or the earlier PDQ hash (useful quality on both sides) is
   * within PDQ_RADIUS of any of the query's variants. Written as {@code query->match:d|SIGNALS}.
   */
  private static List<String> bruteForce(
      List<HashedUpload> uploads, java.util.function.Function<HashedUpload, long[]> codeOf) {
    List<String> out = new ArrayList<>();
    Map<String, List<HashedUpload>> seen = new HashMap<>();
    Map<HashedUpload, Long> codes = new LinkedHashMap<>();
    for (HashedUpload u : uploads) {
      codes.put(u, codeOf.apply(u)[0]);
    }
    for (HashedUpload u : uploads) {
      List<HashedUpload> tenant = seen.computeIfAbsent(u.tenant, k -> new ArrayList<>());
      for (HashedUpload earlier : tenant) {
        int d = Long.bitCount(codes.get(u) ^ codes.get(earlier));
        boolean byCode = d <= RADIUS;
        boolean byPdq = pdqDistance(u, earlier) <= PDQ_RADIUS;
        if ((byCode || byPdq) && !earlier.imageId.equals(u.imageId)) {
          out.add(u.imageId + "->" + earlier.imageId + ":" + d + "|"
              + (byCode && byPdq ? "CROVCA,PDQ" : byCode ? "CROVCA" : "PDQ"));
        }
      }
      tenant.add(u);
    }
    return out;
  }

  private static int pdqDistance(HashedUpload query, HashedUpload earlier) {
    if (query.pdqDihedral == null || earlier.pdqDihedral == null
        || query.pdqQuality < PDQ_MIN_QUALITY || earlier.pdqQuality < PDQ_MIN_QUALITY) {
      return Integer.MAX_VALUE;
    }
    int best = Integer.MAX_VALUE;
    for (int v = 0; v < 8; v++) {
      int d = 0;
      for (int w = 0; w < 4; w++) {
        d += Long.bitCount(query.pdqDihedral[v * 4 + w] ^ earlier.pdqDihedral[w]);
      }
      best = Math.min(best, d);
    }
    return best;
  }

  private static ControlMessage control(ModelReference model, SwapStage stage) {
    ControlMessage m = new ControlMessage();
    m.update = ModelUpdate.newBuilder()
        .setVersion(model.version()).setBits(model.bits()).setEncoderId(model.encoderId())
        .setEmbeddingSize(model.embeddingSize()).setArtifactUri(model.artifactUri())
        .setArtifactSha256(model.artifactSha256()).setCreatedAt(Instant.EPOCH)
        .setCreatedBy("test").setStage(stage).build();
    m.topic = "hashcoder-control";
    m.offset = 7;
    m.raw = new byte[] {9};
    return m;
  }

  private static LoadedModel acquire(ModelReference ref) throws Exception {
    return ModelCatalog.shared().acquire(ref, BundledEncoder.ENCODER_ID, BundledEncoder.EMBEDDING_SIZE);
  }
}
