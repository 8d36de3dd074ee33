package io.hashstream.it.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hashstream.it.platform.PlatformExtension;
import io.hashstream.it.platform.TopicReader;
import io.hashstream.platform.EmbeddedPlatform;
import io.hashstream.platform.PlatformSecurity;
import io.hashstream.schemas.ImageEvent;
import io.hashstream.schemas.SampleRecords;
import io.hashstream.schemas.Topic;
import io.hashstream.schemas.kafka.RegistryAvroDeserializer;
import io.hashstream.schemas.kafka.RegistryAvroSerde;
import io.hashstream.schemas.kafka.RegistryAvroSerializer;
import io.hashstream.schemas.registry.HttpSchemaRegistry;
import io.hashstream.schemas.registry.SchemaRegistryException;
import io.hashstream.schemas.security.ClientConnection;
import io.hashstream.schemas.security.KafkaClientSecurity;
import java.net.URI;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import org.apache.kafka.clients.admin.NewTopic;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.SaslAuthenticationException;
import org.apache.kafka.common.errors.SslAuthenticationException;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The secured platform on real parts: a SASL_SSL broker (SCRAM-SHA-512, a CA made at start) and
 * the registry behind an https gateway with basic auth. Clients configured from one {@link
 * KafkaClientSecurity} write and read Avro through both; a wrong password, a missing password, a
 * plaintext client and a client that does not trust the CA are refused with errors that say so.
 */
class SecuredPlatformIT {
  @RegisterExtension static final PlatformExtension PLATFORM = PlatformExtension.secured();

  @Test
  void aClientWithTheSecuritySettingsWritesAndReadsAvroThroughBrokerAndRegistry() {
    EmbeddedPlatform platform = PLATFORM.get();
    ClientConnection client = platform.clientConnection();
    assertThat(client.security().protocol()).isEqualTo(KafkaClientSecurity.Protocol.SASL_SSL);
    assertThat(client.registryUrl()).startsWith("https://127.0.0.1:");

    String id = "secured-" + UUID.randomUUID();
    // a topic of its own: the end-to-end test runs the job on this platform's own topics
    String topic = "secured-it-" + id;
    try (Admin admin = platform.admin()) {
      admin.createTopics(List.of(new NewTopic(topic, 1, (short) 1))).all().get(60, TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new AssertionError(e);
    }
    ImageEvent event = SampleRecords.imageEvent();
    event.setImageId(id);
    Map<String, Object> props = client.clientProperties();
    RegistryAvroSerializer<ImageEvent> values = new RegistryAvroSerializer<>();
    values.configure(props, false);
    try (KafkaProducer<String, ImageEvent> producer =
        new KafkaProducer<>(props, new StringSerializer(), values)) {
      producer.send(new ProducerRecord<>(topic, id, event)).get(60, TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new AssertionError(e);
    }

    Map<String, Object> readerConfig = new HashMap<>(props);
    readerConfig.put(RegistryAvroSerde.VALUE_TYPE, ImageEvent.class.getName());
    RegistryAvroDeserializer<ImageEvent> reader = new RegistryAvroDeserializer<>();
    reader.configure(readerConfig, false);
    var read = TopicReader.await(props, topic, new StringDeserializer(), reader,
        r -> id.equals(r.key()), 1, Duration.ofSeconds(60));
    assertThat(read.get(0).value().getImageId()).isEqualTo(id);
  }

  @Test
  void aWrongPasswordIsRefusedByTheBroker() {
    EmbeddedPlatform platform = PLATFORM.get();
    KafkaClientSecurity wrong = KafkaClientSecurity.saslSsl("SCRAM-SHA-512", PlatformSecurity.CLIENT,
        "not-the-password", platform.tls().trustStore(), platform.tls().trustStorePassword());

    assertThatThrownBy(() -> describeCluster(platform, wrong))
        .hasCauseInstanceOf(SaslAuthenticationException.class)
        .cause().hasMessageContaining("invalid credentials").hasMessageContaining("SCRAM-SHA-512");
  }

  @Test
  void aClientThatDoesNotTrustThePlatformsCaIsRefused() {
    EmbeddedPlatform platform = PLATFORM.get();
    KafkaClientSecurity noTrust = KafkaClientSecurity.of(Map.of(
        "security.protocol", "SASL_SSL", "sasl.mechanism", "SCRAM-SHA-512",
        "sasl.jaas.config", KafkaClientSecurity.jaasConfig("SCRAM-SHA-512", PlatformSecurity.CLIENT,
            platform.security().users().get(PlatformSecurity.CLIENT))));

    assertThatThrownBy(() -> describeCluster(platform, noTrust))
        .hasCauseInstanceOf(SslAuthenticationException.class);
  }

  @Test
  void aPlaintextClientGetsNothing() {
    EmbeddedPlatform platform = PLATFORM.get();
    assertThatThrownBy(() -> describeCluster(platform, KafkaClientSecurity.none()))
        .isInstanceOf(ExecutionException.class);
  }

  @Test
  void theRegistryAsksForCredentialsAndRefusesWrongOnes() {
    EmbeddedPlatform platform = PLATFORM.get();
    URI url = URI.create(platform.registryUrl());
    KafkaClientSecurity trustOnly = KafkaClientSecurity.of(Map.of(
        "ssl.truststore.location", platform.tls().trustStore().toString(),
        "ssl.truststore.password", platform.tls().trustStorePassword()));
    KafkaClientSecurity wrong = KafkaClientSecurity.of(Map.of(
        "ssl.truststore.location", platform.tls().trustStore().toString(),
        "ssl.truststore.password", platform.tls().trustStorePassword(),
        "basic.auth.user.info", PlatformSecurity.CLIENT + ":wrong-password"));

    assertThatThrownBy(() -> new HttpSchemaRegistry(url, trustOnly).schemaById(1))
        .isInstanceOfSatisfying(SchemaRegistryException.class, e -> assertThat(e.httpStatus()).isEqualTo(401))
        .hasMessageContaining("set basic.auth.user.info");
    assertThatThrownBy(() -> new HttpSchemaRegistry(url, wrong).schemaById(1))
        .isInstanceOfSatisfying(SchemaRegistryException.class, e -> assertThat(e.httpStatus()).isEqualTo(401))
        .hasMessageContaining("refused these credentials");
    assertThatThrownBy(() -> new HttpSchemaRegistry(url, KafkaClientSecurity.none()).schemaById(1))
        .isInstanceOf(SchemaRegistryException.class)
        .hasMessageContaining("truststore");
    assertThat(platform.schemaRegistry().lookupId(Topic.IMAGES.valueSubject(), Topic.IMAGES.valueSchema()))
        .isPositive();
  }

  @Test
  void theRegistryGatewayRefusesOversizedBodiesUnread() throws Exception {
    EmbeddedPlatform platform = PLATFORM.get();
    KafkaClientSecurity client = platform.clientSecurity(PlatformSecurity.CLIENT);
    java.net.http.HttpClient http = java.net.http.HttpClient.newBuilder()
        .sslContext(client.registrySslContext()).build();
    java.net.http.HttpResponse<String> answer = http.send(
        java.net.http.HttpRequest.newBuilder(URI.create(platform.registryUrl() + "/subjects/x/versions"))
            .header("Authorization", client.registryAuthorization().orElseThrow())
            .header("Content-Type", "application/vnd.schemaregistry.v1+json")
            .POST(java.net.http.HttpRequest.BodyPublishers.ofByteArray(new byte[(1 << 20) + 1]))
            .build(),
        java.net.http.HttpResponse.BodyHandlers.ofString());
    assertThat(answer.statusCode()).isEqualTo(413);
  }

  private static void describeCluster(EmbeddedPlatform platform, KafkaClientSecurity security)
      throws Exception {
    Map<String, Object> config = new HashMap<>(security.kafkaProperties());
    config.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, platform.bootstrapServers());
    config.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 5000);
    config.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 4000);
    try (Admin admin = Admin.create(config)) {
      admin.describeCluster().nodes().get(20, TimeUnit.SECONDS);
    }
  }
}
