package io.hashstream.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hashstream.code.CodeLength;
import io.hashstream.model.InvalidModelArtifactException.Reason;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Arrays;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Format v1 and v2 round trips and every way a damaged artifact is rejected. */
class ModelArtifactTest {
  @TempDir Path dir;

  final ModelArtifact artifact =
      ModelFixtures.artifact(ModelFixtures.randomWeights(10, 128, 1), "m-128");

  @Test
  void roundTripsThroughBytesAndFiles() {
    assertThat(ModelArtifact.fromBytes(artifact.toBytes(), "mem")).isEqualTo(artifact);
    Path file = dir.resolve("model.hsm");
    String sha = artifact.write(file);
    assertThat(ModelArtifact.fileSha256(file)).isEqualTo(sha).matches("[0-9a-f]{64}");
    ModelArtifact read = ModelArtifact.read(file, sha);
    assertThat(read).isEqualTo(artifact);
    assertThat(read.codeLength()).isEqualTo(CodeLength.BITS_128);
    assertThat(read.encoderId()).isEqualTo("test-encoder");
    assertThat(read.embeddingSize()).isEqualTo(10);
    assertThat(read.postprocessor().sampleCount()).isEqualTo(1000);
    assertThat(read.metrics()).containsExactly(Map.entry("bit_balance_min", 0.45), Map.entry("loss", 0.25));
    assertThat(read.command()).isEqualTo("hashstream train --test");
  }

  /**
   * The hidden width is recorded: a model with h = d is still written as format v1, byte for byte
   * (so published sha256s stay valid and older builds read it), one with h ≠ d as v2.
   */
  @Test
  void theHiddenWidthIsRecordedAndTheSquareBlockKeepsFormatOne() {
    byte[] square = artifact.toBytes();
    assertThat(ByteBuffer.wrap(square).getShort(8)).isEqualTo((short) 1);

    ModelArtifact narrow = ModelFixtures.artifact(ModelFixtures.randomWeights(10, 4, 64, 2), "n");
    byte[] bytes = narrow.toBytes();
    assertThat(ByteBuffer.wrap(bytes).getShort(8)).isEqualTo((short) 2);
    ModelArtifact read = ModelArtifact.fromBytes(bytes, "mem");
    assertThat(read).isEqualTo(narrow);
    assertThat(read.weights().hiddenWidth()).isEqualTo(4);
    assertThat(read.embeddingSize()).isEqualTo(10);
  }

  /** The shipped default model (format v1, h = d) reads and re-encodes to the same bytes. */
  @Test
  void theShippedDefaultModelReEncodesByteForByte() throws IOException {
    try (var in = ModelArtifact.class.getResourceAsStream("default-crovca-64.hsm")) {
      assertThat(in).as("the bundled default model").isNotNull();
      byte[] shipped = in.readAllBytes();
      ModelArtifact model = ModelArtifact.fromBytes(shipped, "default");
      assertThat(model.weights().hiddenWidth()).isEqualTo(model.embeddingSize());
      assertThat(model.toBytes()).isEqualTo(shipped);
    }
  }

  @Test
  void encodingIsDeterministicAndKeepsMilliseconds() {
    ModelArtifact withNanos =
        new ModelArtifact(
            artifact.version(),
            artifact.postprocessor(),
            artifact.weights(),
            artifact.metrics(),
            artifact.command(),
            Instant.parse("2026-01-01T00:00:00.123456789Z"));
    assertThat(withNanos.createdAt()).isEqualTo(Instant.parse("2026-01-01T00:00:00.123Z"));
    assertThat(withNanos.toBytes()).isEqualTo(withNanos.toBytes());
  }

  @Test
  void anyFlippedContentByteIsADigestMismatch() {
    byte[] bytes = artifact.toBytes();
    for (int i : new int[] {20, 40, bytes.length / 2, bytes.length - 33, bytes.length - 1}) {
      byte[] damaged = bytes.clone();
      damaged[i] ^= 0x01;
      assertRejected(damaged, Reason.DIGEST_MISMATCH);
    }
  }

  @Test
  void truncationIsDetected() {
    byte[] bytes = artifact.toBytes();
    for (int length : new int[] {0, 5, 12, 20, bytes.length - 1}) {
      assertRejected(Arrays.copyOf(bytes, length), Reason.TRUNCATED);
    }
  }

  @Test
  void otherFilesAndOtherVersionsAreRejected() {
    byte[] bytes = artifact.toBytes();
    byte[] png = bytes.clone();
    png[1] = 'P';
    assertRejected(png, Reason.BAD_MAGIC);
    byte[] newer = bytes.clone();
    newer[9] = (byte) (ModelArtifact.FORMAT_VERSION + 1);
    assertRejected(newer, Reason.UNSUPPORTED_FORMAT_VERSION);
    byte[] zero = bytes.clone();
    zero[9] = 0;
    assertRejected(zero, Reason.UNSUPPORTED_FORMAT_VERSION);
    byte[] flagged = bytes.clone();
    flagged[11] = 1;
    assertRejected(flagged, Reason.UNSUPPORTED_FORMAT_VERSION);
    assertRejected(Arrays.copyOf(bytes, bytes.length + 3), Reason.MALFORMED);
  }

  @Test
  void aWrongFileDigestFromAControlMessageIsRejected() throws IOException {
    Path file = dir.resolve("model.hsm");
    artifact.write(file);
    assertThatThrownBy(() -> ModelArtifact.read(file, "00".repeat(32)))
        .isInstanceOfSatisfying(
            InvalidModelArtifactException.class,
            e -> assertThat(e.reason()).isEqualTo(Reason.DIGEST_MISMATCH));
    assertThat(Files.list(dir)).containsExactly(file); // the atomic write left no temp file
  }

  @Test
  void partsMustFitTogether() {
    assertThatThrownBy(
            () ->
                new ModelArtifact(
                    artifact.version(),
                    io.hashstream.encoder.EmbeddingPostprocessor.uncentred("e", 11),
                    artifact.weights(),
                    Map.of(),
                    "",
                    ModelFixtures.T0))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(
            () ->
                ModelFixtures.artifact(ModelFixtures.randomWeights(4, 12, 1), "twelve-bits"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("unsupported code length");
  }

  @Test
  void versionIdsAreValidated() {
    assertThat(ModelVersion.of("crovca-64-20261128T120000Z-3fa2c1d0").id())
        .isEqualTo("crovca-64-20261128T120000Z-3fa2c1d0");
    for (String bad : new String[] {"", " x", "-x", "a/b", "x".repeat(129)}) {
      assertThatThrownBy(() -> ModelVersion.of(bad)).isInstanceOf(IllegalArgumentException.class);
    }
  }

  private static void assertRejected(byte[] bytes, Reason reason) {
    assertThatThrownBy(() -> ModelArtifact.fromBytes(bytes, "test"))
        .isInstanceOfSatisfying(
            InvalidModelArtifactException.class, e -> assertThat(e.reason()).isEqualTo(reason));
  }
}
