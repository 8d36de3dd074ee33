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
 * src/test/resources/golden/v1}; every change to a schema must stay readable in both directions
 * against them (consumers and producers are upgraded independently), and the registry rule
 * (BACKWARD) must admit new optional fields and refuse new required ones.
 */
class SchemaEvolutionTest {

  @ParameterizedTest
  @EnumSource(Topic.class)
  void currentSchemaReadsAndIsReadByTheReleasedOne(Topic topic) throws IOException {
    Schema released = golden(topic);
    Schema current = topic.valueSchema();

    assertThat(compatible(current, released)).as("current reads v1 data").isTrue();
    assertThat(compatible(released, current)).as("v1 readers read current data").isTrue();

    // and for real: data written with the current schema, read with v1, written back, read again
    SpecificRecord sample = SampleRecords.forTopic(topic);
    byte[] currentBytes = writeSpecific(sample);
    GenericRecord asV1 = read(currentBytes, current, released);
    byte[] v1Bytes = writeGeneric(asV1, released);
    GenericRecord backToCurrent = read(v1Bytes, released, current);
    assertThat(backToCurrent.toString()).isEqualTo(read(currentBytes, current, current).toString());
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

  static Schema golden(Topic topic) throws IOException {
    String path = "/golden/v1/" + topic.valueSubject() + ".avsc";
    try (InputStream in = SchemaEvolutionTest.class.getResourceAsStream(path)) {
      assertThat(in).as("released schema " + path).isNotNull();
      return new Schema.Parser().parse(in);
    }
  }

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
