package io.hashstream.it.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import io.hashstream.code.Hamming;
import io.hashstream.encoder.BundledEncoder;
import io.hashstream.flink.model.LoadedModel;
import io.hashstream.flink.model.ModelCatalog;
import io.hashstream.flink.model.ModelReference;
import io.hashstream.image.CopyTransform;
import io.hashstream.image.ImageDecoder;
import io.hashstream.image.ImageFileWriter;
import io.hashstream.image.RgbImage;
import io.hashstream.inference.DefaultModel;
import io.hashstream.inference.EmbeddingExtractor;
import io.hashstream.inference.EncodedImage;
import io.hashstream.inference.ImageResult;
import io.hashstream.inference.SignalExtractor;
import io.hashstream.inference.SignalExtractor.Signals;
import io.hashstream.it.platform.PlatformExtension;
import io.hashstream.model.ModelArtifact;
import io.hashstream.model.ModelVariants;
import io.hashstream.schemas.HashCode;
import io.hashstream.schemas.MatchSignal;
import io.hashstream.schemas.ModelUpdate;
import io.hashstream.schemas.NearDuplicate;
import io.hashstream.schemas.PdqStatus;
import io.hashstream.schemas.SampleRecords;
import io.hashstream.schemas.SwapStage;
import io.hashstream.schemas.Topic;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericDatumWriter;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.EncoderFactory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The fused detector end to end, on real images through the running job: a copy only PDQ catches,
 * a copy only CroVCA catches, low-quality PDQ hashes that must not match, an old-schema record on
 * the output topic that today's reader still decodes, and a hot swap that leaves PDQ matching as it
 * was. The expected answers are computed here with the same pipeline the job runs (decode, trim,
 * PDQ, encoder, default model); a pair whose distance lies within two bits of a threshold is left
 * out of the comparison, since two engine runs may differ in the last float bit.
 */
class FusedDetectorIT {
  private static final int RADIUS = 8;
  private static final int PDQ_RADIUS = 31;
  private static final int MIN_QUALITY = 50;
  private static final String TENANT = "fused";
  private static final Duration QUIET = Duration.ofSeconds(2);

  @RegisterExtension static final PlatformExtension PLATFORM = new PlatformExtension();

  private static SignalExtractor signals;
  private static LoadedModel v1;

  @BeforeAll
  static void open() throws Exception {
    signals = SignalExtractor.of(EmbeddingExtractor.of(BundledEncoder.open(1)), true);
    v1 = ModelCatalog.shared().acquire(
        ModelReference.ofDefault(), BundledEncoder.ENCODER_ID, BundledEncoder.EMBEDDING_SIZE);
  }

  @AfterAll
  static void close() {
    signals.close();
    ModelCatalog.shared().release(v1.version());
  }

  /** An image as the job will see it, with the signals computed here. */
  private record Image(String id, byte[] bytes, long[] code, Signals signals) {
    int codeDistance(Image other) {
      return Hamming.distance(code, 0, other.code, 0, code.length);
    }

    int pdqDistance(Image other) {
      return other.signals.pdq().minDistance(signals.pdq().original());
    }

    boolean usefulPdq() {
      return signals.pdq().quality() >= MIN_QUALITY;
    }
  }

  @Test
  void eitherSignalCatchesACopyLowQualityNeverMatchesAndASwapLeavesPdqAlone(@TempDir Path dir)
      throws Exception {
    List<Photos.Photo> photos = Photos.all().subList(0, 6);
    Map<String, Image> originals = new LinkedHashMap<>();
    for (Photos.Photo p : photos) {
      originals.put(p.name(), image("orig-" + p.name(), p.bytes()));
    }
    Picked pdqOnly = pick(photos, originals, List.of(CopyTransform.DOWNSCALE_TO_25_PERCENT,
        CopyTransform.BLUR, CopyTransform.JPEG_QUALITY_20, CopyTransform.CONTRAST,
        CopyTransform.BRIGHTNESS, CopyTransform.GRAYSCALE), true);
    Picked codeOnly = pick(photos, originals, List.of(CopyTransform.CENTER_CROP,
        CopyTransform.CROP_TOP_LEFT, CopyTransform.CROP_BOTTOM_RIGHT, CopyTransform.ROTATE_10,
        CopyTransform.COMBINATION, CopyTransform.ASPECT_STRETCH), false);
    // one flat image twice: identical PDQ hashes, but of no useful quality
    byte[] flat = ImageFileWriter.png(RgbImage.filled(320, 240, 0x808080));
    Image flatA = image("flat-1", flat);
    Image flatB = image("flat-2", flat);
    assertThat(flatA.pdqDistance(flatB)).isZero();
    assertThat(flatA.usefulPdq()).as("of no useful quality").isFalse();

    List<Image> sent = new ArrayList<>(originals.values());
    sent.add(pdqOnly.copy());
    sent.add(codeOnly.copy());
    sent.add(flatA);
    sent.add(flatB);
    try (JobHarness job = JobHarness.start(PLATFORM.get(), dir.resolve("checkpoints"), Map.of(
        "index.radius", String.valueOf(RADIUS), "index.pdq-radius", String.valueOf(PDQ_RADIUS),
        "index.pdq-min-quality", String.valueOf(MIN_QUALITY)))) {
      for (Image image : sent) {
        job.send(Uploads.withBytes(TENANT, image.id(), image.bytes()));
        job.awaitCodes(c -> c.getImageId().equals(image.id()), 1); // one at a time: "earlier" is exact
      }
      List<NearDuplicate> alerts = job.readAll(job.config.topics().nearDuplicates(), NearDuplicate.class, QUIET);
      Map<String, NearDuplicate> byPair = new LinkedHashMap<>();
      alerts.forEach(a -> byPair.put(a.getQueryId() + "->" + a.getMatchId(), a));

      assertThat(byPair.get(pdqOnly.pair()).getSignals())
          .as("a copy only PDQ catches").containsExactly(MatchSignal.PDQ);
      assertThat(byPair.get(codeOnly.pair()).getSignals())
          .as("a copy only CroVCA catches").containsExactly(MatchSignal.CROVCA);
      assertThat(byPair.values()).filteredOn(a -> a.getQueryId().startsWith("flat"))
          .as("low-quality PDQ hashes never match through PDQ")
          .noneMatch(a -> a.getSignals().contains(MatchSignal.PDQ));
      assertThat(byPair.get("flat-2->flat-1")).satisfies(a -> {
        assertThat(a.getSignals()).containsExactly(MatchSignal.CROVCA);
        assertThat(a.getPdqDistance()).as("no PDQ distance without useful hashes").isNull();
      });
      assertThat(robustSignals(byPair, sent)).isEqualTo(expectedSignals(sent));
      assertThat(job.readAll(job.config.topics().hashCodes(), HashCode.class, QUIET))
          .allSatisfy(c -> {
            assertThat(c.getPdqStatus()).isEqualTo(PdqStatus.HASHED);
            assertThat(c.getPdq()).isEqualTo(images(sent).get(c.getImageId()).signals().pdq().original().hex());
          });

      // an old producer's record on the output topic: today's reader decodes it
      writeReleasedNearDuplicate(job);
      assertThat(job.readAll(job.config.topics().nearDuplicates(), NearDuplicate.class, QUIET))
          .filteredOn(a -> a.getQueryId().equals(SampleRecords.nearDuplicate().getQueryId()))
          .singleElement().satisfies(a -> assertThat(a.getSignals()).isEmpty());

      // a hot swap re-hashes the CroVCA codes; PDQ matches as before, under the new version
      ModelArtifact reversed = ModelVariants.bitReversed(DefaultModel.load(), "fused-it-v2");
      Path artifact = dir.resolve("v2.hsm");
      String sha = reversed.write(artifact);
      job.sendControl(ModelUpdate.newBuilder().setVersion(reversed.version().id()).setBits(64)
          .setEncoderId(BundledEncoder.ENCODER_ID).setEmbeddingSize(BundledEncoder.EMBEDDING_SIZE)
          .setArtifactUri(artifact.toUri().toString()).setArtifactSha256(sha)
          .setCreatedAt(Instant.now()).setCreatedBy("FusedDetectorIT").build());
      job.awaitControl(u -> u.getStage() == SwapStage.ACTIVATE
          && u.getVersion().equals(reversed.version().id()), 1);
      job.send(Uploads.withBytes(TENANT, "after-swap", pdqOnly.copy().bytes()));
      job.awaitAlerts(alerts.size() + 3); // with the original, the copy and the old record
      assertThat(job.readAll(job.config.topics().nearDuplicates(), NearDuplicate.class, QUIET))
          .filteredOn(a -> a.getQueryId().equals("after-swap")
              && a.getMatchId().equals(pdqOnly.original().id()))
          .singleElement().satisfies(a -> {
            assertThat(a.getSignals()).containsExactly(MatchSignal.PDQ);
            assertThat(a.getModelVersion()).isEqualTo(reversed.version().id());
            assertThat(a.getPdqDistance()).isEqualTo(byPair.get(pdqOnly.pair()).getPdqDistance());
          });
    } finally {
      ModelCatalog.shared().release("fused-it-v2");
    }
  }

  /**
   * The first copy (photo × transform) that only one signal catches, clearly: for {@code byPdq},
   * PDQ within 20 and CroVCA at least three bits past the radius; else CroVCA at least two bits
   * inside the radius and PDQ at least ten past its radius.
   */
  /** A copy and the original it was made from. */
  private record Picked(Image copy, Image original) {
    String pair() {
      return copy.id() + "->" + original.id();
    }
  }

  private Picked pick(List<Photos.Photo> photos, Map<String, Image> originals,
      List<CopyTransform> transforms, boolean byPdq) throws Exception {
    for (CopyTransform t : transforms) {
      for (Photos.Photo p : photos) {
        RgbImage edited = t.apply(ImageDecoder.withDefaults().decode(p.bytes()));
        Image copy = image("copy-" + t.name().toLowerCase() + "-" + p.name(),
            ImageFileWriter.png(edited));
        Image original = originals.get(p.name());
        int code = copy.codeDistance(original);
        int pdq = copy.pdqDistance(original);
        boolean clear = byPdq
            ? pdq <= 20 && code >= RADIUS + 3 && copy.usefulPdq()
            : code <= RADIUS - 2 && pdq >= PDQ_RADIUS + 10;
        if (clear) {
          return new Picked(copy, original);
        }
      }
    }
    throw new AssertionError("no copy that only " + (byPdq ? "PDQ" : "CroVCA")
        + " catches among " + transforms + " of " + photos.size() + " photos");
  }

  private static Map<String, Image> images(List<Image> sent) {
    Map<String, Image> out = new LinkedHashMap<>();
    sent.forEach(i -> out.put(i.id(), i));
    return out;
  }

  private static Image image(String id, byte[] bytes) {
    ImageResult<Signals> r = signals.extract(List.of(EncodedImage.of(id, bytes))).get(0);
    if (!(r instanceof ImageResult.Ok<Signals> ok)) {
      throw new AssertionError("test image does not hash: " + r);
    }
    return new Image(id, bytes, v1.code(ok.value().embedding()), ok.value());
  }

  /** query->match: signals, for every pair whose decisions lie clearly away from both thresholds. */
  private static Map<String, Set<String>> expectedSignals(List<Image> sent) {
    Map<String, Set<String>> out = new LinkedHashMap<>();
    for (int q = 0; q < sent.size(); q++) {
      for (int m = 0; m < q; m++) {
        Image query = sent.get(q);
        Image match = sent.get(m);
        int code = query.codeDistance(match);
        boolean pdqComparable = query.usefulPdq() && match.usefulPdq();
        int pdq = pdqComparable ? query.pdqDistance(match) : Integer.MAX_VALUE;
        if (Math.abs(code - RADIUS) < 2 || (pdqComparable && Math.abs(pdq - PDQ_RADIUS) < 2)) {
          continue;
        }
        Set<String> signals = new TreeSet<>();
        if (code <= RADIUS) {
          signals.add(MatchSignal.CROVCA.name());
        }
        if (pdq <= PDQ_RADIUS) {
          signals.add(MatchSignal.PDQ.name());
        }
        out.put(query.id() + "->" + match.id(), signals);
      }
    }
    return out;
  }

  /** The job's answer for the same pairs (no alert: no signal). */
  private static Map<String, Set<String>> robustSignals(
      Map<String, NearDuplicate> byPair, List<Image> sent) {
    Map<String, Set<String>> out = new LinkedHashMap<>();
    for (String pair : expectedSignals(sent).keySet()) {
      NearDuplicate a = byPair.get(pair);
      Set<String> signals = new TreeSet<>();
      if (a != null) {
        a.getSignals().forEach(s -> signals.add(s.name()));
      }
      out.put(pair, signals);
    }
    return out;
  }

  /** Writes SampleRecords.nearDuplicate() as a producer on the first released schema would. */
  private static void writeReleasedNearDuplicate(JobHarness job) throws Exception {
    Schema v1Schema;
    try (InputStream in = FusedDetectorIT.class.getResourceAsStream(
        "/golden/v1/" + Topic.NEAR_DUPLICATES.valueSubject() + ".avsc")) {
      v1Schema = new Schema.Parser().parse(in);
    }
    NearDuplicate sample = SampleRecords.nearDuplicate();
    GenericRecord old = new GenericData.Record(v1Schema);
    for (Schema.Field f : v1Schema.getFields()) {
      Object value = sample.get(f.name());
      old.put(f.name(), value instanceof Instant t ? t.toEpochMilli() : value);
    }
    int id = job.platform.schemaRegistry().register(Topic.NEAR_DUPLICATES.valueSubject(), v1Schema);
    ByteArrayOutputStream frame = new ByteArrayOutputStream();
    frame.write(0);
    frame.write(ByteBuffer.allocate(4).putInt(id).array());
    BinaryEncoder encoder = EncoderFactory.get().binaryEncoder(frame, null);
    new GenericDatumWriter<GenericRecord>(v1Schema).write(old, encoder);
    encoder.flush();
    job.sendRaw(job.config.topics().nearDuplicates(), null, frame.toByteArray());
  }
}
