/**
 * The Confluent schema-registry wire format ({@code 0x00 | int32 schema id | Avro binary}) over any
 * Confluent-compatible registry, with typed errors that become dead letters.
 *
 * <pre>{@code
 * SchemaRegistry registry = new CachedSchemaRegistry(
 *     new HttpSchemaRegistry(URI.create("http://127.0.0.1:18081/apis/ccompat/v7")));
 * RegistryAvroCodec<ImageEvent> codec = new RegistryAvroCodec<>(registry, ImageEvent.class);
 * byte[] frame = codec.encode(Topic.IMAGES.valueSubject(), event);
 * ImageEvent back = codec.decode(frame); // or WireFormatException with a DeadLetterReason
 * }</pre>
 */
package io.hashstream.schemas.registry;
