package io.hashstream.cluster;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code ./hashstream cluster}: a standalone Flink session cluster on this machine ({@link
 * LocalCluster}): a JobManager and N TaskManagers, each its own JVM, until Ctrl-C. Submit the job
 * to it with {@code ./hashstream job --cluster 127.0.0.1:PORT}.
 */
@Command(
    name = "cluster",
    mixinStandardHelpOptions = true,
    description = {
      "Starts a standalone Flink session cluster on 127.0.0.1: a JobManager and --task-managers"
          + " TaskManager JVMs, started through Flink's own entry points from Maven jars (DJL and its"
          + " natives on the TaskManagers' class path). Runs until Ctrl-C.",
      "Submit the job with: ./hashstream job --cluster 127.0.0.1:<rest-port>"
    })
public final class ClusterCli implements Callable<Integer> {
  @Option(names = "--task-managers", defaultValue = "2", description = "TaskManager JVMs (default ${DEFAULT-VALUE})")
  int taskManagers;

  @Option(names = "--slots", defaultValue = "2", description = "task slots per TaskManager (default ${DEFAULT-VALUE})")
  int slots;

  @Option(names = "--rest-port", defaultValue = "8081", description = "the JobManager's REST port; 0 = any free (default ${DEFAULT-VALUE})")
  int restPort;

  @Option(names = "--dir", description = "configuration and logs (default: a new temporary directory)")
  Path dir;

  public static void main(String[] args) {
    System.exit(new CommandLine(new ClusterCli()).execute(args));
  }

  @Override
  public Integer call() throws Exception {
    Path home = dir != null ? Files.createDirectories(dir) : Files.createTempDirectory("hashstream-cluster-");
    ClusterOptions options = ClusterOptions.defaults().withTaskManagers(taskManagers)
        .withSlots(slots).withRestPort(restPort);
    System.out.println("Starting a Flink cluster in " + home + ": 1 JobManager, " + taskManagers
        + " TaskManagers of " + slots + " slots ...");
    LocalCluster cluster = LocalCluster.start(options, home, System.getProperty("java.class.path"));
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      System.out.println("Stopping the cluster ...");
      try {
        cluster.close();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      stopped.countDown();
    }, "cluster-shutdown"));
    System.out.println("Running. REST API and web address: http://" + cluster.restAddress());
    System.out.println("  submit:  ./hashstream job --cluster " + cluster.restAddress());
    System.out.println("  logs:    " + home.resolve("log"));
    System.out.println("Press Ctrl-C to stop.");
    stopped.await();
    return 0;
  }
}
