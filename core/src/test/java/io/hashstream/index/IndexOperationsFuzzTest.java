package io.hashstream.index;

import io.hashstream.code.CodeLength;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * The heavy fuzz run: {@code -Dhashstream.fuzz.iterations=N} random operation sequences per
 * implementation × length (seeds from {@code -Dhashstream.fuzz.seed}, default 1000). Off unless
 * the property is set, e.g. {@code mvn -pl core test -Dtest=IndexOperationsFuzzTest
 * -Dhashstream.fuzz.iterations=200}. A failure leaves its seed and operations under {@code
 * target/fuzz-failures/}; turn each into a fixed case of {@link IndexOperationsPropertyTest}.
 */
@EnabledIfSystemProperty(named = "hashstream.fuzz.iterations", matches = "\\d+")
class IndexOperationsFuzzTest {
  @Test
  void randomOperationsMatchBruteForce() {
    int iterations = Integer.getInteger("hashstream.fuzz.iterations");
    long firstSeed = Long.getLong("hashstream.fuzz.seed", 1000L);
    for (long seed = firstSeed; seed < firstSeed + iterations; seed++) {
      for (IndexKind kind : IndexKind.values()) {
        for (CodeLength length : CodeLength.values()) {
          IndexOperationsScenario.run("IndexOperationsFuzzTest", kind, length, seed, 2000);
        }
      }
    }
  }
}
