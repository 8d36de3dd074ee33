package io.hashstream.trainer.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class DedupeCliTest {
  @TempDir Path dir;

  @Test
  void nearCopiesGroupWithTheirOriginalsAndNothingElse() {
    Path images = ImageFolderFixture.write(dir.resolve("images"));
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    DedupeCli cli = new DedupeCli();
    cli.out = new PrintStream(out, true, StandardCharsets.UTF_8);
    cli.err = new PrintStream(err, true, StandardCharsets.UTF_8);

    int status = new CommandLine(cli).execute(images.toString());

    String stdout = out.toString(StandardCharsets.UTF_8);
    assertThat(status).as(err.toString(StandardCharsets.UTF_8)).isEqualTo(1);
    List<List<String>> groups = groups(stdout);
    assertThat(groups)
        .as(stdout)
        .containsExactlyInAnyOrder(
            List.of(
                images.resolve("chelsea.png").toString(),
                images.resolve(ImageFolderFixture.CHELSEA_COPY).toString()),
            List.of(
                images.resolve("coffee.png").toString(),
                images.resolve(ImageFolderFixture.COFFEE_COPY).toString()));
    assertThat(err.toString(StandardCharsets.UTF_8)).contains("CORRUPT_IMAGE");
  }

  /** The member paths of each group, in printed order. */
  private static List<List<String>> groups(String stdout) {
    List<List<String>> groups = new ArrayList<>();
    for (String line : stdout.split("\n")) {
      if (line.startsWith("group ")) {
        groups.add(new ArrayList<>());
      } else if (line.startsWith("  ")) {
        String[] parts = line.strip().split("  ", 3);
        groups.get(groups.size() - 1).add(parts[2]);
      }
    }
    groups.forEach(g -> g.sort(null));
    return groups;
  }
}
