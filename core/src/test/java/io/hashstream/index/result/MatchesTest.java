package io.hashstream.index.result;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class MatchesTest {
  @Test
  void sortsByDistanceThenId() {
    Matches matches = new Matches(1);
    matches.match(9, 2);
    matches.match(3, 0);
    matches.match(5, 2);
    matches.match(-4, 2);
    matches.match(7, 1);

    matches.sort();

    assertThat(matches).hasToString("Matches[3@0, 7@1, -4@2, 5@2, 9@2]");
  }

  @Test
  void nearestKeepsTheKBestWhateverTheOrderOffered() {
    SplittableRandom random = new SplittableRandom(4);
    for (int round = 0; round < 200; round++) {
      int n = random.nextInt(60);
      int k = 1 + random.nextInt(20);
      Matches all = new Matches();
      NearestMatches top = new NearestMatches();
      top.reset(k);
      for (int i = 0; i < n; i++) {
        long id = random.nextInt(30);
        int distance = random.nextInt(8);
        all.match(id, distance);
        top.match(id, distance);
      }
      all.sort();
      Matches best = new Matches();
      top.drainTo(best);
      assertThat(best.size()).isEqualTo(Math.min(k, n));
      for (int i = 0; i < best.size(); i++) {
        assertThat(best.id(i)).isEqualTo(all.id(i));
        assertThat(best.distance(i)).isEqualTo(all.distance(i));
      }
    }
  }

  @Test
  void reportsTheWorstDistanceOnlyWhenFull() {
    NearestMatches top = new NearestMatches();
    top.reset(2);
    top.match(1, 5);
    assertThat(top.worstDistance()).isEqualTo(Integer.MAX_VALUE);
    top.match(2, 3);
    assertThat(top.isFull()).isTrue();
    assertThat(top.worstDistance()).isEqualTo(5);
    top.match(3, 4);
    assertThat(top.worstDistance()).isEqualTo(4);
  }
}
