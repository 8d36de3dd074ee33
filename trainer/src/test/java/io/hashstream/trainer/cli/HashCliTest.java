package io.hashstream.trainer.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.hashstream.inference.DefaultModel;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class HashCliTest {
  @TempDir Path dir;

  @Test
  void writesBothSignalsPerImageNamesEachFailureAndExitsWithOne() throws Exception {
    Path images = ImageFolderFixture.write(dir.resolve("images"));
    Path csv = dir.resolve("out/codes.csv");
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    HashCli cli = new HashCli();
    cli.err = new PrintStream(err, true, StandardCharsets.UTF_8);

    int status = new CommandLine(cli).execute("--out", csv.toString(), images.toString());

    String stderr = err.toString(StandardCharsets.UTF_8);
    assertThat(status).as(stderr).isEqualTo(1);
    List<String> lines = Files.readAllLines(csv);
    assertThat(lines.get(0)).isEqualTo("path,crovca,pdq,pdq_quality");
    assertThat(lines).hasSize(1 + ImageFolderFixture.PHOTOS.length + 2);
    for (String line : lines.subList(1, lines.size())) {
      assertThat(line).matches(".+,[0-9a-f]{16},[0-9a-f]{64},\\d{1,3}");
      assertThat(Path.of(line.split(",")[0])).startsWith(images);
    }
    assertThat(lines).anyMatch(l -> l.startsWith(images.resolve("chelsea.png") + ","));
    assertThat(stderr)
        .contains(images.resolve(ImageFolderFixture.BROKEN) + ": CORRUPT_IMAGE")
        .contains(images.resolve(ImageFolderFixture.NOT_AN_IMAGE) + ": UNSUPPORTED_IMAGE_FORMAT")
        .contains("9/9 files (2 failed)");
    String model = Files.readString(Path.of(csv + HashCli.MODEL_SUFFIX));
    assertThat(model)
        .contains("model_version=" + DefaultModel.load().version().id())
        .contains("bits=64")
        .containsPattern("artifact_sha256=[0-9a-f]{64}");
  }

  @Test
  void exitsWithZeroWhenEveryFileHashesAndQuotesPathsWithCommas() throws Exception {
    Path images = Files.createDirectories(dir.resolve("a,b"));
    Files.write(images.resolve("cat.png"), Files.readAllBytes(
        ImageFolderFixture.write(dir.resolve("all")).resolve("chelsea.png")));
    Path csv = dir.resolve("codes.csv");
    HashCli cli = new HashCli();
    cli.err = new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);

    assertThat(new CommandLine(cli).execute("--out", csv.toString(), images.toString())).isZero();
    List<String> lines = Files.readAllLines(csv);
    assertThat(lines).hasSize(2);
    assertThat(lines.get(1)).startsWith("\"" + images.resolve("cat.png") + "\",");
  }

  @Test
  void pdqAloneNeedsNoModelAndTheDihedralFormWritesEightRowsPerImage() throws Exception {
    Path images = ImageFolderFixture.write(dir.resolve("images"));
    Path one = Files.createDirectories(dir.resolve("one")).resolve("cat.png");
    Files.copy(images.resolve("chelsea.png"), one);
    Path csv = dir.resolve("pdq.csv");
    HashCli cli = new HashCli();
    cli.err = new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);

    assertThat(new CommandLine(cli).execute("--signal", "pdq", "--pdq-dihedral", "--out",
        csv.toString(), one.toString())).isZero();

    List<String> lines = Files.readAllLines(csv);
    assertThat(lines.get(0)).isEqualTo("path,pdq,pdq_quality");
    assertThat(lines).hasSize(1 + 8);
    assertThat(lines.subList(1, 9)).allMatch(l -> l.matches(".+,[0-9a-f]{64},\\d{1,3}"));
    assertThat(lines.subList(1, 9).stream().map(l -> l.split(",")[1]).distinct()).hasSize(8);
    assertThat(Files.exists(Path.of(csv + HashCli.MODEL_SUFFIX))).as("no model involved").isFalse();
  }

  @Test
  void theDihedralFormNeedsPdq() {
    HashCli cli = new HashCli();
    cli.err = new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);
    assertThat(new CommandLine(cli).execute("--signal", "crovca", "--pdq-dihedral", "--out",
        dir.resolve("x.csv").toString(), dir.toString())).isEqualTo(2);
  }
}
