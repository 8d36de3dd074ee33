/**
 * Kafka serializers and deserializers over {@link io.hashstream.schemas.registry.RegistryAvroCodec}.
 *
 * <pre>{@code
 * props.put("schema.registry.url", "http://127.0.0.1:18081/apis/ccompat/v7");
 * props.put("value.serializer", RegistryAvroSerializer.class.getName());
 * // or: Serde<ImageEvent> serde = RegistryAvroSerde.of(registry, ImageEvent.class);
 * }</pre>
 */
package io.hashstream.schemas.kafka;
