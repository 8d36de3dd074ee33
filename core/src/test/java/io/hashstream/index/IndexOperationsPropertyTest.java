package io.hashstream.index;

import io.hashstream.code.CodeLength;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** A few seeded random operation sequences per implementation × length (the fuzz suite's smoke run). */
class IndexOperationsPropertyTest {
  static Stream<Arguments> cases() {
    List<Arguments> cases = new ArrayList<>();
    for (IndexKind kind : IndexKind.values()) {
      for (CodeLength length : CodeLength.values()) {
        for (long seed = 0; seed < 2; seed++) {
          cases.add(Arguments.of(kind, length, seed));
        }
      }
    }
    return cases.stream();
  }

  @ParameterizedTest(name = "{0} {1} seed {2}")
  @MethodSource("cases")
  void randomOperationsMatchBruteForce(IndexKind kind, CodeLength length, long seed) {
    IndexOperationsScenario.run("IndexOperationsPropertyTest", kind, length, seed, 400);
  }
}
