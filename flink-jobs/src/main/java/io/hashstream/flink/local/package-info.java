/**
 * The job on a Flink MiniCluster in this JVM: {@link io.hashstream.flink.local.LocalJob} (what
 * {@code ./hashstream demo} and the benchmarks run) and {@link io.hashstream.flink.local.JobCli}
 * ({@code ./hashstream job}).
 *
 * <pre>{@code
 * JobConfig config = JobConfig.load(Path.of("my.properties")).with("index.radius", "6");
 * try (LocalJob job = LocalJob.start(config, "hashstream")) { job.awaitTermination(); }
 * }</pre>
 */
package io.hashstream.flink.local;
