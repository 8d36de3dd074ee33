package io.hashstream.bench.index;

import io.hashstream.index.IndexShard;
import io.hashstream.index.MultiIndexHashConfig;
import io.hashstream.index.ShardSpec;
import io.hashstream.index.result.MatchSink;

/**
 * The shipped form: {@code shards} {@link IndexShard}s, an item in the one its id hashes to, a
 * query fanned out to all of them.
 */
final class IdHashShards implements ShardedForm {
  private final IndexShard[] shards;
  private final long[] query = new long[1];

  IdHashShards(BenchmarkData data, int shardCount) {
    int[] counts = new int[shardCount];
    for (int i = 0; i < data.n; i++) {
      counts[ShardSpec.shardOf(data.ids[i], shardCount)]++;
    }
    long[][] codes = new long[shardCount][];
    long[][] ids = new long[shardCount][];
    for (int s = 0; s < shardCount; s++) {
      codes[s] = new long[counts[s]];
      ids[s] = new long[counts[s]];
      counts[s] = 0;
    }
    for (int i = 0; i < data.n; i++) {
      int s = ShardSpec.shardOf(data.ids[i], shardCount);
      codes[s][counts[s]] = data.codes[i];
      ids[s][counts[s]++] = data.ids[i];
    }
    shards = new IndexShard[shardCount];
    for (int s = 0; s < shardCount; s++) {
      shards[s] =
          IndexShard.bulkLoad(
              BenchmarkData.LENGTH,
              1L,
              new ShardSpec(s, shardCount),
              MultiIndexHashConfig.DEFAULT,
              ids[s],
              codes[s],
              0,
              ids[s].length);
    }
  }

  @Override
  public int rangeSearch(long code, int radius, MatchSink sink) {
    query[0] = code;
    for (IndexShard shard : shards) {
      shard.rangeSearch(query, 0, radius, sink);
    }
    return shards.length;
  }

  @Override
  public int keysPerInsert() {
    return 1;
  }

  @Override
  public long footprintBytes() {
    long bytes = 0;
    for (IndexShard shard : shards) {
      bytes += shard.estimatedFootprintBytes();
    }
    return bytes;
  }

  @Override
  public int keyCount() {
    return shards.length;
  }
}
