package io.hashstream.flink.local;

import io.hashstream.flink.config.JobConfig;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code ./hashstream job}: runs the streaming job on a local MiniCluster against a running Kafka
 * and schema registry ({@code ./hashstream platform}, or your own) until Ctrl-C. Settings come
 * from the documented defaults, then {@code --config FILE}, then {@code --set KEY=VALUE}.
 */
@Command(
    name = "job",
    mixinStandardHelpOptions = true,
    description = {
      "Runs the streaming job (uploads in, near-duplicate alerts out, models hot-swapped from the"
          + " control topic) on a local Flink MiniCluster with RocksDB state, until Ctrl-C.",
      "Every setting and its default: flink-jobs/src/main/resources/hashstream-job.properties."
    })
public final class JobCli implements Callable<Integer> {
  @Option(names = "--config", description = "a properties file overriding the defaults")
  Path config;

  @Option(names = "--set", description = "one setting, KEY=VALUE; repeatable; wins over --config")
  Map<String, String> settings = new LinkedHashMap<>();

  @Option(names = "--print-config", description = "print the effective settings and exit")
  boolean printConfig;

  @Option(names = "--from-scratch",
      description = "start with an empty index even if checkpoint.dir holds a checkpoint")
  boolean fromScratch;

  @Option(names = "--cluster", paramLabel = "HOST:PORT",
      description = "submit to this Flink session cluster's REST API (./hashstream cluster) instead"
          + " of running a local MiniCluster; the command returns once the job is submitted")
  String cluster;

  @Option(names = "--jar", paramLabel = "FILE",
      description = "the job jar to submit with --cluster (default: flink-jobs' -job.jar, which"
          + " ./hashstream builds)")
  Path jar = System.getProperty("hashstream.job.jar") == null ? null
      : Path.of(System.getProperty("hashstream.job.jar"));

  @Option(names = "--from-savepoint", paramLabel = "PATH",
      description = "resume from this savepoint or checkpoint (directory or _metadata file)")
  Path fromSavepoint;

  public static void main(String[] args) {
    System.exit(new CommandLine(new JobCli()).execute(args));
  }

  @Override
  public Integer call() throws Exception {
    JobConfig effective = (config == null ? JobConfig.defaults() : JobConfig.load(config)).with(settings);
    if (printConfig) {
      effective.asMap().forEach((k, v) -> System.out.println(k + "=" + v));
      return 0;
    }
    if (fromScratch && fromSavepoint != null) {
      throw new CommandLine.ParameterException(new CommandLine(this),
          "--from-scratch and --from-savepoint exclude each other");
    }
    Path restoreFrom = restorePoint(effective);
    System.out.println("Starting the hashstream job: images '" + effective.topics().images() + "' on "
        + effective.bootstrapServers() + ", model " + effective.initialModel() + ", radius "
        + effective.radius() + ", checkpoints in " + effective.checkpointDir());
    if (cluster != null) {
      return submit(effective, restoreFrom);
    }
    try (LocalJob job = LocalJob.start(effective, "hashstream", restoreFrom)) {
      Runtime.getRuntime().addShutdownHook(new Thread(() -> {
        System.out.println("Stopping the job ...");
        try {
          job.close();
        } catch (Exception e) {
          System.err.println("error while stopping the job: " + e);
        }
      }, "job-shutdown"));
      System.out.println("Running (job id " + job.client().getJobID() + "); Ctrl-C stops it.");
      job.awaitTermination();
    }
    return 0;
  }

  /** Submits the job to a session cluster and returns: the job runs there, not in this JVM. */
  private int submit(JobConfig config, Path restoreFrom) throws Exception {
    if (jar == null || !java.nio.file.Files.isRegularFile(jar)) {
      throw new CommandLine.ParameterException(new CommandLine(this), "no job jar at " + jar
          + ": build it with 'mvn -pl flink-jobs -am package -DskipTests' or pass --jar");
    }
    int colon = cluster.lastIndexOf(':');
    if (colon <= 0) {
      throw new CommandLine.ParameterException(new CommandLine(this),
          "--cluster takes HOST:PORT, got '" + cluster + "'");
    }
    String id = RemoteJob.submit(config, cluster.substring(0, colon),
        Integer.parseInt(cluster.substring(colon + 1)), jar, restoreFrom);
    System.out.println("Submitted job " + id + " to " + cluster + " (http://" + cluster + "/jobs/"
        + id + "); it runs there until cancelled or stopped with a savepoint.");
    return 0;
  }

  /**
   * Where to resume from: the savepoint given, else (unless {@code --from-scratch}) the latest
   * checkpoint a previous run left; says which, or that there is none.
   */
  private Path restorePoint(JobConfig config) {
    if (fromSavepoint != null) {
      System.out.println("Resuming from " + fromSavepoint);
      return fromSavepoint;
    }
    if (fromScratch) {
      System.out.println("Starting from scratch (--from-scratch): an empty index; inputs are read"
          + " from the " + config.startingOffsets().name().toLowerCase() + " offsets");
      return null;
    }
    return RetainedCheckpoints.latest(config.checkpointDir()).map(checkpoint -> {
      System.out.println("Resuming from the latest checkpoint, " + checkpoint
          + ": its index and input offsets; nothing earlier is read or emitted again"
          + " (--from-scratch starts over)");
      return checkpoint;
    }).orElseGet(() -> {
      System.out.println("No checkpoint in " + config.checkpointDir() + ": starting with an empty"
          + " index; inputs are read from the " + config.startingOffsets().name().toLowerCase()
          + " offsets");
      return null;
    });
  }
}
