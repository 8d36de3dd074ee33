package io.hashstream.bench.cluster;

import io.hashstream.bench.pipeline.JobRun;
import io.hashstream.bench.pipeline.SyntheticEmbeddings;
import io.hashstream.schemas.ImageEvent;
import java.util.List;

/**
 * The uploads of a benchmark job, in order: upload {@code i} is {@code <prefix><i>} of tenant
 * {@code i mod tenants}, its embedding the i-th of a seeded {@link SyntheticEmbeddings}. A second
 * stream of the same seed makes the same embeddings again, so near-copies of earlier uploads need
 * no memory of them (a million embeddings are 7 GB). Not thread-safe.
 */
final class UploadStream {
  private final SyntheticEmbeddings embeddings;
  private final List<String> tenants;
  private final String prefix;
  private long next;

  UploadStream(float[][] photos, long seed, List<String> tenants, String prefix) {
    this.embeddings = new SyntheticEmbeddings(photos, seed);
    this.tenants = List.copyOf(tenants);
    this.prefix = prefix;
  }

  /** Uploads made so far. */
  long count() {
    return next;
  }

  /** The next upload. */
  ImageEvent next() {
    long i = next;
    return JobRun.uploadWithEmbedding(tenantOf(i), idOf(i), nextEmbedding());
  }

  /** The next upload's embedding only (a replaying stream), moving on by one. */
  float[] nextEmbedding() {
    next++;
    return embeddings.next();
  }

  String tenantOf(long i) {
    return tenants.get((int) (i % tenants.size()));
  }

  String idOf(long i) {
    return prefix + i;
  }
}
