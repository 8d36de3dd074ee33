/**
 * {@code ./hashstream bench-cluster}: the streaming job on a real multi-process Flink cluster
 * ({@link io.hashstream.cluster.LocalCluster}: a JobManager and two TaskManager JVMs), submitted
 * as its jar, against the in-process MiniCluster under the same load in the same run; recovery
 * after a TaskManager is killed with SIGKILL; stop with a savepoint and restore with a million
 * indexed items; state size per item. Reuses the pipeline benchmark's job runs ({@link
 * io.hashstream.bench.pipeline.JobRun}), watchers and synthetic uploads.
 */
package io.hashstream.bench.cluster;
