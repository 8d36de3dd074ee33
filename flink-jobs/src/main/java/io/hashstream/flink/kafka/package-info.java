/**
 * The job's Kafka edges: {@link io.hashstream.flink.kafka.KafkaSources} (raw records of
 * {@code images} and the control topic, read committed), {@link io.hashstream.flink.kafka.KafkaSinks}
 * (registry-framed Avro, exactly once) and {@link io.hashstream.flink.kafka.JobTopics} (creating a
 * renamed job's topics).
 */
package io.hashstream.flink.kafka;
