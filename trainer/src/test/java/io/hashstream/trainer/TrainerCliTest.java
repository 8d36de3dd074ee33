package io.hashstream.trainer;

import static org.assertj.core.api.Assertions.assertThat;

import io.hashstream.model.ModelArtifact;
import io.hashstream.trainer.data.ClusteredViewPairs;
import io.hashstream.trainer.data.Npy;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The command line end to end on .npy files, two steps. */
class TrainerCliTest {
  @TempDir Path dir;

  @Test
  void trainsFromNpyFilesAndRecordsTheCommandLine() {
    ClusteredViewPairs.Sample s = TrainerFixtures.small().sample(512, 4);
    Npy.writeFloatMatrix(dir.resolve("v1.npy"), s.view1());
    Npy.writeFloatMatrix(dir.resolve("v2.npy"), s.view2());
    Npy.writeClassIds(dir.resolve("labels.npy"), s.classIds());
    Path out = dir.resolve("m.hsm");
    String[] args = {
      "--view", dir.resolve("v1.npy").toString(),
      "--view", dir.resolve("v2.npy").toString(),
      "--encoder-id", "synthetic-32",
      "--bits", "32",
      "--max-steps", "2",
      "--model-version", "cli-test-1",
      "--output", out.toString()
    };
    assertThat(TrainerCli.execute(args)).isZero();
    ModelArtifact artifact = ModelArtifact.read(out);
    assertThat(artifact.version().id()).isEqualTo("cli-test-1");
    assertThat(artifact.command()).isEqualTo(TrainerCli.commandLine(args)).startsWith(
        "hashstream train --view ");
    assertThat(artifact.metrics()).containsEntry("supervised", 0.0).containsEntry("steps", 2.0);

    Path supervisedOut = dir.resolve("s.hsm");
    assertThat(
            TrainerCli.execute(
                "--view", dir.resolve("v1.npy").toString(),
                "--labels", dir.resolve("labels.npy").toString(),
                "--encoder-id", "synthetic-32",
                "--bits", "16",
                "--max-steps", "2",
                "--output", supervisedOut.toString()))
        .isZero();
    assertThat(ModelArtifact.read(supervisedOut).metrics()).containsEntry("supervised", 1.0);
  }

  @Test
  void quotesArgumentsThatNeedIt() {
    assertThat(TrainerCli.commandLine("--output", "a b.hsm", "--model-version", "it's"))
        .isEqualTo("hashstream train --output 'a b.hsm' --model-version 'it'\\''s'");
  }

  @Test
  void reportsUsageErrors() {
    assertThat(TrainerCli.execute("--bits", "64")).isEqualTo(2);
  }
}
