package io.hashstream.flink.swap;

/**
 * One subtask's report that it has built the index of a model version beside the running one.
 * The {@link SwapCoordinator} activates the version once every subtask has reported. A Flink POJO.
 */
public final class SwapReady {
  public SlotModel model;
  public int subtask;
  public int parallelism;
  public long items;
  public long millis;

  public SwapReady() {}

  public SwapReady(SlotModel model, int subtask, int parallelism, long items, long millis) {
    this.model = model;
    this.subtask = subtask;
    this.parallelism = parallelism;
    this.items = items;
    this.millis = millis;
  }

  public String version() {
    return model.version;
  }
}
