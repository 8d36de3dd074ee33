package io.hashstream.trainer.cli;

import io.hashstream.model.HashCoderSession;
import io.hashstream.model.ModelArtifact;
import io.hashstream.trainer.ModelCalibration;
import io.hashstream.trainer.TrainerCli;
import io.hashstream.trainer.data.Npy;
import io.hashstream.trainer.eval.BitBalance;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code hashstream calibrate}: fits a model's statistics to a corpus ({@link ModelCalibration}):
 * embeds a sample of the corpus's images with the bundled encoder (or reads raw embeddings from
 * {@code --embeddings}), re-estimates the embedding mean and the BatchNorm statistics, and writes
 * a new artifact with a new version, ready for {@code hash --model}, {@code dedupe --model} or
 * {@code publish}. Prints the bits' balance on the sample before and after.
 */
@Command(
    name = "calibrate",
    mixinStandardHelpOptions = true,
    exitCodeOnExecutionException = 2,
    description = {
      "Fit a model's centring and bit thresholds to your images (no labels, no training) and write"
          + " the result as a new model version. Give images (folders are searched recursively) or"
          + " --embeddings. Pass absolute paths.",
      "Exit status: 0 done, 1 done but some files failed (named on stderr), 2 usage or fatal error."
    })
public final class CalibrateCli implements Callable<Integer> {
  @Mixin ModelOption modelOption;

  @Spec CommandSpec spec;

  @Option(names = "--out", required = true, description = "the calibrated model artifact to write")
  Path out;

  @Option(
      names = "--embeddings",
      description = "raw embeddings (.npy float32 [n, d], e.g. extract-views output) instead of images")
  Path embeddings;

  @Option(
      names = "--max-images",
      defaultValue = "10000",
      description = "use at most this many images, evenly spread over the sorted list (default ${DEFAULT-VALUE})")
  int maxImages;

  @Parameters(arity = "0..*", paramLabel = "DIR_OR_FILE", description = "images or folders of the corpus")
  List<Path> inputs = new ArrayList<>();

  PrintStream err = System.err;

  /**
   * Runs the command and exits with its status.
   *
   * @param args the arguments
   */
  public static void main(String[] args) {
    System.exit(new CommandLine(new CalibrateCli()).execute(args));
  }

  @Override
  public Integer call() throws IOException {
    if ((embeddings == null) == inputs.isEmpty()) {
      throw new CommandLine.ParameterException(
          spec.commandLine(), "give either images/folders or --embeddings, not both or neither");
    }
    ModelArtifact model = modelOption.load();
    long failed = 0;
    float[][] raw;
    if (embeddings != null) {
      raw = Npy.readFloatMatrix(embeddings);
    } else {
      CorpusEmbeddings corpus =
          CorpusEmbeddings.embed(evenlySpread(ImageFiles.list(inputs), maxImages), model, err,
              modelOption.batchSize, false);
      raw = corpus.raw();
      failed = corpus.failed();
    }
    if (raw.length < ModelCalibration.MIN_ROWS) {
      err.println(
          "calibration needs at least " + ModelCalibration.MIN_ROWS + " images of the corpus; got "
              + raw.length + ". Add images, or keep the model as it is.");
      return 2;
    }
    String command = TrainerCli.commandLine("calibrate", spec.commandLine().getParseResult().originalArgs());
    ModelArtifact calibrated = ModelCalibration.calibrate(model, raw, Instant.now(), command);
    Files.createDirectories(out.toAbsolutePath().getParent());
    String sha = calibrated.write(out);
    err.printf(Locale.ROOT, "bits' share of ones on the %d sample images: %s before, %s after%n",
        raw.length, balance(model, raw), balance(calibrated, raw));
    err.println("wrote " + out + " (model " + calibrated.version() + ", sha256 " + sha + ") calibrated from " + model.version());
    err.println("its codes are a new version: re-hash stored items with it, or publish it to the running job ('publish').");
    return failed == 0 ? 0 : 1;
  }

  private static String balance(ModelArtifact model, float[][] raw) {
    try (HashCoderSession session = HashCoderSession.open(model)) {
      double[] f = BitBalance.fractionOfOnes(session, model.postprocessor().apply(raw), raw.length);
      return String.format(Locale.ROOT, "%.2f-%.2f", BitBalance.min(f), BitBalance.max(f));
    }
  }

  /** At most {@code max} files, every (n / max)-th of the list, so a sample covers all folders. */
  static List<Path> evenlySpread(List<Path> files, int max) {
    if (max < 1) {
      throw new IllegalArgumentException("--max-images must be at least 1: " + max);
    }
    if (files.size() <= max) {
      return files;
    }
    List<Path> out = new ArrayList<>(max);
    for (int i = 0; i < max; i++) {
      out.add(files.get((int) ((long) i * files.size() / max)));
    }
    return out;
  }
}
