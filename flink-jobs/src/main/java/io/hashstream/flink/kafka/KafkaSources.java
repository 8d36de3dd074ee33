package io.hashstream.flink.kafka;

import io.hashstream.flink.config.JobConfig;
import io.hashstream.flink.serde.RawKafkaRecord;
import io.hashstream.flink.serde.RawKafkaRecordDeserializationSchema;
import io.hashstream.flink.topology.OperatorIds;
import java.util.Properties;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.connector.kafka.source.KafkaSource;
import org.apache.flink.connector.kafka.source.enumerator.initializer.OffsetsInitializer;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/**
 * The job's Kafka inputs as raw records (decoding is the pipeline's first step, so a bad record
 * becomes a dead letter instead of failing the source). Read committed: uploads of a producer's
 * aborted transaction never reach the job. Offsets live in checkpoints; the consumer group is only
 * for lag tools. The security settings ({@code client.config}) apply to every source.
 */
public final class KafkaSources {
  private KafkaSources() {}

  /** The {@code images} topic, uid {@link OperatorIds#IMAGES_SOURCE}. */
  public static DataStream<RawKafkaRecord> images(StreamExecutionEnvironment env, JobConfig config) {
    return env.fromSource(source(config, config.topics().images()),
            WatermarkStrategy.noWatermarks(), "images")
        .uid(OperatorIds.IMAGES_SOURCE);
  }

  /**
   * The control topic, uid {@link OperatorIds#CONTROL_SOURCE}, parallelism 1: it has one
   * partition, and every match subtask must see its messages in one order.
   */
  public static DataStream<RawKafkaRecord> control(StreamExecutionEnvironment env, JobConfig config) {
    return env.fromSource(source(config, config.topics().control()),
            WatermarkStrategy.noWatermarks(), "control")
        .uid(OperatorIds.CONTROL_SOURCE)
        .setParallelism(1);
  }

  /**
   * The bank entries, uid {@link OperatorIds#BANK_SIGNALS_SOURCE}: always from the beginning of the
   * compacted topic when there is no checkpoint (the table must be read whole, whatever {@code
   * kafka.starting-offsets} says), then followed; offsets live in checkpoints.
   */
  public static DataStream<RawKafkaRecord> bankSignals(
      StreamExecutionEnvironment env, JobConfig config) {
    return env.fromSource(source(config, config.topics().bankSignals(), OffsetsInitializer.earliest()),
            WatermarkStrategy.noWatermarks(), "bank-signals")
        .uid(OperatorIds.BANK_SIGNALS_SOURCE);
  }

  private static KafkaSource<RawKafkaRecord> source(JobConfig config, String topic) {
    return source(config, topic,
        config.startingOffsets() == JobConfig.StartingOffsets.EARLIEST
            ? OffsetsInitializer.earliest()
            : OffsetsInitializer.latest());
  }

  private static KafkaSource<RawKafkaRecord> source(
      JobConfig config, String topic, OffsetsInitializer start) {
    Properties consumer = new Properties();
    consumer.putAll(config.security().kafkaProperties());
    consumer.putAll(config.consumerProperties());
    return KafkaSource.<RawKafkaRecord>builder()
        .setProperties(consumer)
        .setBootstrapServers(config.bootstrapServers())
        .setTopics(topic)
        .setGroupId(config.groupId())
        .setStartingOffsets(start)
        .setProperty("isolation.level", "read_committed")
        .setProperty("partition.discovery.interval.ms", "10000")
        .setDeserializer(new RawKafkaRecordDeserializationSchema())
        .build();
  }
}
