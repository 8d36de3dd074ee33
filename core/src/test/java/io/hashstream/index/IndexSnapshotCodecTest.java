package io.hashstream.index;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hashstream.code.CodeFixtures;
import io.hashstream.code.CodeLength;
import io.hashstream.index.CorruptSnapshotException.Reason;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.api.Test;

class IndexSnapshotCodecTest {
  /**
   * The golden v1 snapshot: 64-bit codes, model version 7, shard 1 of 4, holding the first 20 ids
   * (from 0 up) the shard owns, each with code {@code id * 0x9E3779B97F4A7C15}.
   */
  private static IndexShard goldenContent() {
    ShardSpec spec = new ShardSpec(1, 4);
    IndexShard shard = new IndexShard(CodeLength.BITS_64, 7L, spec);
    for (long id = 0; shard.size() < 20; id++) {
      if (spec.owns(id)) {
        shard.insert(id, new long[] {id * 0x9E3779B97F4A7C15L}, 0);
      }
    }
    return shard;
  }

  private static byte[] resource(String path) throws IOException {
    try (InputStream in = IndexSnapshotCodecTest.class.getResourceAsStream("/" + path)) {
      assertThat(in).as(path).isNotNull();
      return in.readAllBytes();
    }
  }

  @Test
  void readsTheVersionOneGoldenFile() throws IOException {
    IndexShard restored = IndexSnapshotCodec.fromBytes(resource("golden/index-snapshot-v1.bin"));

    assertThat(restored.modelVersion()).isEqualTo(7L);
    assertThat(restored.spec()).isEqualTo(new ShardSpec(1, 4));
    assertThat(restored.codeLength()).isEqualTo(CodeLength.BITS_64);
    assertThat(BruteForceOracle.items(restored))
        .isEqualTo(BruteForceOracle.items(goldenContent()));
  }

  @Test
  void writesTheVersionOneGoldenFileByteForByte() throws IOException {
    assertThat(IndexSnapshotCodec.toBytes(goldenContent()))
        .isEqualTo(resource("golden/index-snapshot-v1.bin"));
  }

  @ParameterizedTest
  @CsvSource({
    "corrupt/index-snapshot-empty.bin, TRUNCATED",
    "corrupt/index-snapshot-truncated.bin, TRUNCATED",
    "corrupt/index-snapshot-bad-magic.bin, BAD_MAGIC",
    "corrupt/index-snapshot-future-version.bin, UNSUPPORTED_VERSION",
    "corrupt/index-snapshot-bad-code-length.bin, BAD_HEADER",
    "corrupt/index-snapshot-bad-checksum.bin, CHECKSUM_MISMATCH"
  })
  void rejectsCorruptSamplesWithTheirReason(String path, Reason reason) throws IOException {
    byte[] bytes = resource(path);
    assertThatThrownBy(() -> IndexSnapshotCodec.fromBytes(bytes))
        .isInstanceOfSatisfying(
            CorruptSnapshotException.class, e -> assertThat(e.reason()).isEqualTo(reason));
  }

  @Test
  void everyTruncationIsRejectedAsTruncated() {
    byte[] snapshot = IndexSnapshotCodec.toBytes(goldenContent());
    for (int length = 0; length < snapshot.length; length++) {
      byte[] prefix = Arrays.copyOf(snapshot, length);
      assertThatThrownBy(() -> IndexSnapshotCodec.fromBytes(prefix))
          .as("prefix of %d bytes", length)
          .isInstanceOfSatisfying(
              CorruptSnapshotException.class,
              e -> assertThat(e.reason()).isEqualTo(Reason.TRUNCATED));
    }
  }

  @Test
  void everySingleBitFlipIsRejected() {
    byte[] snapshot = IndexSnapshotCodec.toBytes(goldenContent());
    for (int bit = 0; bit < snapshot.length * 8; bit++) {
      byte[] flipped = snapshot.clone();
      flipped[bit >>> 3] ^= (byte) (1 << (bit & 7));
      assertThatThrownBy(() -> IndexSnapshotCodec.fromBytes(flipped))
          .as("bit %d", bit)
          .isInstanceOf(CorruptSnapshotException.class);
    }
  }

  @Test
  void rejectsTrailingBytesInAnArrayButReadsBackToBackSnapshotsFromAStream()
      throws IOException {
    byte[] snapshot = IndexSnapshotCodec.toBytes(goldenContent());
    byte[] twice = Arrays.copyOf(snapshot, snapshot.length * 2);
    System.arraycopy(snapshot, 0, twice, snapshot.length, snapshot.length);

    assertThatThrownBy(() -> IndexSnapshotCodec.fromBytes(twice))
        .isInstanceOfSatisfying(
            CorruptSnapshotException.class,
            e -> assertThat(e.reason()).isEqualTo(Reason.TRAILING_BYTES));
    InputStream in = new ByteArrayInputStream(twice);
    IndexSnapshotCodec.read(in, MultiIndexHashConfig.DEFAULT);
    IndexShard second = IndexSnapshotCodec.read(in, MultiIndexHashConfig.DEFAULT);
    assertThat(second.size()).isEqualTo(20);
    assertThat(in.read()).isEqualTo(-1);
  }

  @ParameterizedTest
  @EnumSource(CodeLength.class)
  void roundTripsEveryLengthAndKeepsOnlyLiveItems(CodeLength length) throws IOException {
    int n = IndexShard.PROMOTION_SIZE + 500;
    long[] codes = CodeFixtures.uniform(length, n, 8);
    long[] ids = CodeFixtures.ids(n, 8);
    IndexShard shard = new IndexShard(length, 3L, ShardSpec.WHOLE);
    for (int i = 0; i < n; i++) {
      shard.insert(ids[i], codes, i * length.words());
    }
    for (int i = 0; i < n; i += 2) {
      shard.remove(ids[i], codes, i * length.words());
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    IndexSnapshotCodec.write(shard, out);

    assertThat(out.size()).isEqualTo(32 + shard.size() * (8 + 8 * length.words()));
    IndexShard restored = IndexSnapshotCodec.fromBytes(out.toByteArray());
    assertThat(restored.codeLength()).isEqualTo(length);
    assertThat(restored.modelVersion()).isEqualTo(3L);
    assertThat(BruteForceOracle.items(restored)).isEqualTo(BruteForceOracle.items(shard));
  }
}
