package io.hashstream.flink.model;

import static org.assertj.core.api.Assertions.assertThat;

import io.hashstream.encoder.BundledEncoder;
import io.hashstream.flink.inference.InferenceService;
import io.hashstream.flink.config.JobConfig;
import org.junit.jupiter.api.Test;

/**
 * The engines load once per TaskManager JVM, however many slots (function instances) use them:
 * one inference service, and one loaded copy of each model version, reference counted.
 */
class OncePerJvmTest {
  @Test
  void everySlotSharesOneInferenceService() {
    InferenceService a = InferenceService.acquire(JobConfig.defaults());
    InferenceService b = InferenceService.acquire(JobConfig.defaults());
    try {
      assertThat(b).isSameAs(a);
    } finally {
      b.release();
      a.release();
    }
  }

  @Test
  void aModelVersionIsLoadedOnceAndUnloadedWithItsLastUser() throws Exception {
    ModelCatalog catalog = ModelCatalog.shared();
    ModelReference ref = ModelReference.ofDefault();
    LoadedModel first = catalog.acquire(ref, BundledEncoder.ENCODER_ID, BundledEncoder.EMBEDDING_SIZE);
    LoadedModel second = catalog.acquire(ref, BundledEncoder.ENCODER_ID, BundledEncoder.EMBEDDING_SIZE);
    assertThat(second).isSameAs(first);
    catalog.release(ref.version());
    assertThat(catalog.get(ref.version())).as("still used by one slot").contains(first);
    catalog.release(ref.version());
    assertThat(catalog.get(ref.version())).isEmpty();
  }
}
