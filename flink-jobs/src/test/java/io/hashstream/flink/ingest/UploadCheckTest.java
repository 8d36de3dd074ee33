package io.hashstream.flink.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hashstream.schemas.DeadLetterReason;
import io.hashstream.schemas.Embedding;
import io.hashstream.schemas.EmbeddingVectors;
import io.hashstream.schemas.ImageEvent;
import java.nio.ByteBuffer;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class UploadCheckTest {
  private static final String ENCODER = "enc@1";
  private final UploadCheck check = new UploadCheck(ENCODER, 4, 100,
      new UriPolicy(java.util.List.of("s3://bucket/", "file:///x/"), java.util.Map.of()));

  private static ImageEvent.Builder event() {
    return ImageEvent.newBuilder()
        .setImageId("img-1")
        .setTenant("t")
        .setUploadedAt(Instant.parse("2026-11-28T12:00:00Z"));
  }

  @Test
  void anEmbeddingOfTheRunningEncoderWinsOverBytesAndUri() throws Exception {
    ImageEvent e =
        event()
            .setEmbedding(EmbeddingVectors.of(ENCODER, new float[] {1, 2, 3, 4}))
            .setImageBytes(ByteBuffer.wrap(new byte[] {1}))
            .setImageUri("file:///x.jpg")
            .build();
    Upload u = check.check(e);
    assertThat(u).isInstanceOf(Upload.WithEmbedding.class);
    assertThat(((Upload.WithEmbedding) u).vector()).containsExactly(1, 2, 3, 4);
  }

  @Test
  void bytesWinOverAUriAndAUriIsTheLastResort() throws Exception {
    Upload bytes =
        check.check(event().setImageBytes(ByteBuffer.wrap(new byte[] {9, 8})).setImageUri("file:///x").build());
    assertThat(bytes).isInstanceOf(Upload.WithBytes.class);
    assertThat(((Upload.WithBytes) bytes).bytes()).containsExactly(9, 8);

    Upload uri = check.check(event().setImageUri("S3://bucket//a/./b/../key.jpg").build());
    assertThat(((Upload.WithUri) uri).uri()).as("the normalised URI goes on")
        .hasToString("s3://bucket/a/key.jpg");
  }

  @Test
  void eachBadEventIsRejectedWithItsReason() {
    assertReason(event().build(), DeadLetterReason.MISSING_IMAGE);
    assertReason(event().setImageBytes(ByteBuffer.allocate(0)).build(), DeadLetterReason.MISSING_IMAGE);
    assertReason(event().setImageBytes(ByteBuffer.allocate(101)).build(), DeadLetterReason.PAYLOAD_TOO_LARGE);
    assertReason(event().setImageUri("no-scheme/x.jpg").build(), DeadLetterReason.URI_NOT_ALLOWED);
    assertReason(event().setImageUri("s3://other-bucket/x.jpg").build(), DeadLetterReason.URI_NOT_ALLOWED);
    assertReason(event().setImageUri("file:///etc/passwd").build(), DeadLetterReason.URI_NOT_ALLOWED);
    assertReason(event().setImageUri("file://bad host/x").build(), DeadLetterReason.URI_UNREADABLE);
    assertReason(event().setImageId(" ").setImageUri("file:///x").build(), DeadLetterReason.UNDECODABLE_RECORD);
    assertReason(
        event().setEmbedding(EmbeddingVectors.of("other@2", new float[4])).build(),
        DeadLetterReason.UNKNOWN_ENCODER);
    assertReason(
        event().setEmbedding(EmbeddingVectors.of(ENCODER, new float[5])).build(),
        DeadLetterReason.WRONG_EMBEDDING_SIZE);
    assertReason(
        event().setEmbedding(
                Embedding.newBuilder().setEncoderId(ENCODER).setDimensions(4)
                    .setVector(ByteBuffer.allocate(15)).build())
            .build(),
        DeadLetterReason.WRONG_EMBEDDING_SIZE);
    assertReason(
        event().setEmbedding(EmbeddingVectors.of(ENCODER, new float[] {0, Float.NaN, 0, 0})).build(),
        DeadLetterReason.UNDECODABLE_RECORD);
  }

  private void assertReason(ImageEvent e, DeadLetterReason reason) {
    assertThatThrownBy(() -> check.check(e))
        .isInstanceOfSatisfying(
            RejectedUploadException.class, r -> assertThat(r.reason()).isEqualTo(reason))
        .hasMessageNotContaining("null");
  }
}
