package io.hashstream.bench.pdq;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The benchmark runs end to end on its images (without the ONNX model, which takes seconds to
 * open): the hash check passes and every figure is a positive rate.
 */
class PdqBenchmarkSanityTest {

  @Test
  void everyTaskRunsOnEveryImage() {
    Throughput quick = new Throughput(Duration.ofMillis(5), 0, 1);

    Map<String, Object> results = new PdqBenchmark(quick, false).run();

    assertThat(results)
        .containsKeys(
            "pdq_hash.1600x1004.images_per_second",
            "pdq_hash_dihedral.512x512.images_per_second",
            "decode.160x100.images_per_second",
            "decode_and_pdq_hash.1600x1004.ms_per_image");
    assertThat(results.values()).allSatisfy(v -> assertThat((Double) v).isPositive());
    assertThat(results).hasSize(3 * 4 * 2);
  }
}
