package io.hashstream.cluster;

import java.nio.file.Path;
import java.time.Duration;

/**
 * How big a {@link LocalCluster} is.
 *
 * @param taskManagers TaskManager processes to start
 * @param slotsPerTaskManager task slots of each
 * @param restPort the JobManager's REST port; 0 picks a free one
 * @param jobManagerHeap the JobManager JVM's heap, e.g. {@code 512m}
 * @param taskManagerProcessSize Flink's {@code taskmanager.memory.process.size}: each TaskManager's
 *     budget for the whole process (JVM heap for the encoder, models and heap indexes; RocksDB's
 *     managed memory; network buffers), split the way Flink's start scripts split it
 * @param djlCacheDir where DJL's natives are extracted (shared by every process)
 * @param startupTimeout how long each step of the start may take
 */
public record ClusterOptions(
    int taskManagers,
    int slotsPerTaskManager,
    int restPort,
    String jobManagerHeap,
    String taskManagerProcessSize,
    Path djlCacheDir,
    Duration startupTimeout) {

  /** Checks the sizes. */
  public ClusterOptions {
    if (taskManagers < 0 || slotsPerTaskManager < 1) {
      throw new IllegalArgumentException("need 0 or more TaskManagers with 1 or more slots each, got "
          + taskManagers + " with " + slotsPerTaskManager);
    }
  }

  /** Two TaskManagers of two slots each, on REST port 8081. */
  public static ClusterOptions defaults() {
    return new ClusterOptions(2, 2, 8081, "512m", "2560m",
        Path.of(System.getProperty("user.home"), ".cache", "hashstream", "djl"),
        Duration.ofSeconds(120));
  }

  /** A copy with another number of TaskManagers. */
  public ClusterOptions withTaskManagers(int n) {
    return new ClusterOptions(n, slotsPerTaskManager, restPort, jobManagerHeap,
        taskManagerProcessSize, djlCacheDir, startupTimeout);
  }

  /** A copy whose JobManager JVM has another heap, e.g. {@code 1g}. */
  public ClusterOptions withJobManagerHeap(String heap) {
    return new ClusterOptions(taskManagers, slotsPerTaskManager, restPort, heap,
        taskManagerProcessSize, djlCacheDir, startupTimeout);
  }

  /** A copy on another REST port (0: any free one). */
  public ClusterOptions withRestPort(int port) {
    return new ClusterOptions(taskManagers, slotsPerTaskManager, port, jobManagerHeap,
        taskManagerProcessSize, djlCacheDir, startupTimeout);
  }

  /** A copy with another number of slots per TaskManager. */
  public ClusterOptions withSlots(int slots) {
    return new ClusterOptions(taskManagers, slots, restPort, jobManagerHeap,
        taskManagerProcessSize, djlCacheDir, startupTimeout);
  }
}
