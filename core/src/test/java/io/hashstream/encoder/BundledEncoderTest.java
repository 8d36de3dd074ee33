package io.hashstream.encoder;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class BundledEncoderTest {

  @Test
  void pinnedDigestMatchesTheSha256FileBesideTheModel() throws IOException {
    String line;
    String resource = BundledEncoder.RESOURCE + ".sha256";
    try (InputStream in = BundledEncoder.class.getResourceAsStream(resource)) {
      assertThat(in).as("sha256 resource").isNotNull();
      line = new String(in.readAllBytes(), StandardCharsets.US_ASCII).trim();
    }
    assertThat(line).isEqualTo(BundledEncoder.SHA256 + "  mobilenet_v2_140_nsfwjs.onnx");
    assertThat(ModelDigest.sha256(modelBytes())).isEqualTo(BundledEncoder.SHA256);
  }

  @Test
  void opensWithTheDocumentedShape() {
    try (OnnxImageEncoder encoder = BundledEncoder.open(1)) {
      assertThat(encoder.encoderId())
          .isEqualTo(BundledEncoder.ENCODER_ID)
          .isEqualTo("mobilenet_v2_140_nsfwjs@sha256:d25f939da8ceeb87");
      assertThat(encoder.embeddingSize()).isEqualTo(1792);
      assertThat(encoder.inputShape()).isEqualTo(EncoderInputShape.rgbNchw(224, 224));
      assertThat(encoder.inputShape().valuesPerImage()).isEqualTo(3 * 224 * 224);
    }
  }

  @Test
  void aModifiedModelIsRejectedWithATypedError() throws IOException {
    byte[] tampered = modelBytes();
    tampered[tampered.length / 2] ^= 1;
    assertThatThrownBy(() -> open(tampered))
        .isInstanceOfSatisfying(
            ModelIntegrityException.class,
            e -> {
              assertThat(e.expectedSha256()).isEqualTo(BundledEncoder.SHA256);
              assertThat(e.actualSha256()).hasSize(64).isNotEqualTo(BundledEncoder.SHA256);
              assertThat(e.source()).isEqualTo("tampered");
              assertThat(e).hasMessageContaining(BundledEncoder.SHA256);
            });
  }

  @Test
  void aTruncatedModelIsRejectedWithATypedError() throws IOException {
    byte[] bytes = modelBytes();
    byte[] truncated = Arrays.copyOf(bytes, bytes.length - 1);
    assertThatThrownBy(() -> open(truncated)).isInstanceOf(ModelIntegrityException.class);
    assertThatThrownBy(() -> open(new byte[0])).isInstanceOf(ModelIntegrityException.class);
  }

  @Test
  void aMalformedDigestIsAProgrammingError() {
    ByteArrayInputStream empty = new ByteArrayInputStream(new byte[0]);
    assertThatThrownBy(() -> BundledEncoder.open(empty, "x", "abc", BundledEncoder.config(1)))
        .isInstanceOf(IllegalArgumentException.class);
  }

  private static OnnxImageEncoder open(byte[] bytes) {
    return BundledEncoder.open(
        new ByteArrayInputStream(bytes),
        "tampered",
        BundledEncoder.SHA256,
        BundledEncoder.config(1));
  }

  static byte[] modelBytes() throws IOException {
    try (InputStream in = BundledEncoder.class.getResourceAsStream(BundledEncoder.RESOURCE)) {
      return in.readAllBytes();
    }
  }
}
