package io.hashstream.trainer.cli;

import io.hashstream.code.Hamming;
import io.hashstream.code.HexCodes;
import io.hashstream.model.HashCoderSession;
import io.hashstream.model.ModelArtifact;
import io.hashstream.trainer.ModelCalibration;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code hashstream dedupe}: hashes every image under the folders and prints groups of
 * near-duplicates ({@link NearDuplicateGroups}: connected components of "Hamming distance at most
 * {@code --radius}"), on stdout:
 *
 * <pre>
 * # model crovca-64-… radius 8: 2 groups among 120 images
 * group 1 (3 images)
 *   0  3a9f…  /photos/a.jpg
 *   2  3a9d…  /photos/a-copy.jpg
 * </pre>
 *
 * <p>From {@link ModelCalibration#MIN_ROWS} images on, the model is first calibrated on the images
 * themselves ({@link ModelCalibration}: its centring and bit thresholds fitted to this folder), which
 * spreads unrelated images further apart; {@code --no-calibrate} hashes with the model as it is
 * (the codes {@code hash} writes).
 *
 * <p>Each member line gives its distance to the group's first member, its code and its path.
 * Unreadable and non-image files are named on stderr with their reason and skipped. Exit status:
 * 0 if every file got a code, 1 if any failed, 2 on a usage or fatal error.
 */
@Command(
    name = "dedupe",
    mixinStandardHelpOptions = true,
    exitCodeOnExecutionException = 2,
    description = {
      "Hash image files (folders recursively) and print groups of near-duplicates: images linked"
          + " by Hamming distance <= --radius, grouped transitively. Pass absolute paths.",
      "Exit status: 0 all hashed, 1 some files failed (named on stderr), 2 usage or fatal error."
    })
public final class DedupeCli implements Callable<Integer> {
  /**
   * The default radius: a starting point for 64-bit codes, not a calibrated operating point. On the
   * quality benchmark (8.2 M pairs of different images), the default model's largest radius with a
   * false-match rate of at most 1e-4 was 11, calibrated or not (BENCHMARKS.md, "Hashing
   * quality"); 8 stays well inside it, trading recall for fewer false groups. Pick the radius for
   * your data.
   */
  static final int DEFAULT_RADIUS = 8;

  @Mixin ModelOption modelOption;

  @Option(
      names = "--radius",
      defaultValue = "" + DEFAULT_RADIUS,
      description = "largest Hamming distance of a near-duplicate (default ${DEFAULT-VALUE})")
  int radius;

  @Option(
      names = "--no-calibrate",
      description =
          "hash with the model as it is; by default, from "
              + ModelCalibration.MIN_ROWS
              + " images on, the model is first calibrated on the images themselves (calibrate)")
  boolean noCalibrate;

  @Parameters(arity = "1..*", paramLabel = "DIR", description = "folders (or files)")
  List<Path> inputs;

  PrintStream out = System.out;
  PrintStream err = System.err;

  /**
   * Runs the command and exits with its status.
   *
   * @param args the arguments
   */
  public static void main(String[] args) {
    System.exit(execute(args));
  }

  /**
   * Runs the command.
   *
   * @param args the arguments
   * @return the exit status
   */
  public static int execute(String... args) {
    return new CommandLine(new DedupeCli()).execute(args);
  }

  @Override
  public Integer call() {
    if (radius < 0) {
      throw new CommandLine.ParameterException(
          new CommandLine(this), "--radius must be at least 0: " + radius);
    }
    List<Path> files = ImageFiles.list(inputs);
    ModelArtifact given = modelOption.load();
    CorpusEmbeddings corpus = CorpusEmbeddings.embed(files, given, err, modelOption.batchSize);
    long failed = corpus.failed();
    List<Path> hashed = corpus.files();
    ModelArtifact artifact = given;
    if (!noCalibrate && hashed.size() >= ModelCalibration.MIN_ROWS) {
      artifact = ModelCalibration.calibrate(given, corpus.raw(), Instant.now(), "dedupe " + inputs);
      err.println(
          "calibrated model " + given.version() + " on these " + hashed.size()
              + " images (--no-calibrate keeps it as it is)");
    }
    int words = artifact.codeLength().words();
    long[] packed = hashed.isEmpty() ? new long[0] : HashCoderSession.codesOfRaw(artifact, corpus.raw());
    List<int[]> groups =
        NearDuplicateGroups.of(artifact.codeLength(), packed, hashed.size(), radius);
    out.println(
        "# model "
            + artifact.version()
            + " radius "
            + radius
            + ": "
            + groups.size()
            + " groups among "
            + hashed.size()
            + " images");
    for (int g = 0; g < groups.size(); g++) {
      int[] members = groups.get(g);
      out.println("group " + (g + 1) + " (" + members.length + " images)");
      for (int m : members) {
        int distance =
            Hamming.distance(artifact.codeLength(), packed, members[0] * words, packed, m * words);
        out.println(
            "  "
                + distance
                + "  "
                + HexCodes.encode(artifact.codeLength(), packed, m * words)
                + "  "
                + hashed.get(m));
      }
    }
    return failed == 0 ? 0 : 1;
  }
}
