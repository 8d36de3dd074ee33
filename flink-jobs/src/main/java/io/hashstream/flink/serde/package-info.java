/**
 * Flink adapters of the schema-registry wire format.
 *
 * <pre>{@code
 * RegistrySupplier registry = RegistrySupplier.http(registryUrl);
 * KafkaSink.<HashCode>builder().setRecordSerializer(KafkaRecordSerializationSchema.builder()
 *     .setTopic(Topic.HASH_CODES.topicName())
 *     .setValueSerializationSchema(RegistryAvroSerializationSchema.forTopic(
 *         Topic.HASH_CODES, HashCode.class, registry)).build());
 * }</pre>
 */
package io.hashstream.flink.serde;
