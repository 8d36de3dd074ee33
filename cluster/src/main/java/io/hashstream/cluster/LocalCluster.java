package io.hashstream.cluster;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.flink.configuration.GlobalConfiguration;
import org.apache.flink.runtime.clusterframework.TaskExecutorProcessSpec;
import org.apache.flink.runtime.clusterframework.TaskExecutorProcessUtils;
import org.apache.flink.runtime.util.config.memory.ProcessMemoryUtils;

/**
 * A standalone Flink session cluster on this machine: one JobManager JVM and N TaskManager JVMs,
 * each a separate process started through Flink's own entry points ({@code
 * StandaloneSessionClusterEntrypoint}, {@code TaskManagerRunner}) on a class path of Maven jars
 * (this module's: the Flink runtime, state backends and, on the TaskManagers' parent class path,
 * DJL, its natives and the ImageIO plugins). Everything binds to 127.0.0.1. A job reaches it as a
 * jar through the REST API ({@code ./hashstream job --cluster 127.0.0.1:PORT}).
 *
 * <p>Failure detection is tuned for one machine (heartbeats every second, a TaskManager is lost
 * after 5 s without one): a killed TaskManager is noticed in seconds, not in Flink's default 50.
 *
 * <p>Each process logs to {@code <dir>/log/<name>.log}.
 */
public final class LocalCluster implements AutoCloseable {
  /** The JobManager's main class (Flink's standalone session entry point). */
  static final String JOB_MANAGER = "org.apache.flink.runtime.entrypoint.StandaloneSessionClusterEntrypoint";
  /** The TaskManager's main class. */
  static final String TASK_MANAGER = "org.apache.flink.runtime.taskexecutor.TaskManagerRunner";
  private static final String HOST = "127.0.0.1";
  private static final Pattern TASK_MANAGERS = Pattern.compile("\"taskmanagers\"\\s*:\\s*(\\d+)");

  private final ClusterOptions options;
  private final Path dir;
  private final String classpath;
  private final int restPort;
  private final Process jobManager;
  private final List<Process> taskManagers = new ArrayList<>();
  private final List<Integer> taskManagerMetricsPorts = new ArrayList<>();
  private final int jobManagerMetricsPort;
  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
  private int started;

  private LocalCluster(ClusterOptions options, Path dir, String classpath, int restPort,
      Process jobManager, int jobManagerMetricsPort) {
    this.jobManagerMetricsPort = jobManagerMetricsPort;
    this.options = options;
    this.dir = dir;
    this.classpath = classpath;
    this.restPort = restPort;
    this.jobManager = jobManager;
  }

  /**
   * Writes the configuration, starts the JobManager and the TaskManagers, and returns once every
   * TaskManager has registered.
   *
   * @param options sizes and ports
   * @param dir the cluster's configuration, logs and scratch space
   * @param classpath the JobManager's and TaskManagers' class path (this module's runtime class path)
   * @throws IllegalStateException with the log's tail if a process does not come up in time
   */
  public static LocalCluster start(ClusterOptions options, Path dir, String classpath)
      throws IOException, InterruptedException {
    Files.createDirectories(dir.resolve("log"));
    int restPort = options.restPort() == 0 ? freePort() : options.restPort();
    Files.writeString(dir.resolve("config.yaml"), config(options, restPort, dir),
        StandardCharsets.UTF_8);
    int metricsPort = freePort();
    Process jobManager = launch(dir, options, classpath, JOB_MANAGER, "jobmanager",
        // a heap dump in the log folder if the JobManager runs out of memory: without HA its
        // death ends every job, and the dump is what says why
        List.of("-Xmx" + options.jobManagerHeap(), "-Xms" + options.jobManagerHeap(),
            "-XX:+HeapDumpOnOutOfMemoryError", "-XX:HeapDumpPath=" + dir.resolve("log")),
        List.of("-D", "metrics.reporter.prom.port=" + metricsPort));
    LocalCluster cluster =
        new LocalCluster(options, dir, classpath, restPort, jobManager, metricsPort);
    try {
      cluster.awaitTaskManagers(0, options.startupTimeout());
      for (int i = 0; i < options.taskManagers(); i++) {
        cluster.startTaskManager();
      }
      cluster.awaitTaskManagers(options.taskManagers(), options.startupTimeout());
    } catch (RuntimeException | IOException | InterruptedException e) {
      cluster.close();
      throw e;
    }
    return cluster;
  }

  /** Where the REST API answers, {@code 127.0.0.1:port}. */
  public String restAddress() {
    return HOST + ":" + restPort;
  }

  /** The REST API's port. */
  public int restPort() {
    return restPort;
  }

  /** The cluster's directory (configuration, logs). */
  public Path dir() {
    return dir;
  }

  /**
   * Starts one more TaskManager. Its number N is the count of TaskManagers ever started; its Flink
   * resource id is {@code taskmanager-N} ({@link #taskManagerId(int)}), the id the REST API
   * reports for the tasks it runs.
   */
  public synchronized void startTaskManager() throws IOException {
    // what Flink's start scripts compute before they start a TaskManager: its JVM's memory flags
    // and the resource spec they stand for, from taskmanager.memory.process.size
    TaskExecutorProcessSpec spec = TaskExecutorProcessUtils.processSpecFromConfig(
        GlobalConfiguration.loadConfiguration(dir.toString()));
    List<String> jvm = List.of(ProcessMemoryUtils.generateJvmParametersStr(spec).trim().split("\\s+"));
    List<String> dynamic = new ArrayList<>(List.of(
        TaskExecutorProcessUtils.generateDynamicConfigsStr(spec).trim().split("\\s+")));
    int metricsPort = freePort();
    String id = taskManagerId(started++);
    dynamic.addAll(List.of("-D", "metrics.reporter.prom.port=" + metricsPort,
        "-D", "taskmanager.resource-id=" + id));
    taskManagerMetricsPorts.add(metricsPort);
    taskManagers.add(launch(dir, options, classpath, TASK_MANAGER, id, jvm, dynamic));
  }

  /**
   * The resource id (and log name) of the TaskManager started {@code index}-th: what {@code
   * ClusterRest.taskManagersOf} returns for the tasks it runs.
   */
  public static String taskManagerId(int index) {
    return "taskmanager-" + index;
  }

  /** The TaskManager processes started so far, dead ones included, in start order. */
  public synchronized List<Process> taskManagers() {
    return List.copyOf(taskManagers);
  }

  /** SIGKILL to a TaskManager, as {@code kill -9}: it gets no chance to say goodbye. */
  public void killTaskManager(int index) throws InterruptedException {
    Process p = taskManagers().get(index);
    p.destroyForcibly();
    p.waitFor();
  }

  /** Where the JobManager's Prometheus endpoint answers ({@code /metrics}). */
  public int jobManagerMetricsPort() {
    return jobManagerMetricsPort;
  }

  /** Where each TaskManager's Prometheus endpoint answers, in start order. */
  public synchronized List<Integer> taskManagerMetricsPorts() {
    return List.copyOf(taskManagerMetricsPorts);
  }

  /** The JobManager process. */
  public Process jobManager() {
    return jobManager;
  }

  /**
   * Waits until the JobManager counts exactly {@code count} registered TaskManagers.
   *
   * @throws IllegalStateException with the JobManager log's tail after {@code timeout}
   */
  public void awaitTaskManagers(int count, Duration timeout)
      throws IOException, InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (true) {
      Integer registered = registeredTaskManagers();
      if (registered != null && registered == count) {
        return;
      }
      if (!jobManager.isAlive()) {
        throw new IllegalStateException("the JobManager exited (" + jobManager.exitValue() + "):\n"
            + tail("jobmanager"));
      }
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException("the cluster did not reach " + count + " TaskManagers in "
            + timeout + " (now " + registered + "):\n" + tail("jobmanager"));
      }
      Thread.sleep(200); // polling a REST endpoint: there is no event to wait on from outside
    }
  }

  /** TaskManagers the JobManager counts now, or null if its REST API does not answer yet. */
  public Integer registeredTaskManagers() throws InterruptedException {
    try {
      HttpResponse<String> r = http.send(
          HttpRequest.newBuilder(URI.create("http://" + restAddress() + "/overview"))
              .timeout(Duration.ofSeconds(5)).GET().build(),
          HttpResponse.BodyHandlers.ofString());
      Matcher m = TASK_MANAGERS.matcher(r.body());
      return r.statusCode() == 200 && m.find() ? Integer.parseInt(m.group(1)) : null;
    } catch (IOException e) {
      return null;
    }
  }

  /** The last lines of a process's log. */
  public String tail(String name) throws IOException {
    Path log = dir.resolve("log").resolve(name + ".log");
    if (!Files.exists(log)) {
      return "(no log " + log + ")";
    }
    List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
    return String.join("\n", lines.subList(Math.max(0, lines.size() - 30), lines.size()));
  }

  /** Stops every process (SIGTERM, then SIGKILL after 10 s). */
  @Override
  public void close() throws InterruptedException {
    List<Process> all = new ArrayList<>(taskManagers());
    all.add(jobManager);
    for (Process p : all) {
      p.destroy();
    }
    for (Process p : all) {
      if (!p.waitFor(10, java.util.concurrent.TimeUnit.SECONDS)) {
        p.destroyForcibly();
        p.waitFor();
      }
    }
  }

  private static Process launch(Path dir, ClusterOptions options, String classpath,
      String mainClass, String name, List<String> jvmArgs, List<String> dynamicConfig)
      throws IOException {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.addAll(jvmArgs);
    command.add("-Dlog.file=" + dir.resolve("log").resolve(name + ".log"));
    command.add("-Dlog4j.configurationFile=" + log4jConfig(dir));
    // DJL: never download, one intra-op thread, one stable native cache (see the parent pom)
    command.add("-Dai.djl.offline=true");
    command.add("-Dai.djl.pytorch.num_threads=1");
    command.add("-Dai.djl.pytorch.num_interop_threads=1");
    command.add("-DENGINE_CACHE_DIR=" + options.djlCacheDir());
    command.add("-Djava.awt.headless=true");
    command.add("-cp");
    command.add(classpath);
    command.add(mainClass);
    command.add("--configDir");
    command.add(dir.toString());
    command.addAll(dynamicConfig);
    ProcessBuilder builder = new ProcessBuilder(command)
        .redirectErrorStream(true)
        .redirectOutput(ProcessBuilder.Redirect.appendTo(dir.resolve("log").resolve(name + ".out").toFile()));
    builder.environment().put("OMP_NUM_THREADS", "1");
    return builder.start();
  }

  /** The cluster's Flink configuration (flattened keys, Flink 2's config.yaml). */
  static String config(ClusterOptions options, int restPort, Path dir) {
    Map<String, String> c = new LinkedHashMap<>();
    c.put("jobmanager.rpc.address", HOST);
    c.put("jobmanager.rpc.port", Integer.toString(freePort()));
    c.put("jobmanager.bind-host", HOST);
    c.put("rest.address", HOST);
    c.put("rest.bind-address", HOST);
    c.put("rest.port", Integer.toString(restPort));
    // the web UI cannot cancel or rescale; Flink's REST API still can, for whoever reaches it:
    // it listens on loopback only (SECURITY.md)
    c.put("web.cancel.enable", "false");
    c.put("web.rescale.enable", "false");
    c.put("taskmanager.host", HOST);
    c.put("taskmanager.bind-host", HOST);
    c.put("taskmanager.numberOfTaskSlots", Integer.toString(options.slotsPerTaskManager()));
    c.put("taskmanager.memory.process.size", options.taskManagerProcessSize());
    c.put("jobmanager.memory.process.size", "1024m");
    c.put("parallelism.default", Integer.toString(options.taskManagers()));
    // spread a job's tasks over the TaskManagers, so that losing one loses part of every job (Flink
    // 2 dropped cluster.evenly-spread-out-slots, which left every slot of a small job on one
    // TaskManager)
    c.put("taskmanager.load-balance.mode", "slots");
    // one machine: a TaskManager that stops answering is dead, not slow
    c.put("heartbeat.interval", "1000");
    c.put("heartbeat.timeout", "5000");
    c.put("io.tmp.dirs", dir.resolve("tmp").toString());
    // the state-change log on files (the job's checkpoint.changelog). A TaskManager creates its
    // changelog storage from the cluster's configuration, not the job's: left at Flink's default
    // ('memory') every checkpoint acknowledgement carried the state changes themselves, and the
    // JobManager held them all until the next materialization (out of memory at ~60k items)
    c.put("state.changelog.storage", "filesystem");
    c.put("state.changelog.dstl.dfs.base-path", dir.resolve("changelog").toUri().toString());
    // a task's checkpoint acknowledgement lists every state-change log file written since the
    // last materialization (one per upload batch, up to 3 minutes of them): under load it outgrew
    // Pekko's default 10 MB frame, the JobManager never got it and no checkpoint completed again
    c.put("pekko.framesize", "104857600b");
    // every process serves its metrics (Flink's and the job's) in the Prometheus text format; the
    // port of each is given on its command line. The reporter binds every interface (it has no
    // host option): firewall the ports where the network is not trusted (SECURITY.md).
    c.put("metrics.reporter.prom.factory.class",
        "org.apache.flink.metrics.prometheus.PrometheusReporterFactory");
    c.put("web.tmpdir", dir.resolve("web").toString());
    StringBuilder yaml = new StringBuilder("# written by ./hashstream cluster\n");
    c.forEach((k, v) -> yaml.append(k).append(": ").append(v).append('\n'));
    return yaml.toString();
  }

  private static Path log4jConfig(Path dir) throws IOException {
    Path file = dir.resolve("log4j2.properties");
    if (!Files.exists(file)) {
      Files.writeString(file, String.join("\n",
          "rootLogger.level = INFO",
          "rootLogger.appenderRef.file.ref = file",
          "appender.file.type = File",
          "appender.file.name = file",
          "appender.file.fileName = ${sys:log.file}",
          "appender.file.layout.type = PatternLayout",
          "appender.file.layout.pattern = %d{HH:mm:ss.SSS} %-5p %c{1} - %m%n",
          // the committer's per-checkpoint 'pendingCommittables' collision (see platform's log4j2.xml)
          "logger.metrics.name = org.apache.flink.metrics.MetricGroup",
          "logger.metrics.filter.pending.type = RegexFilter",
          "logger.metrics.filter.pending.regex = .*'pendingCommittables'.*",
          "logger.metrics.filter.pending.onMatch = DENY",
          "logger.metrics.filter.pending.onMismatch = NEUTRAL",
          ""), StandardCharsets.UTF_8);
    }
    return file;
  }

  private static int freePort() {
    try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getByName(HOST))) {
      return s.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException("no free port on " + HOST, e);
    }
  }
}
