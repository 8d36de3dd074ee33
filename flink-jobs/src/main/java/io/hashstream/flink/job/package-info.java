/**
 * The streaming job as a whole: {@link io.hashstream.flink.job.HashstreamJob} (the topology and
 * its Flink settings), {@link io.hashstream.flink.job.JobConfig} (every setting, documented in
 * {@code hashstream-job.properties}), {@link io.hashstream.flink.job.LocalJob} and {@link
 * io.hashstream.flink.job.JobCli} ({@code ./hashstream job}).
 *
 * <pre>{@code
 * JobConfig config = JobConfig.load(Path.of("my.properties")).with("index.radius", "6");
 * try (LocalJob job = LocalJob.start(config, "hashstream")) { job.awaitTermination(); }
 * }</pre>
 */
package io.hashstream.flink.job;
