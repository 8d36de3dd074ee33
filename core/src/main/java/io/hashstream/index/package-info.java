/**
 * Exact Hamming-space search over packed codes: range search (every item within radius r) and
 * k-nearest neighbours, with inserts and deletes, in a form the streaming job holds in keyed state.
 *
 * <p>{@link io.hashstream.index.HammingIndex} is the one interface; {@link
 * io.hashstream.index.ScanIndex} scans, {@link io.hashstream.index.MultiIndexHashIndex} is
 * multi-index hashing (sublinear; scans per segment past its cost-model fallback radius), and
 * {@link io.hashstream.index.IndexShard} is one id-hash shard of one model version, promoting
 * itself from scan to multi-index hashing past {@link io.hashstream.index.IndexShard#PROMOTION_SIZE}
 * items. {@link io.hashstream.index.IndexSnapshotCodec} is its versioned, checksummed byte form.
 * Every implementation is exact: it returns exactly the set brute force returns. Results arrive
 * through the types of {@code io.hashstream.index.result} ({@code MatchSink}, {@code Matches}).
 *
 * <p>Sharding: an item lives in the shard {@link io.hashstream.index.ShardSpec#shardOf} names; a
 * query runs on every shard of its model version and the answers are concatenated. Keep shards few
 * and large (about one per subtask): each shard a query visits costs a probe floor. See {@link
 * io.hashstream.index.IndexShard} for the Flink keying and why not to shard by substring.
 *
 * <pre>{@code
 * IndexShard shard = new IndexShard(CodeLength.BITS_64, modelVersion, ShardSpec.of(id, shards));
 * shard.insert(id, code, 0);                                  // owner only; promotes past 4096
 * Matches hits = new Matches();
 * shard.rangeSearch(query, 0, 8, hits);                        // exact: every item within 8
 * byte[] checkpoint = IndexSnapshotCodec.toBytes(shard);       // restore: fromBytes(checkpoint)
 * }</pre>
 */
package io.hashstream.index;
