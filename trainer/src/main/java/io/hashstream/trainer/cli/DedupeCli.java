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
 * {@code hashstream dedupe}: hashes every image under the folders with both signals and prints
 * groups of near-duplicates ({@link NearDuplicateGroups}: connected components of "codes within
 * {@code --radius} or PDQ hashes within {@code --pdq-radius}", as the streaming job matches), on
 * stdout:
 *
 * <pre>
 * # model crovca-64-… radius 8, PDQ radius 31: 2 groups among 120 images
 * group 1 (3 images)
 *   0    0  3a9f…  /photos/a.jpg
 *   2   14  3a9d…  /photos/a-copy.jpg
 * </pre>
 *
 * <p>From {@link ModelCalibration#MIN_ROWS} images on, the model is first calibrated on the images
 * themselves ({@link ModelCalibration}: its centring and bit thresholds fitted to this folder), which
 * spreads unrelated images further apart; {@code --no-calibrate} hashes with the model as it is
 * (the codes {@code hash} writes).
 *
 * <p>Each member line gives its CroVCA distance and its PDQ distance (over the first member's eight
 * rotations/flips) to the group's first member, its code and its path.
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
      names = "--pdq-radius",
      defaultValue = "31",
      description = "largest PDQ distance of a near-duplicate, over the 8 rotations/flips;"
          + " -1 turns PDQ off (default ${DEFAULT-VALUE})")
  int pdqRadius;

  @Option(
      names = "--pdq-min-quality",
      defaultValue = "50",
      description = "PDQ hashes of lower quality link nothing (default ${DEFAULT-VALUE})")
  int pdqMinQuality;

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
    CorpusEmbeddings corpus =
        CorpusEmbeddings.embed(files, given, err, modelOption.batchSize, pdqRadius >= 0);
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
    NearDuplicateGroups linked = new NearDuplicateGroups(hashed.size());
    linked.linkCodes(artifact.codeLength(), packed, radius);
    if (pdqRadius >= 0) {
      linked.linkPdq(corpus.pdq(), pdqRadius, pdqMinQuality);
    }
    List<int[]> groups = linked.groups();
    out.println("# model " + artifact.version() + " radius " + radius
        + (pdqRadius >= 0 ? ", PDQ radius " + pdqRadius : ", PDQ off") + ": " + groups.size()
        + " groups among " + hashed.size() + " images");
    for (int g = 0; g < groups.size(); g++) {
      int[] members = groups.get(g);
      out.println("group " + (g + 1) + " (" + members.length + " images)");
      for (int m : members) {
        int distance =
            Hamming.distance(artifact.codeLength(), packed, members[0] * words, packed, m * words);
        String pdq = pdqRadius < 0 ? "-"
            : Integer.toString(corpus.pdq()[m].minDistance(corpus.pdq()[members[0]].original()));
        out.println(String.format("  %2d  %3s  %s  %s", distance, pdq,
            HexCodes.encode(artifact.codeLength(), packed, m * words), hashed.get(m)));
      }
    }
    return failed == 0 ? 0 : 1;
  }
}
