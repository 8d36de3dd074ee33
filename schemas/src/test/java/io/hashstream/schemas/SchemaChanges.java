package io.hashstream.schemas;

import java.util.ArrayList;
import java.util.List;
import org.apache.avro.JsonProperties;
import org.apache.avro.Schema;

/** Schema changes a later release might make, for evolution tests here and in integration tests. */
public final class SchemaChanges {
  private SchemaChanges() {}

  /** {@code record} with {@code extra} appended. */
  public static Schema withField(Schema record, Schema.Field extra) {
    List<Schema.Field> fields = new ArrayList<>();
    for (Schema.Field f : record.getFields()) {
      fields.add(new Schema.Field(f, f.schema()));
    }
    fields.add(extra);
    return Schema.createRecord(
        record.getName(), record.getDoc(), record.getNamespace(), false, fields);
  }

  /** A new optional string field, null by default: the compatible way to add information. */
  public static Schema.Field optionalString(String name) {
    Schema nullable =
        Schema.createUnion(Schema.create(Schema.Type.NULL), Schema.create(Schema.Type.STRING));
    return new Schema.Field(name, nullable, "added in a later release", JsonProperties.NULL_VALUE);
  }

  /** A new required string field without a default: breaks readers of old data. */
  public static Schema.Field requiredString(String name) {
    return new Schema.Field(name, Schema.create(Schema.Type.STRING), "required, no default");
  }
}
