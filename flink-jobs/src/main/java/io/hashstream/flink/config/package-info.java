/**
 * The job's settings: {@link io.hashstream.flink.config.JobConfig}, parsed and validated once into
 * typed values (every key documented in {@code hashstream-job.properties}; topic names from the
 * {@code Topic} enum through {@link io.hashstream.flink.config.TopicNames}).
 *
 * <pre>{@code
 * JobConfig config = JobConfig.defaults().with(Map.of("index.radius", "6", "inference.device", "cpu"));
 * Duration every = config.checkpointInterval();
 * }</pre>
 */
package io.hashstream.flink.config;
