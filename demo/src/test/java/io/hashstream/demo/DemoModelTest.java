package io.hashstream.demo;

import static org.assertj.core.api.Assertions.assertThat;

import io.hashstream.encoder.BundledEncoder;
import io.hashstream.inference.DefaultModel;
import io.hashstream.model.ModelArtifact;
import io.hashstream.schemas.ModelUpdate;
import io.hashstream.schemas.SwapStage;
import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DemoModelTest {
  @Test
  void trainsAModelForTheBundledEncoderAndAnnouncesItsFile(@TempDir Path dir) {
    Instant now = Instant.parse("2026-11-28T12:00:00Z");
    List<String> progress = new ArrayList<>();
    // a small run (4 pairs per photo, 2 epochs): the demo's defaults take about 15 s
    DemoModel.Trained model =
        DemoModel.train(
            DemoPhotos.load(),
            dir,
            new DemoModel.Settings(DemoModel.Recipe.SUPERVISED_BY_PHOTO, 4, 2, 32, 0),
            Clock.fixed(now, ZoneOffset.UTC),
            progress::add);

    assertThat(model.file()).isEqualTo(dir.resolve(DemoModel.ARTIFACT_FILE)).isRegularFile();
    assertThat(model.sha256()).isEqualTo(ModelArtifact.fileSha256(model.file()));
    ModelArtifact artifact = ModelArtifact.read(model.file(), model.sha256());
    assertThat(artifact.encoderId()).isEqualTo(BundledEncoder.ENCODER_ID);
    assertThat(artifact.codeLength().bits()).isEqualTo(64);
    assertThat(artifact.version()).isNotEqualTo(DefaultModel.load().version());
    assertThat(artifact.metrics()).containsKeys("loss", "bit_balance_min", "steps");
    assertThat(progress).anySatisfy(line -> assertThat(line).contains("view pairs of 16 photos"));

    ModelUpdate update = model.update();
    assertThat(update.getVersion().toString()).isEqualTo(artifact.version().id());
    assertThat(update.getBits()).isEqualTo(64);
    assertThat(update.getEncoderId().toString()).isEqualTo(BundledEncoder.ENCODER_ID);
    assertThat(update.getEmbeddingSize()).isEqualTo(BundledEncoder.EMBEDDING_SIZE);
    assertThat(URI.create(update.getArtifactUri().toString()))
        .isEqualTo(model.file().toAbsolutePath().toUri());
    assertThat(update.getArtifactSha256().toString()).isEqualTo(model.sha256());
    assertThat(update.getStage()).isEqualTo(SwapStage.PREPARE);
    assertThat(update.getCreatedAt()).isEqualTo(now);
    assertThat(update.getCreatedBy().toString()).isEqualTo(DemoModel.CREATED_BY);
    assertThat(update.getRollbackOf()).isNull();
  }
}
