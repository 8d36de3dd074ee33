package io.hashstream.bench.training;
import io.hashstream.platform.MachineInfo;
import io.hashstream.trainer.CrovcaTrainer;
import io.hashstream.trainer.TrainerOptions;
import io.hashstream.trainer.TrainingReport;

import io.hashstream.trainer.data.ClusteredViewPairs;
import io.hashstream.trainer.data.TrainingSet;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The training target of the mission: CroVCA, 5 epochs over 10k images' two-view 1792-d
 * embeddings, 64 bits, on this machine's CPUs. Trains on seeded synthetic embeddings ({@link
 * ClusteredViewPairs}: 100 clusters) with the paper's recipe and writes {@code
 * benchmarks/results/training.json} with {@code training_seconds_10k_5epochs} (the optimisation
 * loop alone), the end-to-end time, throughput, the load average before and after (the machine
 * may be shared), the machine and the command.
 *
 * <pre>
 * java -Dai.djl.offline=true -Dai.djl.pytorch.num_threads=1 -Dai.djl.pytorch.num_interop_threads=1 \
 *     -cp ... io.hashstream.bench.training.TrainingBenchmark [rows] [dim] [bits] [epochs] [output.json]
 * </pre>
 */
public final class TrainingBenchmark {
  private TrainingBenchmark() {}

  /**
   * Runs the benchmark.
   *
   * @param args optional: rows (10000), dim (1792), bits (64), epochs (5), output file
   * @throws IOException if the result cannot be written
   */
  public static void main(String[] args) throws IOException {
    int rows = args.length > 0 ? Integer.parseInt(args[0]) : 10_000;
    int dim = args.length > 1 ? Integer.parseInt(args[1]) : 1792;
    int bits = args.length > 2 ? Integer.parseInt(args[2]) : 64;
    int epochs = args.length > 3 ? Integer.parseInt(args[3]) : 5;
    Path root = Path.of(System.getProperty("hashstream.repo.root", "."));
    Path output =
        args.length > 4 ? Path.of(args[4]) : root.resolve("benchmarks/results/training.json");
    double loadBefore = ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();

    ClusteredViewPairs.Sample sample =
        new ClusteredViewPairs(dim, 100, 0.5, 0.3, 1).sample(rows, 2);
    TrainingSet data = TrainingSet.twoViews(sample.view1(), sample.view2());
    Path dir = Files.createTempDirectory("training-benchmark");
    Clock clock = Clock.systemUTC();
    String command =
        "TrainingBenchmark " + String.join(" ", args) + " (threads " + threads() + ")";
    TrainerOptions options =
        TrainerOptions.builder()
            .output(dir.resolve("model.hsm"))
            .encoderId("synthetic-" + dim)
            .bits(bits)
            .epochs(epochs)
            .seed(1)
            .command(command)
            .progressEverySteps(20)
            .build();
    long start = System.nanoTime();
    TrainingReport report = new CrovcaTrainer(clock, System.out::println).run(options, data);
    double total = (System.nanoTime() - start) / 1e9;
    double loadAfter = ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
    Files.deleteIfExists(report.artifactFile());
    Files.deleteIfExists(dir);

    Map<String, Object> result = new LinkedHashMap<>();
    result.put("training_seconds_10k_5epochs", report.trainingSeconds());
    result.put("end_to_end_seconds", total);
    result.put("target_seconds", 120);
    result.put("rows", rows);
    result.put("dim", dim);
    result.put("bits", bits);
    result.put("epochs", epochs);
    result.put("batch_size", options.batchSize());
    result.put("steps", report.steps());
    result.put("rows_per_second", report.steps() * (double) options.batchSize() / report.trainingSeconds());
    result.put("final_loss", report.lastEpoch().loss());
    result.put("first_epoch_loss", report.epochs().get(0).loss());
    result.put("bit_balance_min", report.artifact().metrics().get("bit_balance_min"));
    result.put("bit_balance_max", report.artifact().metrics().get("bit_balance_max"));
    result.put("intra_op_threads", threads());
    result.put("load_average_1m_before", loadBefore);
    result.put("load_average_1m_after", loadAfter);
    result.put("machine", MachineInfo.describe());
    result.put("date", clock.instant().toString());
    result.put("command", commandLine(args));
    result.put("data", "synthetic: 100 Gaussian clusters, image noise 0.5, view noise 0.3, relu(x+1)");
    Files.createDirectories(output.toAbsolutePath().getParent());
    Files.writeString(output, json(result) + "\n");
    System.out.println(json(result));
  }

  /** The JVM's -D and -X options, the classpath as the launcher builds it, and the arguments. */
  private static String commandLine(String[] args) {
    String jvmOptions =
        ManagementFactory.getRuntimeMXBean().getInputArguments().stream()
            .filter(a -> a.startsWith("-D") || a.startsWith("-X"))
            .collect(Collectors.joining(" "));
    return ("java " + jvmOptions
            + " -cp trainer/target/classes:$(cat trainer/target/classpath.txt)"
            + " io.hashstream.bench.training.TrainingBenchmark " + String.join(" ", args))
        .replaceAll(" +", " ")
        .trim();
  }

  private static String threads() {
    return System.getProperty("ai.djl.pytorch.num_threads", "default");
  }


  private static String json(Map<String, Object> map) {
    return map.entrySet().stream()
        .map(e -> "  \"" + e.getKey() + "\": " + value(e.getValue()))
        .collect(Collectors.joining(",\n", "{\n", "\n}"));
  }

  private static String value(Object v) {
    if (v instanceof Double d) {
      return String.format(Locale.ROOT, "%.4f", d);
    }
    if (v instanceof Number) {
      return v.toString();
    }
    return "\"" + v.toString().replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
  }
}
