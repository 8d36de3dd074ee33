package io.hashstream.index;

import static org.assertj.core.api.Assertions.assertThat;

import io.hashstream.code.CodeFixtures;
import io.hashstream.code.CodeLength;
import io.hashstream.index.result.Matches;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * A random interleaving of inserts (single and, for multi-index hashing, bulk), removes (present
 * and absent), compactions, snapshot round trips and queries, checked step by step against {@link
 * BruteForceOracle}. Everything follows from the seed, and a failure writes the seed and the
 * operations so far to {@code target/fuzz-failures/} for replay.
 */
final class IndexOperationsScenario {
  private IndexOperationsScenario() {}

  static void run(String testName, IndexKind kind, CodeLength length, long seed, int steps) {
    List<String> log = new ArrayList<>();
    try {
      play(kind, length, seed, steps, log);
    } catch (AssertionError | RuntimeException e) {
      Path dir = Path.of("target", "fuzz-failures");
      try {
        Files.createDirectories(dir);
        Files.write(
            dir.resolve(testName + "-" + kind + "-" + length + "-" + seed + ".txt"),
            withHeader(kind, length, seed, log));
      } catch (IOException io) {
        e.addSuppressed(new UncheckedIOException(io));
      }
      throw e;
    }
  }

  private static List<String> withHeader(
      IndexKind kind, CodeLength length, long seed, List<String> log) {
    List<String> lines = new ArrayList<>();
    lines.add("kind=" + kind + " length=" + length + " seed=" + seed);
    lines.addAll(log);
    return lines;
  }

  private static void play(
      IndexKind kind, CodeLength length, long seed, int steps, List<String> log) {
    SplittableRandom random = new SplittableRandom(seed);
    int words = length.words();
    int pool = 64 + random.nextInt(4000);
    long[] codes =
        CodeFixtures.clustered(length, pool, 1 + random.nextInt(pool), 1 + random.nextInt(12), seed);
    long[] ids = CodeFixtures.ids(pool, seed);
    HammingIndex index = kind.create(length);
    BruteForceOracle oracle = new BruteForceOracle(words);
    Matches matches = new Matches();
    for (int step = 0; step < steps; step++) {
      int op = random.nextInt(100);
      int item = random.nextInt(pool);
      if (op < 45) {
        log.add("insert " + item);
        index.insert(ids[item], codes, item * words);
        oracle.insert(ids[item], codes, item * words);
      } else if (op < 50 && index instanceof MultiIndexHashIndex mih) {
        int from = random.nextInt(pool);
        int count = random.nextInt(pool - from + 1);
        log.add("insertAll " + from + " " + count);
        mih.insertAll(java.util.Arrays.copyOfRange(ids, from, from + count), codes, from * words, count);
        for (int i = from; i < from + count; i++) {
          oracle.insert(ids[i], codes, i * words);
        }
      } else if (op < 70) {
        log.add("remove " + item);
        assertThat(index.remove(ids[item], codes, item * words))
            .as("remove %d", item)
            .isEqualTo(oracle.remove(ids[item], codes, item * words));
      } else if (op < 72) {
        log.add("compact");
        index.compact();
      } else if (op < 74) {
        log.add("snapshot");
        IndexShard copy = new IndexShard(length, 1L, ShardSpec.WHOLE);
        index.forEach(copy::insert);
        try {
          index = IndexSnapshotCodec.fromBytes(IndexSnapshotCodec.toBytes(copy));
        } catch (CorruptSnapshotException e) {
          throw new AssertionError(e);
        }
      } else {
        int radius = random.nextInt(length.bits() / 3 + 1);
        int k = 1 + random.nextInt(30);
        log.add("query " + item + " radius " + radius + " k " + k);
        matches.clear();
        index.rangeSearch(codes, item * words, radius, matches);
        assertThat(BruteForceOracle.hits(matches))
            .as("step %d: range %d", step, radius)
            .isEqualTo(oracle.range(codes, item * words, radius));
        index.nearest(codes, item * words, k, matches);
        assertThat(BruteForceOracle.hits(matches))
            .as("step %d: nearest %d", step, k)
            .isEqualTo(oracle.nearest(codes, item * words, k));
      }
      assertThat(index.size()).as("step %d: size", step).isEqualTo(oracle.size());
    }
  }
}
