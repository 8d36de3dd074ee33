package io.hashstream.flink.inference;

import static io.hashstream.flink.inference.InferenceFixtures.embedding;
import static io.hashstream.flink.inference.InferenceFixtures.photoJpeg;
import static io.hashstream.flink.inference.InferenceFixtures.truncated;
import static io.hashstream.flink.inference.InferenceFixtures.withBytes;
import static io.hashstream.flink.inference.InferenceFixtures.withEmbedding;
import static io.hashstream.flink.inference.InferenceFixtures.withUri;
import static org.assertj.core.api.Assertions.assertThat;

import io.hashstream.code.Hamming;
import io.hashstream.encoder.BundledEncoder;
import io.hashstream.flink.ingest.PendingUpload;
import io.hashstream.flink.config.JobConfig;
import io.hashstream.flink.model.LoadedModel;
import io.hashstream.flink.model.ModelCatalog;
import io.hashstream.flink.state.CompactEmbedding;
import io.hashstream.inference.EmbeddingExtractor;
import io.hashstream.schemas.DeadLetterReason;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The service on the real bundled encoder and the default model, with real photos. */
class InferenceServiceTest {
  /** Every result is stamped with this clock's time (the service never reads the system clock). */
  private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-12-01T10:00:00Z"), ZoneOffset.UTC);
  private static final Supplier<EmbeddingExtractor> NO_ENCODER = () -> {
    throw new AssertionError("the encoder must not be opened for this service");
  };

  private static LoadedModel model;
  private static InferenceService service;
  private static byte[] jpeg;

  /** The one folder image URIs may point into. */
  @TempDir static Path uploads;

  @TempDir Path dir;

  private static JobConfig readingUploads() {
    return JobConfig.defaults().with("ingest.allowed-uri-prefixes", uploads.toUri().toString());
  }

  @BeforeAll
  static void open() throws Exception {
    model = InferenceFixtures.acquireDefaultModel();
    service = new InferenceService(readingUploads(), ModelCatalog.shared(),
        () -> EmbeddingExtractor.of(BundledEncoder.open(1)), 0, CLOCK);
    jpeg = photoJpeg("chelsea.png");
  }

  @AfterAll
  static void close() {
    if (service != null) {
      service.release();
    }
    if (model != null) {
      ModelCatalog.shared().release(model.version());
    }
  }

  private static HashedUpload hash(InferenceService s, PendingUpload upload) throws Exception {
    return await(s.hash(upload));
  }

  private static <T> T await(CompletableFuture<T> f) throws Exception {
    return f.get(60, TimeUnit.SECONDS); // a guard against hanging, not a timing assertion
  }

  @Test
  void aGoodJpegGetsItsEmbeddingAndACodeForEveryLiveModel() throws Exception {
    HashedUpload out = hash(service, withBytes("cat", jpeg));

    assertThat(out.failed()).as(String.valueOf(out.failureMessage)).isFalse();
    assertThat(CompactEmbedding.dimensions(out.compactEmbedding)).isEqualTo(BundledEncoder.EMBEDDING_SIZE);
    assertThat(out.codes.keySet())
        .containsExactlyElementsOf(ModelCatalog.shared().live().stream().map(LoadedModel::version).toList());
    long[] exact = out.codes.get(model.version());
    long[] fromCompact = model.code(CompactEmbedding.decode(out.compactEmbedding));
    assertThat(Hamming.distance(exact, 0, fromCompact, 0, exact.length))
        .as("the code is of the exact embedding, which the compact one approximates")
        .isLessThanOrEqualTo(2);
    assertThat(List.of(out.tenant, out.imageId, out.uploadedAt, out.receivedAt))
        .containsExactly("tenant-a", "cat", 1_000L, 2_000L);
    assertThat(out.hashedAt).as("stamped by the injected clock").isEqualTo(CLOCK.millis());
    assertThat(List.of(out.sourceTopic, out.sourcePartition, out.sourceOffset))
        .containsExactly("images", 3, 42L);
    assertThat(out.sourceKey).as("the raw record is dropped on success").isNull();
    assertThat(out.sourceValue).isNull();
  }

  @Test
  void aTruncatedJpegIsACorruptImageThatKeepsItsRawRecord() throws Exception {
    PendingUpload upload = withBytes("half", truncated(jpeg));
    HashedUpload out = hash(service, upload);

    assertThat(out.failureReason).isEqualTo(DeadLetterReason.CORRUPT_IMAGE);
    assertThat(out.failureMessage).contains("ends early");
    assertThat(out.compactEmbedding).isNull();
    assertThat(out.codes).isEmpty();
    assertThat(out.sourceValue).isEqualTo(upload.sourceValue);
    assertThat(out.sourceKey).isEqualTo(upload.sourceKey);
    assertThat(List.of(out.sourceTopic, out.sourcePartition, out.sourceOffset))
        .containsExactly("images", 3, 42L);
  }

  @Test
  void aBadImageNeverSpoilsTheGoodOnesBatchedWithIt() throws Exception {
    var good = service.hash(withBytes("good", jpeg));
    var text = service.hash(withBytes("text", "not an image".getBytes()));
    var other = service.hash(withBytes("rocket", photoJpeg("rocket.png")));

    assertThat(await(good).failed()).isFalse();
    assertThat(await(text).failureReason).isEqualTo(DeadLetterReason.UNSUPPORTED_IMAGE_FORMAT);
    assertThat(await(other).failed()).isFalse();
    assertThat(await(other).codes.get(model.version()))
        .isNotEqualTo(await(good).codes.get(model.version()));
  }

  @Test
  void aFileUriUnderAnAllowedPrefixIsRead() throws Exception {
    Path file = Files.write(uploads.resolve("cat.jpg"), jpeg);

    HashedUpload viaUri = hash(service, withUri("cat", file.toUri().toString()));
    HashedUpload inline = hash(service, withBytes("cat", jpeg));

    assertThat(viaUri.failed()).as(String.valueOf(viaUri.failureMessage)).isFalse();
    assertThat(viaUri.compactEmbedding).containsExactly(inline.compactEmbedding);
    assertThat(viaUri.codes.get(model.version())).containsExactly(inline.codes.get(model.version()));
  }

  @Test
  void aMissingFileIsUriUnreadableAndSaysWhatToDo() throws Exception {
    String uri = uploads.resolve("gone.jpg").toUri().toString();
    HashedUpload out = hash(service, withUri("gone", uri));

    assertThat(out.failureReason).isEqualTo(DeadLetterReason.URI_UNREADABLE);
    assertThat(out.failureMessage).contains("fix imageUri");
    assertThat(out.sourceValue).isNotNull();
  }

  @Test
  void aFileOutsideTheAllowedPrefixesIsRefusedAndAnUndecodableOneSaysNothingOfItsBytes() throws Exception {
    Path outside = Files.write(dir.resolve("cat.jpg"), jpeg);
    HashedUpload refused = hash(service, withUri("outside", outside.toUri().toString()));
    assertThat(refused.failureReason).isEqualTo(DeadLetterReason.URI_NOT_ALLOWED);

    Path text = Files.writeString(uploads.resolve("secret.jpg"), "root:x:0:0:root:/root:/bin/bash\n");
    HashedUpload garbage = hash(service, withUri("garbage", text.toUri().toString()));
    assertThat(garbage.failureReason).isEqualTo(DeadLetterReason.UNSUPPORTED_IMAGE_FORMAT);
    assertThat(garbage.failureMessage)
        .isEqualTo("the file at imageUri is not in a supported format (JPEG, PNG, GIF, BMP, WebP)");
    HashedUpload inline = hash(service, withBytes("inline-garbage", Files.readAllBytes(text)));
    assertThat(inline.failureMessage).as("inline bytes are the uploader's own: details help")
        .contains(String.valueOf(Files.size(text)));
  }

  @Test
  void aFileOverTheImageLimitIsRefusedUnreadAndWithoutTheEncoder() throws Exception {
    Path file = Files.write(uploads.resolve("big.jpg"), jpeg);
    JobConfig small = readingUploads().with("ingest.max-image-bytes", Integer.toString(jpeg.length - 1));
    InferenceService limited = new InferenceService(small, ModelCatalog.shared(), NO_ENCODER, 0, CLOCK);
    try {
      HashedUpload out = hash(limited, withUri("big", file.toUri().toString()));

      assertThat(out.failureReason).isEqualTo(DeadLetterReason.PAYLOAD_TOO_LARGE);
      assertThat(out.failureMessage).contains("ingest.max-image-bytes");
    } finally {
      limited.release();
    }
  }

  @Test
  void anImageOverThePixelLimitIsRefusedBeforeItsPixelsAreDecoded() throws Exception {
    JobConfig small = JobConfig.defaults().with("ingest.max-image-pixels", "10000");
    InferenceService limited = new InferenceService(small, ModelCatalog.shared(),
        () -> EmbeddingExtractor.of(BundledEncoder.open(1)), 0, CLOCK);
    try {
      HashedUpload out = hash(limited, withBytes("bomb", jpeg));
      assertThat(out.failureReason).isEqualTo(DeadLetterReason.IMAGE_TOO_LARGE);
    } finally {
      limited.release();
    }
  }

  @Test
  void aPrecomputedEmbeddingIsHashedWithoutOpeningTheEncoder() throws Exception {
    InferenceService embeddingsOnly =
        new InferenceService(JobConfig.defaults(), ModelCatalog.shared(), NO_ENCODER, 0, CLOCK);
    try {
      List<CompletableFuture<HashedUpload>> futures = new ArrayList<>();
      for (int seed = 0; seed < 3; seed++) {
        futures.add(embeddingsOnly.hash(withEmbedding("e" + seed, embedding(seed))));
      }

      for (int seed = 0; seed < 3; seed++) {
        HashedUpload out = await(futures.get(seed));
        assertThat(out.failed()).isFalse();
        assertThat(out.imageId).isEqualTo("e" + seed);
        assertThat(out.compactEmbedding).containsExactly(CompactEmbedding.encode(embedding(seed)));
        assertThat(out.codes.get(model.version())).containsExactly(model.code(embedding(seed)));
        assertThat(out.sourceValue).isNull();
      }
      assertThat(embeddingsOnly.liveModels()).isEqualTo(ModelCatalog.shared().live().size());
    } finally {
      embeddingsOnly.release();
    }
  }

  @Test
  void aReleasedServiceFailsNewUploadsInsteadOfHanging() throws Exception {
    InferenceService s = new InferenceService(JobConfig.defaults(), ModelCatalog.shared(), NO_ENCODER, 0, CLOCK);
    s.release();

    CompletableFuture<HashedUpload> f = s.hash(withEmbedding("late", embedding(3)));
    assertThat(f).isCompletedExceptionally();
  }
}
