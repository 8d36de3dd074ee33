/**
 * Client security from one place: {@link io.hashstream.schemas.security.KafkaClientSecurity} (the
 * standard Kafka {@code security.protocol}, {@code sasl.*}, {@code ssl.*} keys and the registry's
 * basic auth and truststore, read from one properties file) and {@link
 * io.hashstream.schemas.security.ClientConnection} (addresses plus those settings: everything a
 * client needs).
 *
 * <pre>{@code
 * KafkaClientSecurity security = KafkaClientSecurity.load(Path.of("client.properties"));
 * ClientConnection kafka = new ClientConnection("broker:9093", "https://registry:8081/apis/ccompat/v7", security);
 * try (var producer = new KafkaProducer<>(kafka.clientProperties(), keys, values)) { ... }
 * }</pre>
 */
package io.hashstream.schemas.security;
