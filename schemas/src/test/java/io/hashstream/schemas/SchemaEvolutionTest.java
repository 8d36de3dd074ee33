package io.hashstream.schemas;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hashstream.schemas.registry.InMemorySchemaRegistry;
import io.hashstream.schemas.registry.SchemaRegistry.Compatibility;
import io.hashstream.schemas.registry.SchemaRegistryException;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import org.apache.avro.Schema;
import org.apache.avro.SchemaCompatibility;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.generic.GenericDatumWriter;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificDatumWriter;
import org.apache.avro.specific.SpecificRecord;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The evolution rules of every topic's schema. Released schemas are kept in {@code
 * src/test/resources/golden/v1}, {@code v2} (only the schemas that changed in that release), ...;
 * every change to a schema must stay readable in both directions against each of them (consumers and producers are upgraded independently), and the registry rule
 * (BACKWARD) must admit new optional fields and refuse new required ones.
 */
class SchemaEvolutionTest {

  @ParameterizedTest
  @EnumSource(Topic.class)
  void currentSchemaReadsAndIsReadByEveryReleasedOne(Topic topic) throws IOException {
    Schema current = topic.valueSchema();
    for (Schema released : released(topic)) {
      assertThat(compatible(current, released)).as("current reads released data").isTrue();
      assertThat(compatible(released, current)).as("released readers read current data").isTrue();

      // and for real: data written with the current schema, read with the released one, written
      // back, read again: every field the release knows survives, every later one reads as its
      // default
      SpecificRecord sample = SampleRecords.forTopic(topic);
      byte[] currentBytes = writeSpecific(sample);
      GenericRecord asReleased = read(currentBytes, current, released);
      byte[] releasedBytes = writeGeneric(asReleased, released);
      GenericRecord backToCurrent = read(releasedBytes, released, current);
      GenericRecord direct = read(currentBytes, current, current);
      for (Schema.Field field : current.getFields()) {
        Object expected = released.getField(field.name()) != null
            ? direct.get(field.name())
            : GenericData.get().getDefaultValue(field);
        assertThat(String.valueOf(backToCurrent.get(field.name())))
            .as(field.name()).isEqualTo(String.valueOf(expected));
      }
    }
  }

  @org.junit.jupiter.api.Test
  void anOldProducersRecordIsReadThroughTheRegistryWithTheNewFieldsAtTheirDefaults()
      throws IOException {
    InMemorySchemaRegistry registry = new InMemorySchemaRegistry();
    Schema v1 = released(Topic.NEAR_DUPLICATES).get(0);
    GenericRecord old = read(writeSpecific(SampleRecords.nearDuplicate()),
        Topic.NEAR_DUPLICATES.valueSchema(), v1);
    int id = registry.register(Topic.NEAR_DUPLICATES.valueSubject(), v1);
    ByteArrayOutputStream frame = new ByteArrayOutputStream();
    frame.write(0);
    frame.write(java.nio.ByteBuffer.allocate(4).putInt(id).array());
    frame.write(writeGeneric(old, v1));

    NearDuplicate read = new io.hashstream.schemas.registry.RegistryAvroCodec<>(
        registry, NearDuplicate.class).decode(frame.toByteArray());

    assertThat(read.getQueryId()).isEqualTo(SampleRecords.nearDuplicate().getQueryId());
    assertThat(read.getDistance()).isEqualTo(SampleRecords.nearDuplicate().getDistance());
    assertThat(read.getSignals()).as("written before PDQ: matched on CroVCA").isEmpty();
    assertThat(read.getPdqDistance()).isNull();
  }

  @ParameterizedTest
  @EnumSource(Topic.class)
  void aNewOptionalFieldReadsOldDataAsItsDefault(Topic topic) throws IOException {
    Schema v1 = topic.valueSchema();
    Schema v2 = SchemaChanges.withField(v1, SchemaChanges.optionalString("addedLater"));
    byte[] oldData = writeSpecific(SampleRecords.forTopic(topic));

    GenericRecord read = read(oldData, v1, v2);

    assertThat(read.get("addedLater")).isNull();
    assertThat(read.get(v1.getFields().get(0).name()))
        .hasToString(String.valueOf(SampleRecords.forTopic(topic).get(0)));
  }

  @ParameterizedTest
  @EnumSource(Topic.class)
  void theRegistryRuleAdmitsOptionalFieldsAndRefusesRequiredOnes(Topic topic) {
    InMemorySchemaRegistry registry = new InMemorySchemaRegistry();
    String subject = topic.valueSubject();
    registry.setCompatibility(subject, Compatibility.BACKWARD);
    Schema v1 = topic.valueSchema();
    int id1 = registry.register(subject, v1);

    Schema v2 = SchemaChanges.withField(v1, SchemaChanges.optionalString("addedLater"));
    assertThat(registry.register(subject, v2)).isNotEqualTo(id1);

    Schema required =
        SchemaChanges.withField(v2, SchemaChanges.requiredString("mustHave"));
    assertThat(compatible(required, v2)).isFalse();
    assertThatThrownBy(() -> registry.register(subject, required))
        .isInstanceOf(SchemaRegistryException.Incompatible.class);
  }

  /** Every released schema of a topic's values, oldest first ({@code src/test/resources/golden/v*}). */
  static java.util.List<Schema> released(Topic topic) throws IOException {
    java.util.List<Schema> out = new java.util.ArrayList<>();
    for (int v = 1; ; v++) {
      String path = "/golden/v" + v + "/" + topic.valueSubject() + ".avsc";
      try (InputStream in = SchemaEvolutionTest.class.getResourceAsStream(path)) {
        if (in == null) {
          if (v <= RELEASES) {
            continue; // this topic's schema did not change in that release
          }
          break;
        }
        out.add(new Schema.Parser().parse(in));
      }
    }
    assertThat(out).as("released schemas of " + topic).isNotEmpty();
    return out;
  }

  /** How many releases {@code golden/} holds. */
  private static final int RELEASES = 3;

  private static boolean compatible(Schema reader, Schema writer) {
    return SchemaCompatibility.checkReaderWriterCompatibility(reader, writer).getType()
        == SchemaCompatibility.SchemaCompatibilityType.COMPATIBLE;
  }

  @SuppressWarnings({"unchecked", "rawtypes"})
  private static byte[] writeSpecific(SpecificRecord record) throws IOException {
    SpecificData model = SpecificData.getForClass(record.getClass());
    SpecificDatumWriter writer = new SpecificDatumWriter(record.getSchema(), model);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    BinaryEncoder encoder = EncoderFactory.get().binaryEncoder(out, null);
    writer.write(record, encoder);
    encoder.flush();
    return out.toByteArray();
  }

  private static byte[] writeGeneric(GenericRecord record, Schema schema) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    BinaryEncoder encoder = EncoderFactory.get().binaryEncoder(out, null);
    new GenericDatumWriter<GenericRecord>(schema, GenericData.get()).write(record, encoder);
    encoder.flush();
    return out.toByteArray();
  }

  private static GenericRecord read(byte[] data, Schema writer, Schema reader) throws IOException {
    return new GenericDatumReader<GenericRecord>(writer, reader, GenericData.get())
        .read(null, DecoderFactory.get().binaryDecoder(data, null));
  }
}
