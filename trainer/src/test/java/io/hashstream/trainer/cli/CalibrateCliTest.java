package io.hashstream.trainer.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.hashstream.inference.DefaultModel;
import io.hashstream.model.ModelArtifact;
import io.hashstream.trainer.data.Npy;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class CalibrateCliTest {
  @TempDir Path dir;

  record Run(int status, String err) {}

  Run calibrate(String... args) {
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    CalibrateCli cli = new CalibrateCli();
    cli.err = new PrintStream(err, true, StandardCharsets.UTF_8);
    int status =
        new CommandLine(cli).setErr(new PrintWriter(cli.err, true)).execute(args);
    return new Run(status, err.toString(StandardCharsets.UTF_8));
  }

  @Test
  void writesANewModelVersionFittedToTheImagesAndNamesTheFilesItCouldNotRead() throws Exception {
    Path out = dir.resolve("calibrated.hsm");
    Run run = calibrate("--out", out.toString(), ImageFolderFixture.writeCorpus(dir.resolve("images")).toString());

    assertThat(run.status()).as(run.err()).isEqualTo(1); // the broken JPEG and the text file
    assertThat(run.err()).contains(ImageFolderFixture.BROKEN).contains(ImageFolderFixture.NOT_AN_IMAGE);
    ModelArtifact base = DefaultModel.load();
    ModelArtifact calibrated = ModelArtifact.read(out);
    assertThat(calibrated.version()).isNotEqualTo(base.version());
    assertThat(calibrated.metrics()).containsEntry("calibration_rows", 77.0);
    assertThat(calibrated.command()).contains("hashstream calibrate").contains("--out " + out);
    assertThat(run.err()).contains("wrote " + out).contains("calibrated from " + base.version());
  }

  @Test
  void refusesASampleTooSmallToEstimateFrom() throws Exception {
    Path npy = dir.resolve("few.npy");
    Npy.writeFloatMatrix(npy, new float[10][1792]);
    Path out = dir.resolve("never.hsm");
    Run run = calibrate("--out", out.toString(), "--embeddings", npy.toString());
    assertThat(run.status()).isEqualTo(2);
    assertThat(run.err()).contains("at least 64");
    assertThat(out).doesNotExist();
  }

  @Test
  void wantsImagesOrEmbeddingsButNotBoth() {
    Run run = calibrate("--out", dir.resolve("x.hsm").toString());
    assertThat(run.status()).isEqualTo(2);
    assertThat(run.err()).contains("either images/folders or --embeddings");
    assertThat(CalibrateCli.evenlySpread(List.of(Path.of("a"), Path.of("b"), Path.of("c"), Path.of("d")), 2))
        .containsExactly(Path.of("a"), Path.of("c"));
  }
}
