package io.hashstream.trainer.publish;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hashstream.model.ModelArtifact;
import io.hashstream.schemas.ModelUpdate;
import java.net.URI;
import org.junit.jupiter.api.Test;

class ModelUpdatesTest {
  private static final String SHA = "AB".repeat(32);

  @Test
  void theUpdateCarriesTheArtifactsFacts() {
    ModelArtifact artifact = SmallModels.artifact("crovca-16-test", 1);
    ModelUpdate update =
        ModelUpdates.of(artifact, URI.create("file:///models/m.hsm"), SHA, "unit test");

    assertThat(update.getVersion()).isEqualTo("crovca-16-test");
    assertThat(update.getBits()).isEqualTo(16);
    assertThat(update.getEncoderId()).isEqualTo("test-encoder");
    assertThat(update.getEmbeddingSize()).isEqualTo(8);
    assertThat(update.getArtifactUri()).isEqualTo("file:///models/m.hsm");
    assertThat(update.getArtifactSha256()).isEqualTo("ab".repeat(32));
    assertThat(update.getMetrics()).containsEntry("loss", 0.25).hasSize(2);
    assertThat(update.getCreatedAt()).isEqualTo(SmallModels.CREATED);
    assertThat(update.getCreatedBy()).isEqualTo("unit test");
    assertThat(update.getRollbackOf()).isNull();
  }

  @Test
  void aBadDigestOrARelativeUriIsRefused() {
    ModelArtifact artifact = SmallModels.artifact("crovca-16-test", 1);
    assertThatThrownBy(() -> ModelUpdates.of(artifact, URI.create("file:///m"), "abc", null))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> ModelUpdates.of(artifact, URI.create("models/m.hsm"), SHA, null))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("scheme");
  }
}
