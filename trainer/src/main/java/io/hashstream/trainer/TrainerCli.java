package io.hashstream.trainer;

import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code hashstream train}: trains a CroVCA HashCoder from {@code .npy} embeddings and writes a
 * model artifact. Only parses arguments; {@link CrovcaTrainer#run(TrainerOptions)} does the work
 * and the command line is recorded in the artifact.
 *
 * <pre>
 * hashstream train --view v1.npy --view v2.npy --encoder-id mobilenet_v2_140 --bits 64 \
 *     --output models/crovca-64.hsm
 * hashstream train --view v1.npy --view v2.npy --labels labels.npy ...   (supervised)
 * </pre>
 */
@Command(
    name = "train",
    mixinStandardHelpOptions = true,
    description = {
      "Train a CroVCA HashCoder on precomputed embeddings and write a model artifact.",
      "Inputs are NumPy .npy files: each --view a float32 [n, d] array of raw encoder embeddings"
          + " (row i of every file is the same image); --labels int32/int64 class ids [n] or a"
          + " multi-hot [n, classes] array. Without --labels, views come in pairs (view 1, view 2 of"
          + " one extract-views run, then the next run's), concatenated."
    })
public final class TrainerCli implements Callable<Integer> {
  @Option(names = "--view", required = true, description = "raw embeddings of one view (.npy)")
  List<Path> views;

  @Option(names = "--labels", description = "labels (.npy) for supervised training")
  Path labels;

  @Option(names = "--output", required = true, description = "the model artifact to write")
  Path output;

  @Option(names = "--encoder-id", required = true, description = "id of the embeddings' encoder")
  String encoderId;

  @Option(names = "--bits", defaultValue = "64", description = "16, 32, 64, 128 (default ${DEFAULT-VALUE})")
  int bits;

  @Option(names = "--hidden-width", defaultValue = "0",
      description = "the HashCoder's hidden width h (first layer d -> h); 0 = d, the paper's"
          + " (default ${DEFAULT-VALUE}). The cost per upload is about proportional to h")
  int hiddenWidth;

  @Option(names = "--epochs", defaultValue = "5", description = "default ${DEFAULT-VALUE}")
  int epochs;

  @Option(names = "--batch-size", defaultValue = "256", description = "default ${DEFAULT-VALUE}")
  int batchSize;

  @Option(names = "--lr", defaultValue = "1e-3", description = "starting learning rate")
  double learningRate;

  @Option(names = "--min-lr", defaultValue = "1e-6", description = "cosine schedule floor")
  double minLearningRate;

  @Option(names = "--weight-decay", defaultValue = "1e-2", description = "AdamW weight decay")
  double weightDecay;

  @Option(names = "--align-weight", defaultValue = "1.0", description = "lambda_align")
  double alignWeight;

  @Option(names = "--coding-rate-weight", defaultValue = "0.1", description = "lambda_reg")
  double codingRateWeight;

  @Option(names = "--coding-rate-eps", defaultValue = "0.05", description = "coding-rate eps")
  double codingRateEps;

  @Option(names = "--seed", defaultValue = "0", description = "seeds weights and batch order")
  long seed;

  @Option(names = "--max-steps", defaultValue = "0", description = "stop early (0 = all epochs)")
  int maxSteps;

  @Option(names = "--model-version", description = "version id (default: derived)")
  String modelVersion;

  @Option(names = "--progress-every", defaultValue = "50", description = "steps between progress lines")
  int progressEvery;

  private final String commandLine;

  TrainerCli(String commandLine) {
    this.commandLine = commandLine;
  }

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
   * @return the exit status: 0 on success
   */
  public static int execute(String... args) {
    return new CommandLine(new TrainerCli(commandLine(args))).execute(args);
  }

  /** {@code hashstream train} followed by the arguments, shell-quoted where needed. */
  static String commandLine(String... args) {
    return commandLine("train", List.of(args));
  }

  /**
   * {@code hashstream COMMAND} followed by the arguments, shell-quoted where needed: the line an
   * artifact records as the command that made it.
   *
   * @param command the launcher command, e.g. {@code calibrate}
   * @param args the arguments as given
   * @return the line
   */
  public static String commandLine(String command, List<String> args) {
    return Stream.concat(Stream.of("hashstream", command), args.stream().map(TrainerCli::quote))
        .collect(Collectors.joining(" "));
  }

  private static String quote(String arg) {
    return arg.matches("[A-Za-z0-9_./=:,+@%-]+") ? arg : "'" + arg.replace("'", "'\\''") + "'";
  }

  @Override
  public Integer call() {
    TrainerOptions options =
        TrainerOptions.builder()
            .viewFiles(views)
            .labelFile(labels)
            .output(output)
            .encoderId(encoderId)
            .bits(bits)
            .hiddenWidth(hiddenWidth)
            .epochs(epochs)
            .batchSize(batchSize)
            .learningRate(learningRate)
            .minLearningRate(minLearningRate)
            .weightDecay(weightDecay)
            .alignWeight(alignWeight)
            .codingRateWeight(codingRateWeight)
            .codingRateEps(codingRateEps)
            .seed(seed)
            .maxSteps(maxSteps)
            .modelVersion(modelVersion)
            .command(commandLine)
            .progressEverySteps(progressEvery)
            .build();
    TrainingReport report = new CrovcaTrainer(Clock.systemUTC(), System.out::println).run(options);
    System.out.println(
        "model " + report.artifact().version() + " sha256 " + report.artifactSha256());
    return 0;
  }
}
