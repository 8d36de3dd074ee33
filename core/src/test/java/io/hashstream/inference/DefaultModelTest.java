package io.hashstream.inference;

import static org.assertj.core.api.Assertions.assertThat;

import io.hashstream.code.CodeLength;
import io.hashstream.encoder.BundledEncoder;
import io.hashstream.model.ModelArtifact;
import org.junit.jupiter.api.Test;

class DefaultModelTest {

  @Test
  void theShippedModelIsA64BitModelForTheBundledEncoderWithItsProvenance() {
    ModelArtifact model = DefaultModel.load();
    assertThat(model.codeLength()).isEqualTo(CodeLength.BITS_64);
    assertThat(model.encoderId()).isEqualTo(BundledEncoder.ENCODER_ID);
    assertThat(model.embeddingSize()).isEqualTo(BundledEncoder.EMBEDDING_SIZE);
    assertThat(model.postprocessor().sampleCount()).isPositive();
    assertThat(model.command()).startsWith("hashstream train").contains("--bits 64");
    assertThat(model.metrics()).containsKeys("bit_balance_min", "bit_balance_max");
    assertThat(model.metrics().get("bit_balance_min")).isGreaterThan(0.25);
    assertThat(model.metrics().get("bit_balance_max")).isLessThan(0.85);
  }
}
