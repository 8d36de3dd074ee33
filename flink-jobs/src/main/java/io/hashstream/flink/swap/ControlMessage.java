package io.hashstream.flink.swap;

import io.hashstream.schemas.ModelUpdate;

/**
 * A {@link ModelUpdate} read from the control topic, with where it came from (so that a rejected
 * update's dead letter points at it). A Flink POJO.
 */
public final class ControlMessage {
  /** The update; null for a {@link #tick}. */
  public ModelUpdate update;
  public String topic;
  public int partition;
  public long offset;
  public byte[] raw;
  /** For a tick: when the ticker made it, epoch millis. */
  public long tickMillis;

  public ControlMessage() {}

  /**
   * A pulse from the job's own ticker, not from the topic: it gives every match subtask a turn to
   * take the next slice of a running re-hash, between uploads.
   */
  public static ControlMessage tick(long nowMillis) {
    ControlMessage m = new ControlMessage();
    m.topic = "tick";
    m.tickMillis = nowMillis;
    return m;
  }

  public boolean isTick() {
    return update == null;
  }

  @Override
  public String toString() {
    if (isTick()) {
      return "tick";
    }
    return update.getStage() + " " + update.getVersion() + " (" + topic + "-" + partition + "@"
        + offset + ")";
  }
}
