package io.hashstream.schemas.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hashstream.schemas.registry.HttpSchemaRegistry;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.ObjectOutputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KafkaClientSecurityTest {
  @TempDir Path dir;

  @Test
  void noneIsPlaintextWithoutRegistryCredentials() {
    KafkaClientSecurity none = KafkaClientSecurity.none();
    assertThat(none.protocol()).isEqualTo(KafkaClientSecurity.Protocol.PLAINTEXT);
    assertThat(none.isSecured()).isFalse();
    assertThat(none.properties()).isEmpty();
    assertThat(none.registryAuthorization()).isEmpty();
  }

  @Test
  void saslSslSplitsKafkaAndRegistrySettings() {
    KafkaClientSecurity s = KafkaClientSecurity.saslSsl(
        "SCRAM-SHA-512", "alice", "s3cret\"quote", dir.resolve("trust.p12"), "trustpw");

    assertThat(s.protocol()).isEqualTo(KafkaClientSecurity.Protocol.SASL_SSL);
    assertThat(s.kafkaProperties())
        .containsEntry("security.protocol", "SASL_SSL")
        .containsEntry("sasl.mechanism", "SCRAM-SHA-512")
        .containsKey("sasl.jaas.config")
        .doesNotContainKey("basic.auth.user.info");
    assertThat(s.kafkaProperties().get("sasl.jaas.config"))
        .startsWith("org.apache.kafka.common.security.scram.ScramLoginModule required")
        .contains("username=\"alice\"", "password=\"s3cret\\\"quote\"");
    assertThat(s.registryProperties())
        .containsEntry("basic.auth.credentials.source", "USER_INFO")
        .containsEntry("basic.auth.user.info", "alice:s3cret\"quote")
        .doesNotContainKey("sasl.mechanism");
    assertThat(s.registryAuthorization()).contains("Basic "
        + Base64.getEncoder().encodeToString("alice:s3cret\"quote".getBytes(StandardCharsets.UTF_8)));
  }

  @Test
  void toStringNeverShowsASecret() {
    KafkaClientSecurity s = KafkaClientSecurity.saslSsl(
        "PLAIN", "alice", "hunter2", dir.resolve("trust.p12"), "trustpw");
    assertThat(s.toString()).contains("SASL_SSL", "PLAIN").doesNotContain("hunter2", "trustpw");
  }

  @Test
  void refusesUnknownKeysAndIncompleteSettings() {
    assertThatThrownBy(() -> KafkaClientSecurity.of(Map.of("acks", "all")))
        .hasMessageContaining("'acks' is not a client security setting");
    assertThatThrownBy(() -> KafkaClientSecurity.of(Map.of("security.protocol", "SASL_SSL")))
        .hasMessageContaining("needs sasl.mechanism");
    assertThatThrownBy(() -> KafkaClientSecurity.of(
            Map.of("security.protocol", "SASL_SSL", "sasl.mechanism", "SCRAM-SHA-512")))
        .hasMessageContaining("needs sasl.jaas.config");
    assertThatThrownBy(() -> KafkaClientSecurity.of(Map.of("security.protocol", "TLS")))
        .hasMessageContaining("must be PLAINTEXT, SSL, SASL_PLAINTEXT or SASL_SSL");
    assertThatThrownBy(() -> KafkaClientSecurity.of(Map.of("basic.auth.user.info", "nopassword")))
        .hasMessageContaining("user:password");
    assertThatThrownBy(() -> KafkaClientSecurity.of(Map.of("basic.auth.credentials.source", "URL")))
        .hasMessageContaining("USER_INFO");
  }

  @Test
  void aFileIsReadWithStorePathsRelativeToIt() throws IOException {
    Path file = dir.resolve("client.properties");
    Files.writeString(file, String.join("\n",
        "security.protocol=SSL",
        "ssl.truststore.location=certs/trust.p12",
        "ssl.truststore.password=pw",
        "schema.registry.ssl.truststore.location=/abs/registry.p12"));

    KafkaClientSecurity s = KafkaClientSecurity.load(file);

    assertThat(s.kafkaProperties().get("ssl.truststore.location"))
        .isEqualTo(dir.resolve("certs/trust.p12").toString());
    assertThat(s.registryProperties().get("schema.registry.ssl.truststore.location"))
        .isEqualTo("/abs/registry.p12");
  }

  @Test
  void storeAndLoadRoundTrip() {
    KafkaClientSecurity s = KafkaClientSecurity.saslSsl(
        "SCRAM-SHA-256", "bob", "pw", dir.resolve("trust.p12"), "tpw");
    Path file = dir.resolve("out.properties");
    s.store(file);
    assertThat(KafkaClientSecurity.load(file)).isEqualTo(s);
  }

  @Test
  void aWholeClientConfigYieldsItsSecurityPart() {
    KafkaClientSecurity s = KafkaClientSecurity.within(Map.of(
        "bootstrap.servers", "k:9093", "acks", "all", "schema.registry.url", "https://r",
        "security.protocol", "SSL", "basic.auth.user.info", "u:p"));
    assertThat(s.properties()).containsOnlyKeys("security.protocol", "basic.auth.user.info");
  }

  @Test
  void registryCredentialsAreNeverSentOverPlainHttp() {
    KafkaClientSecurity s = KafkaClientSecurity.of(Map.of("basic.auth.user.info", "u:p"));
    assertThatThrownBy(() -> new HttpSchemaRegistry(URI.create("http://127.0.0.1:1/apis/ccompat/v7"), s))
        .hasMessageContaining("would travel in clear");
  }

  @Test
  void isSerializable() throws IOException {
    KafkaClientSecurity s = KafkaClientSecurity.saslSsl(
        "SCRAM-SHA-512", "alice", "pw", dir.resolve("trust.p12"), "tpw");
    try (ObjectOutputStream out = new ObjectOutputStream(new ByteArrayOutputStream())) {
      out.writeObject(new ClientConnection("k:1", "https://r/apis/ccompat/v7", s));
    }
  }
}
