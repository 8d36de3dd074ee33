package io.hashstream.trainer.eval;

import static org.assertj.core.api.Assertions.assertThat;

import io.hashstream.image.CopyTransform;
import java.util.List;
import org.junit.jupiter.api.Test;

class CopyDetectionTest {

  @Test
  void recallAndTop1PerFamilyByHand() {
    // database items 0..3; query q's source is sources[q]
    List<CopyTransform> transforms =
        List.of(CopyTransform.JPEG_QUALITY_20, CopyTransform.HORIZONTAL_FLIP,
            CopyTransform.HORIZONTAL_FLIP);
    int[] sources = {0, 1, 2};
    double[][] d = {
      {1, 9, 8, 7}, // source at 1, negatives 7..9: match, top-1
      {6, 5, 9, 9}, // source at 5, nearest negative 6: top-1, matches only if threshold > 5
      {9, 3, 4, 8}, // source at 4, a negative at 3: not top-1
    };
    // 9 negatives; budget 0.2 -> 1 may match: sorted negatives 3,6,7,8,8,9,9,9,9 -> threshold 6
    CopyDetection.Result r =
        CopyDetection.evaluate(transforms, sources, 4, (q, i) -> d[q][i], 0.2);
    assertThat(r.operatingPoint().threshold()).isEqualTo(6);
    assertThat(r.recallByFamily())
        .containsEntry(CopyTransform.Family.REENCODE, 1.0)
        .containsEntry(CopyTransform.Family.FLIP, 1.0);
    assertThat(r.top1ByFamily())
        .containsEntry(CopyTransform.Family.REENCODE, 1.0)
        .containsEntry(CopyTransform.Family.FLIP, 0.5);
    assertThat(r.top1()).isEqualTo(2 / 3.0);
    assertThat(r.recall()).isEqualTo(1.0);
    assertThat(r.recallByTransform())
        .containsEntry(CopyTransform.JPEG_QUALITY_20, 1.0)
        .containsEntry(CopyTransform.HORIZONTAL_FLIP, 1.0)
        .hasSize(2);

    // no false match allowed: the threshold drops below the nearest negative (3), so only the
    // JPEG copy (distance 1) still matches
    CopyDetection.Result strict =
        CopyDetection.evaluate(transforms, sources, 4, (q, i) -> d[q][i], 0.0);
    assertThat(strict.recallByTransform())
        .containsEntry(CopyTransform.JPEG_QUALITY_20, 1.0)
        .containsEntry(CopyTransform.HORIZONTAL_FLIP, 0.0);
    assertThat(strict.recall()).isEqualTo(1 / 3.0);
  }

  @Test
  void anItemIsAsNearAsTheNearestOfItsWholeImageAndItsRegions() {
    // two items with two regions each: region rows 0, 1 belong to item 0; rows 2, 3 to item 1
    double[][] whole = {{10, 20}};
    double[][] region = {{12, 4, 30, 25}};

    CopyDetection.PairDistance d =
        CopyDetection.nearestOfRegions((q, i) -> whole[q][i], (q, r) -> region[q][r], 2);

    assertThat(d.distance(0, 0)).isEqualTo(4);
    assertThat(d.distance(0, 1)).isEqualTo(20);
  }
}
