package io.hashstream.schemas;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import org.junit.jupiter.api.Test;

class EmbeddingVectorsTest {

  @Test
  void floatsRoundTripThroughLittleEndianBytes() {
    float[] v = {1.5f, -0.0f, Float.MIN_VALUE, 3.25e7f};
    Embedding e = EmbeddingVectors.of("enc@1", v);
    assertThat(e.getDimensions()).isEqualTo(4);
    assertThat(e.getVector().remaining()).isEqualTo(16);
    assertThat(e.getVector().get(0)).isEqualTo((byte) 0x00); // 1.5f = 0x3fc00000, LSB first
    assertThat(e.getVector().get(3)).isEqualTo((byte) 0x3f);
    assertThat(EmbeddingVectors.toFloats(e)).containsExactly(v);
  }

  @Test
  void aVectorWhoseLengthDisagreesWithItsDimensionsIsRefused() {
    Embedding e =
        Embedding.newBuilder()
            .setEncoderId("enc@1")
            .setDimensions(1792)
            .setVector(ByteBuffer.wrap(new byte[1791 * 4]))
            .build();
    assertThatThrownBy(() -> EmbeddingVectors.toFloats(e))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("1792 dimensions")
        .hasMessageContaining("7164 bytes");
  }
}
