package io.hashstream.trainer.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class ThresholdsCliTest {
  @TempDir Path dir;

  @Test
  void theFusedRadiiFindAtLeastWhatEitherSignalFindsAloneWithinTheBudget() {
    Path images = ImageFolderFixture.write(dir.resolve("images"));
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ThresholdsCli cli = new ThresholdsCli();
    cli.out = new PrintStream(out, true, StandardCharsets.UTF_8);
    cli.err = new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);

    int status = new CommandLine(cli).execute("--budget", "0.01", "--index-size", "100000",
        "--copies-of", "3", images.toString());

    String stdout = out.toString(StandardCharsets.UTF_8);
    assertThat(status).as(stdout).isEqualTo(1); // the fixture's broken files are named and skipped
    assertThat(stdout).contains("false-match rate per pair 1.00e-07")
        .contains("cannot show a rate below").contains("set: --set index.radius=");
    double fused = recall(stdout, "fused");
    assertThat(fused).isGreaterThanOrEqualTo(recall(stdout, "CroVCA alone"))
        .isGreaterThanOrEqualTo(recall(stdout, "PDQ alone"))
        .isGreaterThan(0.3);
    assertThat(stdout).containsPattern("fused \\(either signal\\).*false-match rate 0(\\.0+)? ");
  }

  private static double recall(String stdout, String line) {
    Matcher m = Pattern.compile(Pattern.quote(line) + ".*recall (\\d\\.\\d+)").matcher(stdout);
    assertThat(m.find()).as(line + " in " + stdout).isTrue();
    return Double.parseDouble(m.group(1));
  }
}
