package io.hashstream.platform;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Start-up failures a user can act on come out as typed errors that say what to do. */
class PlatformStartupErrorsTest {

  @Test
  void aBusyPortIsReportedWithTheFlagToChangeIt() throws IOException {
    try (ServerSocket taken = new ServerSocket()) {
      taken.bind(new InetSocketAddress(InetAddress.getByName(PlatformConfig.HOST), 0));
      int port = taken.getLocalPort();

      assertThatThrownBy(() -> Ports.claim("Kafka", port, "--kafka-port"))
          .isInstanceOfSatisfying(
              PlatformException.class,
              e -> assertThat(e.problem()).isEqualTo(PlatformException.Problem.PORT_IN_USE))
          .hasMessageContaining(String.valueOf(port))
          .hasMessageContaining("--kafka-port");
    }
  }

  @Test
  void portZeroClaimsAFreePort() {
    assertThat(Ports.claim("Kafka", 0, "--kafka-port")).isPositive();
  }

  @Test
  void aMissingRegistryDistributionSaysHowToGetIt(@TempDir Path empty) {
    assertThatThrownBy(() -> RegistryDistribution.runnerJar(empty))
        .isInstanceOfSatisfying(
            PlatformException.class,
            e -> assertThat(e.problem()).isEqualTo(PlatformException.Problem.REGISTRY_MISSING))
        .hasMessageContaining("mvn -pl platform")
        .hasMessageContaining(RegistryDistribution.HOME_ENV);
  }

  @Test
  void theBuildUnpackedTheRegistry() {
    Path jar = RegistryDistribution.runnerJar(null);
    assertThat(jar).exists();
    assertThat(jar.getFileName().toString()).endsWith("-runner.jar");
  }

  @Test
  void aRegistryThatDiesWhileStartingIsReportedWithItsLog(@TempDir Path dir) throws IOException {
    // a "distribution" whose runner jar is not a jar: the child JVM exits at once
    Path home = Files.createDirectories(dir.resolve("broken-registry"));
    Files.writeString(home.resolve("broken-runner.jar"), "not a jar");
    EmbeddedSchemaRegistry registry = EmbeddedSchemaRegistry.launch(0, home, dir.resolve("work"));
    try {
      assertThatThrownBy(() -> registry.awaitReady(Duration.ofSeconds(60)))
          .isInstanceOfSatisfying(
              PlatformException.class,
              e -> assertThat(e.problem()).isEqualTo(PlatformException.Problem.STARTUP_FAILED))
          .hasMessageContaining("exited with code")
          .hasMessageContaining("schema-registry.log");
    } finally {
      registry.close();
    }
  }

  @Test
  void configRejectsImpossiblePortsAndTimeouts() {
    assertThatThrownBy(() -> PlatformConfig.defaults().withPorts(70000, 0, 0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("kafkaPort");
    assertThatThrownBy(() -> PlatformConfig.defaults().withStartupTimeout(Duration.ZERO))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
