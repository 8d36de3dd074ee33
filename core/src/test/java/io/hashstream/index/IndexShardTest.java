package io.hashstream.index;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hashstream.code.CodeFixtures;
import io.hashstream.code.CodeLength;
import io.hashstream.index.result.Matches;
import org.junit.jupiter.api.Test;

class IndexShardTest {
  private static final CodeLength LENGTH = CodeLength.BITS_64;

  private static IndexShard shardWith(ShardSpec spec, int n, long seed) {
    IndexShard shard = new IndexShard(LENGTH, 5L, spec);
    long[] codes = CodeFixtures.clustered(LENGTH, n, n / 40 + 1, 6, seed);
    long id = 0;
    for (int i = 0; i < n; i++) {
      while (!spec.owns(id)) {
        id++;
      }
      shard.insert(id++, codes, i);
    }
    return shard;
  }

  @Test
  void promotesItselfPastThePromotionSize() {
    IndexShard shard = shardWith(ShardSpec.WHOLE, IndexShard.PROMOTION_SIZE, 1);
    assertThat(shard.isPromoted()).isFalse();

    shard.insert(-1, new long[] {7}, 0);

    assertThat(shard.isPromoted()).isTrue();
    assertThat(shard.size()).isEqualTo(IndexShard.PROMOTION_SIZE + 1);
    Matches matches = new Matches();
    shard.rangeSearch(new long[] {7}, 0, 0, matches);
    assertThat(BruteForceOracle.hits(matches)).contains(new BruteForceOracle.Hit(-1, 0));
  }

  @Test
  void refusesItemsOfOtherShards() {
    ShardSpec spec = new ShardSpec(0, 2);
    long foreign = ShardSpec.shardOf(1, 2) == 0 ? 2 : 1;
    while (spec.owns(foreign)) {
      foreign++;
    }
    IndexShard shard = new IndexShard(LENGTH, 5L, spec);
    long id = foreign;
    assertThatThrownBy(() -> shard.insert(id, new long[] {1}, 0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("belongs to shard");
  }

  @Test
  void splitChildrenAnswerTogetherWhatTheParentAnswers() {
    IndexShard parent = shardWith(new ShardSpec(1, 2), 9_000, 2);
    IndexShard[] children = parent.split();
    long[] queries = CodeFixtures.queries(LENGTH, new long[] {0}, 0, 20, 0, 2);

    assertThat(children[0].spec()).isEqualTo(new ShardSpec(1, 4));
    assertThat(children[1].spec()).isEqualTo(new ShardSpec(3, 4));
    assertThat(children[0].size() + children[1].size()).isEqualTo(parent.size());
    assertThat(children[0].modelVersion()).isEqualTo(5L);
    children[0].forEach((id, code, offset) -> assertThat(children[0].spec().owns(id)).isTrue());
    for (int q = 0; q < 20; q++) {
      Matches fromParent = new Matches();
      Matches fromChildren = new Matches();
      parent.rangeSearch(queries, q, 30, fromParent);
      children[0].rangeSearch(queries, q, 30, fromChildren);
      children[1].rangeSearch(queries, q, 30, fromChildren);
      assertThat(BruteForceOracle.hits(fromChildren)).isEqualTo(BruteForceOracle.hits(fromParent));
    }
    IndexShard merged = IndexShard.merge(children[1], children[0]);
    assertThat(merged.spec()).isEqualTo(parent.spec());
    assertThat(BruteForceOracle.items(merged)).isEqualTo(BruteForceOracle.items(parent));
  }

  @Test
  void mergesOnlySiblingsOfOneVersionAndLength() {
    IndexShard a = new IndexShard(LENGTH, 5L, new ShardSpec(0, 4));
    IndexShard b = new IndexShard(LENGTH, 5L, new ShardSpec(2, 4));

    assertThat(IndexShard.merge(a, b).spec()).isEqualTo(new ShardSpec(0, 2));
    assertThatThrownBy(() -> IndexShard.merge(a, new IndexShard(LENGTH, 5L, new ShardSpec(1, 4))))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> IndexShard.merge(a, new IndexShard(LENGTH, 6L, new ShardSpec(2, 4))))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(
            () ->
                IndexShard.merge(
                    a, new IndexShard(CodeLength.BITS_128, 5L, new ShardSpec(2, 4))))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void neverAcceptsACodeOfAnotherModelVersion() {
    IndexShard shard = new IndexShard(LENGTH, 5L, ShardSpec.WHOLE);
    shard.requireModelVersion(5L);
    assertThatThrownBy(() -> shard.requireModelVersion(6L))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("version 6");
  }

  @Test
  void splitAndRestoreChooseTheRepresentationBySize() throws CorruptSnapshotException {
    IndexShard big = shardWith(ShardSpec.WHOLE, 3 * IndexShard.PROMOTION_SIZE, 3);
    assertThat(big.isPromoted()).isTrue();
    IndexShard[] halves = big.split();
    assertThat(halves[0].isPromoted()).isTrue();
    IndexShard[] quarters = halves[0].split();
    assertThat(quarters[0].isPromoted()).isFalse();
    assertThat(IndexSnapshotCodec.fromBytes(IndexSnapshotCodec.toBytes(big)).isPromoted())
        .isTrue();
  }

  @Test
  void bulkLoadsOwnedItemsAndRefusesForeignOnes() {
    ShardSpec spec = new ShardSpec(2, 4);
    int n = 6_000;
    long[] ids = new long[n];
    long id = 0;
    for (int i = 0; i < n; i++) {
      while (!spec.owns(id)) {
        id++;
      }
      ids[i] = id++;
    }
    long[] codes = CodeFixtures.uniform(CodeLength.BITS_128, n + 1, 9);

    IndexShard shard =
        IndexShard.bulkLoad(
            CodeLength.BITS_128, 4L, spec, MultiIndexHashConfig.DEFAULT, ids, codes, 2, n);

    assertThat(shard.isPromoted()).isTrue();
    assertThat(shard.size()).isEqualTo(n);
    Matches matches = new Matches();
    shard.rangeSearch(codes, 2, 0, matches);
    assertThat(BruteForceOracle.hits(matches)).contains(new BruteForceOracle.Hit(ids[0], 0));
    long[] foreign = {ids[0] + 1};
    while (spec.owns(foreign[0])) {
      foreign[0]++;
    }
    assertThatThrownBy(
            () ->
                IndexShard.bulkLoad(
                    CodeLength.BITS_128, 4L, spec, MultiIndexHashConfig.DEFAULT, foreign, codes, 0,
                    1))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
