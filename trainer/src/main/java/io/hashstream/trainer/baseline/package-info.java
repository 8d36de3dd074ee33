/**
 * Classic unsupervised hashing baselines on the same post-processed embeddings CroVCA sees, for
 * the evaluations that report CroVCA beside them: {@link io.hashstream.trainer.baseline.Lsh}
 * (random hyperplanes), {@link io.hashstream.trainer.baseline.PcaRotation} (PCA, a random
 * rotation, sign) and {@link io.hashstream.trainer.baseline.Itq} (PCA, then the rotation that
 * minimises the quantisation loss).
 *
 * <pre>{@code
 * EmbeddingHasher itq = Itq.fit(trainRows, CodeLength.BITS_64, 50, seed);
 * long[] codes = itq.codes(queryRows);              // rows.length * words longs
 * }</pre>
 *
 * <p>All are deterministic given their seed, plain Java (double precision), and immutable once
 * fitted: {@code codes} may be called from several threads.
 */
package io.hashstream.trainer.baseline;
