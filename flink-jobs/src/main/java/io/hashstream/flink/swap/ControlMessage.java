package io.hashstream.flink.swap;

import io.hashstream.schemas.ModelUpdate;

/**
 * A {@link ModelUpdate} read from the control topic, with where it came from (so that a rejected
 * update's dead letter points at it). A Flink POJO.
 */
public final class ControlMessage {
  public ModelUpdate update;
  public String topic;
  public int partition;
  public long offset;
  public byte[] raw;

  public ControlMessage() {}

  @Override
  public String toString() {
    return update.getStage() + " " + update.getVersion() + " (" + topic + "-" + partition + "@"
        + offset + ")";
  }
}
