package io.hashstream.index;

import static org.assertj.core.api.Assertions.assertThat;

import io.hashstream.code.CodeFixtures;
import io.hashstream.code.CodeLength;
import org.junit.jupiter.api.Test;

/** What is particular to multi-index hashing: its rules, its memory and its segments. */
class MultiIndexHashIndexTest {
  @Test
  void substringCountRuleForSixtyFourBitCodes() {
    assertThat(MultiIndexHashIndex.substringCount(CodeLength.BITS_64, 1_000)).isEqualTo(4);
    assertThat(MultiIndexHashIndex.substringCount(CodeLength.BITS_64, 1_000_000)).isEqualTo(4);
    assertThat(MultiIndexHashIndex.substringCount(CodeLength.BITS_64, (1 << 22) - 1)).isEqualTo(4);
    assertThat(MultiIndexHashIndex.substringCount(CodeLength.BITS_64, 1 << 22)).isEqualTo(3);
    assertThat(MultiIndexHashIndex.substringCount(CodeLength.BITS_64, 10_000_000)).isEqualTo(3);
  }

  @Test
  void substringCountRuleForOtherLengths() {
    assertThat(MultiIndexHashIndex.substringCount(CodeLength.BITS_16, 10_000_000)).isEqualTo(1);
    assertThat(MultiIndexHashIndex.substringCount(CodeLength.BITS_32, 10_000_000)).isEqualTo(2);
    assertThat(MultiIndexHashIndex.substringCount(CodeLength.BITS_128, 10_000_000)).isEqualTo(6);
    assertThat(MultiIndexHashIndex.substringCount(CodeLength.BITS_256, 10_000_000)).isEqualTo(12);
    assertThat(MultiIndexHashIndex.substringCount(CodeLength.BITS_256, 100)).isEqualTo(32);
  }

  @Test
  void namedFallbackRadiiAreWhatTheCostModelGives() {
    assertThat(MultiIndexHashIndex.scanFallbackRadius(CodeLength.BITS_64, 1_000_000))
        .isEqualTo(MultiIndexHashIndex.FALLBACK_RADIUS_64_AT_1M);
    assertThat(MultiIndexHashIndex.scanFallbackRadius(CodeLength.BITS_64, 10_000_000))
        .isEqualTo(MultiIndexHashIndex.FALLBACK_RADIUS_64_AT_10M);
    assertThat(MultiIndexHashIndex.FALLBACK_RADIUS_64_AT_10M).isGreaterThan(12);
  }

  @Test
  void aBulkLoadedMillionSixtyFourBitItemsTakeAtMost32BytesEach() {
    int n = 1_000_000;
    MultiIndexHashIndex index = new MultiIndexHashIndex(CodeLength.BITS_64);
    index.insertAll(CodeFixtures.ids(n, 1), CodeFixtures.uniform(CodeLength.BITS_64, n, 1), 0, n);

    assertThat(index.segmentCount()).isEqualTo(1);
    assertThat(index.substringCount()).isEqualTo(4);
    assertThat(index.scanFallbackRadius()).isEqualTo(MultiIndexHashIndex.FALLBACK_RADIUS_64_AT_1M);
    assertThat((double) index.estimatedFootprintBytes() / n).isLessThanOrEqualTo(32.0);
  }

  @Test
  void streamedSixtyFourBitItemsTakeAtMost32BytesEach() {
    int n = 300_000;
    long[] codes = CodeFixtures.uniform(CodeLength.BITS_64, n, 2);
    long[] ids = CodeFixtures.ids(n, 2);
    MultiIndexHashIndex index = new MultiIndexHashIndex(CodeLength.BITS_64);
    for (int i = 0; i < n; i++) {
      index.insert(ids[i], codes, i);
    }

    assertThat(index.size()).isEqualTo(n);
    assertThat(index.segmentCount()).isGreaterThan(1);
    assertThat((double) index.estimatedFootprintBytes() / n).isLessThanOrEqualTo(32.0);
  }

  @Test
  void segmentsStayFewAsItemsStream() {
    MultiIndexHashConfig config = new MultiIndexHashConfig(16, 4, 0, true);
    MultiIndexHashIndex index = new MultiIndexHashIndex(CodeLength.BITS_32, config);
    long[] codes = CodeFixtures.uniform(CodeLength.BITS_32, 20_000, 3);
    for (int i = 0; i < 20_000; i++) {
      index.insert(i, codes, i);
    }
    // levels hold up to 64, 256, 1024, 4096, 16384, 65536 items: at most one segment each
    assertThat(index.segmentCount()).isLessThanOrEqualTo(6);
    assertThat(index.size()).isEqualTo(20_000);
  }

  @Test
  void removingMostOfASegmentRebuildsIt() {
    int n = 10_000;
    long[] codes = CodeFixtures.uniform(CodeLength.BITS_64, n, 4);
    MultiIndexHashIndex index = new MultiIndexHashIndex(CodeLength.BITS_64);
    index.insertAll(CodeFixtures.ids(n, 4), codes, 0, n);
    long full = index.estimatedFootprintBytes();
    long[] ids = CodeFixtures.ids(n, 4);
    for (int i = 0; i < n * 3 / 4; i++) {
      assertThat(index.remove(ids[i], codes, i)).isTrue();
    }

    assertThat(index.size()).isEqualTo(n / 4);
    // the last rebuild left at most as many tombstones as live items
    assertThat(index.estimatedFootprintBytes()).isLessThan(full * 6 / 10);
  }

  @Test
  void scanFallbackIsReportedPerIndex() {
    MultiIndexHashIndex empty = new MultiIndexHashIndex(CodeLength.BITS_64);
    assertThat(empty.scanFallbackRadius()).isEqualTo(Integer.MAX_VALUE);
    assertThat(empty.substringCount()).isZero();
    MultiIndexHashIndex probeOnly =
        new MultiIndexHashIndex(
            CodeLength.BITS_64, MultiIndexHashConfig.DEFAULT.withScanFallback(false));
    probeOnly.insertAll(new long[] {1}, new long[] {5}, 0, 1);
    assertThat(probeOnly.scanFallbackRadius()).isEqualTo(Integer.MAX_VALUE);
  }
}
