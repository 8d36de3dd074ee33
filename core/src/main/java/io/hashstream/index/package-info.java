/**
 * Exact Hamming-space search over packed codes: range search (every item within radius r) and
 * k-nearest neighbours, with inserts and deletes, on the heap of one thread.
 *
 * <p>{@link io.hashstream.index.HammingIndex} is the one interface; {@link
 * io.hashstream.index.ScanIndex} scans, {@link io.hashstream.index.MultiIndexHashIndex} is
 * multi-index hashing (sublinear; scans per segment past its cost-model fallback radius), and
 * {@link io.hashstream.index.IndexShard} holds the items of one model version, promoting itself
 * from scan to multi-index hashing past {@link io.hashstream.index.IndexShard#PROMOTION_SIZE}
 * items. {@link io.hashstream.index.IndexSnapshotCodec} is a shard's versioned, checksummed byte
 * form. Every implementation is exact: it returns exactly the set brute force returns. Results
 * arrive through the types of {@code io.hashstream.index.result} ({@code MatchSink}, {@code
 * Matches}).
 *
 * <p>The streaming job keeps one {@code IndexShard} per tenant and model slot, owning every id
 * ({@link io.hashstream.index.ShardSpec#WHOLE}), queries it and then inserts into it at the
 * tenant's key, and rebuilds it from the codes in keyed state after a restore (it does not use the
 * snapshot codec). Sharding a tenant by id hash ({@link io.hashstream.index.ShardSpec}, {@code
 * split}, {@code merge}) exists and is measured but not used: see {@link
 * io.hashstream.index.IndexShard} for what it would cost, and why not to shard by substring.
 *
 * <pre>{@code
 * IndexShard shard = new IndexShard(CodeLength.BITS_64, modelVersion, ShardSpec.WHOLE);
 * Matches hits = new Matches();
 * shard.rangeSearch(query, 0, 8, hits);                  // exact: every item within 8 bits
 * shard.insert(id, code, 0);                             // then insert; promotes past 4096 items
 * byte[] snapshot = IndexSnapshotCodec.toBytes(shard);   // IndexSnapshotCodec.fromBytes(snapshot)
 * }</pre>
 */
package io.hashstream.index;
