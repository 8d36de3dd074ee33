package io.hashstream.flink.inference;

import static io.hashstream.flink.inference.InferenceFixtures.embedding;
import static io.hashstream.flink.inference.InferenceFixtures.withEmbedding;
import static io.hashstream.flink.inference.InferenceFixtures.withUri;
import static org.assertj.core.api.Assertions.assertThat;

import io.hashstream.flink.ingest.PendingUpload;
import io.hashstream.flink.config.JobConfig;
import io.hashstream.flink.model.LoadedModel;
import io.hashstream.flink.model.ModelCatalog;
import io.hashstream.schemas.DeadLetterReason;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeoutException;
import org.apache.flink.api.common.serialization.SerializerConfigImpl;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.Gauge;
import org.apache.flink.runtime.jobgraph.OperatorID;
import org.apache.flink.runtime.metrics.groups.InternalOperatorMetricGroup;
import org.apache.flink.runtime.metrics.groups.UnregisteredMetricGroups;
import org.apache.flink.runtime.metrics.util.InterceptingOperatorMetricGroup;
import org.apache.flink.runtime.operators.testutils.MockEnvironment;
import org.apache.flink.runtime.operators.testutils.MockEnvironmentBuilder;
import org.apache.flink.streaming.api.datastream.AsyncDataStream;
import org.apache.flink.streaming.api.functions.async.CollectionSupplier;
import org.apache.flink.streaming.api.functions.async.ResultFuture;
import org.apache.flink.streaming.api.operators.async.AsyncWaitOperatorFactory;
import org.apache.flink.streaming.util.OneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The operator in Flink's async harness: one output per upload, metrics, timeout. */
class InferenceFunctionTest {
  @TempDir Path dir;

  @Test
  void everyUploadBecomesOneHashedUploadAndIsCounted() throws Exception {
    LoadedModel model = InferenceFixtures.acquireDefaultModel();
    InterceptingOperatorMetricGroup metrics = new InterceptingOperatorMetricGroup();
    try (OneInputStreamOperatorTestHarness<PendingUpload, HashedUpload> harness = harness(metrics)) {
      harness.open();
      harness.processElement(withEmbedding("e1", embedding(1)), 1);
      harness.processElement(withUri("gone", dir.resolve("gone.jpg").toUri().toString()), 2);
      harness.endInput(); // waits for both uploads

      Map<String, HashedUpload> out = new HashMap<>();
      harness.extractOutputValues().forEach(h -> out.put(h.imageId, h));
      assertThat(out).containsOnlyKeys("e1", "gone");
      assertThat(out.get("e1").codes.get(model.version())).containsExactly(model.code(embedding(1)));
      assertThat(out.get("gone").failureReason).as("no URI is allowed by default")
          .isEqualTo(DeadLetterReason.URI_NOT_ALLOWED);

      assertThat(count(metrics, "uploadsHashed")).isEqualTo(1);
      assertThat(count(metrics, "embeddingsHashed")).isEqualTo(1);
      assertThat(count(metrics, "imagesEncoded")).isZero();
      assertThat(count(metrics, "uploadsFailed")).isEqualTo(1);
      assertThat(((Gauge<?>) metrics.get("liveModels")).getValue())
          .isEqualTo(ModelCatalog.shared().live().size());
    } finally {
      ModelCatalog.shared().release(model.version());
    }
  }

  @Test
  void aTimeoutFailsTheJobWithAMessageThatSaysWhatToDo() throws Exception {
    InferenceFunction function = new InferenceFunction(JobConfig.defaults());
    CapturingResultFuture result = new CapturingResultFuture();

    function.timeout(withEmbedding("slow", embedding(1)), result);

    assertThat(result.error)
        .isInstanceOf(TimeoutException.class)
        .hasMessageContaining("slow")
        .hasMessageContaining("inference.timeout=2 min")
        .hasMessageContaining("restarts from its last checkpoint");
  }

  private static long count(InterceptingOperatorMetricGroup metrics, String name) {
    return ((Counter) metrics.get(name)).getCount();
  }

  private static OneInputStreamOperatorTestHarness<PendingUpload, HashedUpload> harness(
      InterceptingOperatorMetricGroup operatorMetrics) throws Exception {
    MockEnvironment env = new MockEnvironmentBuilder()
        .setMetricGroup(new UnregisteredMetricGroups.UnregisteredTaskMetricGroup() {
          @Override
          public InternalOperatorMetricGroup getOrAddOperator(
              OperatorID id, String name, Map<String, String> info) {
            return operatorMetrics;
          }
        })
        .build();
    return new OneInputStreamOperatorTestHarness<>(
        new AsyncWaitOperatorFactory<>(
            new InferenceFunction(JobConfig.defaults()), 60_000, 10,
            AsyncDataStream.OutputMode.UNORDERED),
        TypeInformation.of(PendingUpload.class).createSerializer(new SerializerConfigImpl()),
        env);
  }

  private static final class CapturingResultFuture implements ResultFuture<HashedUpload> {
    final List<HashedUpload> results = new ArrayList<>();
    Throwable error;

    @Override
    public void complete(Collection<HashedUpload> result) {
      results.addAll(result);
    }

    @Override
    public void completeExceptionally(Throwable error) {
      this.error = error;
    }

    @Override
    public void complete(CollectionSupplier<HashedUpload> supplier) {
      throw new UnsupportedOperationException();
    }
  }
}
