package io.hashstream.flink.serde;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hashstream.schemas.DeadLetterReason;
import io.hashstream.schemas.ImageEvent;
import io.hashstream.schemas.SampleRecords;
import io.hashstream.schemas.Topic;
import io.hashstream.schemas.registry.InMemorySchemaRegistry;
import io.hashstream.schemas.registry.RegistrySupplier;
import io.hashstream.schemas.registry.WireFormatException;
import org.apache.avro.specific.SpecificRecordBase;
import org.apache.flink.formats.avro.typeutils.AvroTypeInfo;
import org.apache.flink.util.InstantiationUtil;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class RegistryAvroSerdeSchemaTest {
  private static final InMemorySchemaRegistry REGISTRY = new InMemorySchemaRegistry();
  private static final RegistrySupplier IN_MEMORY = () -> REGISTRY;

  @ParameterizedTest
  @EnumSource(Topic.class)
  @SuppressWarnings("unchecked")
  <T extends SpecificRecordBase> void everyRecordTypeRoundTrips(Topic topic) {
    T sample = (T) SampleRecords.forTopic(topic);
    Class<T> type = (Class<T>) sample.getClass();
    RegistryAvroSerializationSchema<T> out =
        RegistryAvroSerializationSchema.forTopic(topic, type, IN_MEMORY);
    RegistryAvroDeserializationSchema<T> in = new RegistryAvroDeserializationSchema<>(type, IN_MEMORY);
    out.open(null);
    in.open(null);

    assertThat(in.deserialize(out.serialize(sample))).isEqualTo(sample);
    assertThat(in.getProducedType()).isEqualTo(new AvroTypeInfo<>(type));
  }

  @Test
  void badFramesRaiseTypedErrors() {
    RegistryAvroDeserializationSchema<ImageEvent> in =
        new RegistryAvroDeserializationSchema<>(ImageEvent.class, IN_MEMORY);
    in.open(null);
    assertThatThrownBy(() -> in.deserialize(new byte[] {1, 2, 3, 4, 5, 6}))
        .isInstanceOfSatisfying(
            WireFormatException.class,
            e -> assertThat(e.reason()).isEqualTo(DeadLetterReason.MALFORMED_FRAME));
  }

  @Test
  void schemasWithAnHttpRegistrySurviveJavaSerialization() throws Exception {
    RegistrySupplier http = RegistrySupplier.http("http://127.0.0.1:18081/apis/ccompat/v7");
    RegistryAvroSerializationSchema<ImageEvent> out =
        RegistryAvroSerializationSchema.forTopic(Topic.IMAGES, ImageEvent.class, http);
    RegistryAvroDeserializationSchema<ImageEvent> in =
        new RegistryAvroDeserializationSchema<>(ImageEvent.class, http);

    assertThat(InstantiationUtil.clone(out)).isNotNull();
    assertThat(InstantiationUtil.clone(in).getProducedType())
        .isEqualTo(new AvroTypeInfo<>(ImageEvent.class));
  }
}
