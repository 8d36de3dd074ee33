package io.hashstream.alerts.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.apache.kafka.streams.StreamsConfig;
import org.junit.jupiter.api.Test;

class RulesConfigTest {

  @Test
  void defaultsAreTheDocumentedOnes() {
    RulesConfig d = RulesConfig.defaults();
    assertThat(d.partitions()).isEqualTo(4);
    assertThat(d.maxDistanceFor("any-bank")).isEqualTo(256);
    assertThat(d.matchWindow()).isEqualTo(Duration.ofHours(24));
    assertThat(d.retroactiveVerdicts()).isTrue();
    assertThat(d.clusterIdleTtl()).isEqualTo(Duration.ofHours(24));
    assertThat(d.floodMaxNewMembers()).isEqualTo(20);
    assertThat(d.floodWindow()).isEqualTo(Duration.ofMinutes(1));
    assertThat(d.floodQuarantine()).isEqualTo(Duration.ofHours(1));
    assertThat(d.actionsWindow()).isEqualTo(Duration.ofHours(1));
    assertThat(d.maxThumbnails()).isEqualTo(2000);
    assertThat(d.thumbnailPixels()).isEqualTo(96);
  }

  @Test
  void perBankLimitsFallBackToTheDefault() {
    RulesConfig r = RulesConfig.defaults().withBankLimits(Map.of("strict", 2), 10).withBankMaxDistance("loose", 12);
    assertThat(r.maxDistanceFor("strict")).isEqualTo(2);
    assertThat(r.maxDistanceFor("loose")).isEqualTo(12);
    assertThat(r.maxDistanceFor("other")).isEqualTo(10);
  }

  @Test
  void outOfRangeValuesAreRefusedWithTheirName() {
    RulesConfig d = RulesConfig.defaults();
    assertThatThrownBy(() -> d.withPartitions(0)).hasMessageContaining("partitions");
    assertThatThrownBy(() -> d.withBankMaxDistance("b", 257)).hasMessageContaining("bankMaxDistance[b]");
    assertThatThrownBy(() -> d.withBankMaxDistance(" ", 3)).hasMessageContaining("blank bank");
    assertThatThrownBy(() -> d.withMatchWindow(Duration.ZERO, true)).hasMessageContaining("matchWindow");
    assertThatThrownBy(() -> d.withFlood(0, Duration.ofMinutes(1), Duration.ofHours(1))).hasMessageContaining("floodMaxNewMembers");
    assertThatThrownBy(() -> d.withFlood(5, Duration.ofSeconds(-1), Duration.ofHours(1))).hasMessageContaining("floodWindow");
    assertThatThrownBy(() -> d.withThumbnails(0, 96, 1 << 20)).hasMessageContaining("maxThumbnails");
  }

  @Test
  void theServiceConfigIsExactlyOnceAndAdvertisesItsHttpAddress() {
    AlertsConfig c =
        new AlertsConfig("app", "127.0.0.1:9092", "http://127.0.0.1:8081/apis/ccompat/v7", Path.of("state"), 0,
            Duration.ofMillis(100), 1, Map.of("linger.ms", "5"), RulesConfig.defaults());
    var p = c.streamsProperties(18123);
    assertThat(p.get(StreamsConfig.PROCESSING_GUARANTEE_CONFIG)).isEqualTo(StreamsConfig.EXACTLY_ONCE_V2);
    assertThat(p.get(StreamsConfig.APPLICATION_SERVER_CONFIG)).isEqualTo("127.0.0.1:18123");
    assertThat(p.get("linger.ms")).isEqualTo("5");
    assertThatThrownBy(() -> c.withHttpPort(70000)).hasMessageContaining("httpPort");
    // in a container: bound to every address, advertised under the host's name
    assertThat(c.withHttpHost("10.1.2.3").streamsProperties(1).get(StreamsConfig.APPLICATION_SERVER_CONFIG))
        .isEqualTo("10.1.2.3:1");
    assertThat(c.withHttpHost("0.0.0.0").advertisedHost()).isNotEqualTo("0.0.0.0").isNotBlank();
    assertThatThrownBy(
            () -> new AlertsConfig("bad id!", "k:1", "http://r", Path.of("s"), 0, Duration.ofMillis(1), 1, Map.of(), RulesConfig.defaults()))
        .hasMessageContaining("applicationId");
    assertThatThrownBy(
            () -> new AlertsConfig("app", "k:1", "ftp://r", Path.of("s"), 0, Duration.ofMillis(1), 1, Map.of(), RulesConfig.defaults()))
        .hasMessageContaining("registryUrl");
  }

  @Test
  void durationsReadAsPeopleWriteThem() {
    DurationConverter d = new DurationConverter();
    assertThat(d.convert("500ms")).isEqualTo(Duration.ofMillis(500));
    assertThat(d.convert("90s")).isEqualTo(Duration.ofSeconds(90));
    assertThat(d.convert("15m")).isEqualTo(Duration.ofMinutes(15));
    assertThat(d.convert("24h")).isEqualTo(Duration.ofHours(24));
    assertThat(d.convert("7d")).isEqualTo(Duration.ofDays(7));
    assertThat(d.convert("PT1H")).isEqualTo(Duration.ofHours(1));
    assertThatThrownBy(() -> d.convert("soon")).hasMessageContaining("not a duration");
    assertThatThrownBy(() -> d.convert("")).hasMessageContaining("not a duration");
  }
}
