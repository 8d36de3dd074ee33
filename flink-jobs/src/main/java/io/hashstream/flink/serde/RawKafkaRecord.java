package io.hashstream.flink.serde;

import java.util.Arrays;
import java.util.Objects;

/**
 * A Kafka record as it arrived, undecoded, with where it came from. hashstream's sources emit these
 * so that decoding happens in an operator that can dead-letter a bad record (with its coordinates
 * and raw bytes) instead of failing the job. A Flink POJO: public fields, no-arg constructor.
 */
public final class RawKafkaRecord {
  public String topic;
  public int partition;
  public long offset;
  public long timestamp;
  public byte[] key;
  public byte[] value;

  public RawKafkaRecord() {}

  public RawKafkaRecord(
      String topic, int partition, long offset, long timestamp, byte[] key, byte[] value) {
    this.topic = topic;
    this.partition = partition;
    this.offset = offset;
    this.timestamp = timestamp;
    this.key = key;
    this.value = value;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof RawKafkaRecord r
        && partition == r.partition
        && offset == r.offset
        && timestamp == r.timestamp
        && Objects.equals(topic, r.topic)
        && Arrays.equals(key, r.key)
        && Arrays.equals(value, r.value);
  }

  @Override
  public int hashCode() {
    return Objects.hash(topic, partition, offset);
  }

  @Override
  public String toString() {
    return topic + "-" + partition + "@" + offset + " (" + (value == null ? 0 : value.length) + " B)";
  }
}
