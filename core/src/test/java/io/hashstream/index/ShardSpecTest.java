package io.hashstream.index;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class ShardSpecTest {
  @Test
  void everyIdHasExactlyOneOwnerAndSequentialIdsSpreadEvenly() {
    int shards = 16;
    int[] counts = new int[shards];
    for (long id = 0; id < 160_000; id++) {
      int owners = 0;
      for (int s = 0; s < shards; s++) {
        owners += new ShardSpec(s, shards).owns(id) ? 1 : 0;
      }
      assertThat(owners).isEqualTo(1);
      counts[ShardSpec.shardOf(id, shards)]++;
    }
    for (int count : counts) {
      assertThat(count).isBetween(9_500, 10_500);
    }
  }

  @Test
  void childrenSplitTheParentsIdsAndMergeBack() {
    ShardSpec parent = new ShardSpec(3, 8);
    ShardSpec[] children = parent.split();

    assertThat(children).containsExactly(new ShardSpec(3, 16), new ShardSpec(11, 16));
    assertThat(children[0].isSiblingOf(children[1])).isTrue();
    assertThat(children[0].parent()).isEqualTo(parent);
    assertThat(children[1].parent()).isEqualTo(parent);
    for (long id = 0; id < 10_000; id++) {
      boolean inChild = children[0].owns(id) || children[1].owns(id);
      assertThat(inChild).isEqualTo(parent.owns(id));
    }
  }

  @Test
  void rejectsInvalidSpecs() {
    assertThatThrownBy(() -> new ShardSpec(0, 3)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new ShardSpec(4, 4)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new ShardSpec(-1, 4)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(ShardSpec.WHOLE::parent).isInstanceOf(IllegalStateException.class);
    assertThat(new ShardSpec(1, 4).isSiblingOf(new ShardSpec(2, 4))).isFalse();
    assertThat(new ShardSpec(1, 4).isSiblingOf(new ShardSpec(3, 4))).isTrue();
    assertThat(ShardSpec.WHOLE.isSiblingOf(ShardSpec.WHOLE)).isFalse();
  }
}
