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
    // five photos, two near-copies, 70 copy-like edits of the photos, a broken JPEG, a text file
    Path images = ImageFolderFixture.writeCorpus(dir.resolve("images"));
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    DedupeCli cli = new DedupeCli();
    cli.out = new PrintStream(out, true, StandardCharsets.UTF_8);
    cli.err = new PrintStream(err, true, StandardCharsets.UTF_8);

    int status = new CommandLine(cli).execute(images.toString());

    String stdout = out.toString(StandardCharsets.UTF_8);
    System.out.println(stdout);
    assertThat(status).as(err.toString(StandardCharsets.UTF_8)).isEqualTo(1);
    List<List<String>> groups = groups(stdout);
    for (List<String> group : groups) {
      assertThat(group.stream().map(DedupeCliTest::sourcePhoto).distinct()).as("one source photo per group: %s", group).hasSize(1);
    }
    assertThat(groups)
        .as(stdout)
        .anySatisfy(g -> assertThat(g).contains(
            images.resolve("coffee.png").toString(), images.resolve(ImageFolderFixture.COFFEE_COPY).toString()));
    // the edits found with their original (the calibrated default model finds about 18 of the 70
    // at the default radius; a JPEG q20 copy of a 451x300 photo, CHELSEA_COPY, is beyond it)
    long editsWithOriginal =
        groups.stream()
            .filter(g -> g.stream().anyMatch(p -> !p.contains("/copies/")))
            .mapToLong(g -> g.stream().filter(p -> p.contains("/copies/")).count())
            .sum();
    assertThat(editsWithOriginal).as(stdout).isGreaterThanOrEqualTo(10);
    assertThat(err.toString(StandardCharsets.UTF_8)).contains("CORRUPT_IMAGE");
  }

  /** The fixture photo an image file was made from: its name up to the first '-' or '.'. */
  private static String sourcePhoto(String path) {
    String name = Path.of(path).getFileName().toString();
    return name.split("[-.]", 2)[0];
  }

  @Test
  void aFolderOfSixtyFourImagesOrMoreIsHashedWithTheModelCalibratedOnIt() {
    Path images = ImageFolderFixture.writeCorpus(dir.resolve("corpus"));
    String version = io.hashstream.inference.DefaultModel.load().version().id();
    for (boolean calibrate : new boolean[] {true, false}) {
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      ByteArrayOutputStream err = new ByteArrayOutputStream();
      DedupeCli cli = new DedupeCli();
      cli.out = new PrintStream(out, true, StandardCharsets.UTF_8);
      cli.err = new PrintStream(err, true, StandardCharsets.UTF_8);
      int status =
          calibrate
              ? new CommandLine(cli).execute(images.toString())
              : new CommandLine(cli).execute("--no-calibrate", images.toString());
      String header = out.toString(StandardCharsets.UTF_8).lines().findFirst().orElseThrow();
      assertThat(status).isEqualTo(1); // the broken JPEG and the text file, named, skipped
      assertThat(header).endsWith("among 77 images");
      if (calibrate) {
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("calibrated model " + version + " on these 77 images");
        assertThat(header).doesNotContain(version);
      } else {
        assertThat(header).startsWith("# model " + version + " ");
      }
    }
  }

  /** The member paths of each group, in printed order. */
  private static List<List<String>> groups(String stdout) {
    List<List<String>> groups = new ArrayList<>();
    for (String line : stdout.split("\n")) {
      if (line.startsWith("group ")) {
        groups.add(new ArrayList<>());
      } else if (line.startsWith("  ")) {
        // "  crovca-distance  pdq-distance  code  path"
        java.util.regex.Matcher m = java.util.regex.Pattern
            .compile("^\\s*\\d+\\s+(\\d+|-)\\s+[0-9a-f]+\\s+(.*)$").matcher(line);
        assertThat(m.matches()).as(line).isTrue();
        groups.get(groups.size() - 1).add(m.group(2));
      }
    }
    groups.forEach(g -> g.sort(null));
    return groups;
  }
}
