package io.hashstream.it.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.hashstream.demo.AlertsProcess;
import io.hashstream.image.CopyTransform;
import io.hashstream.image.ImageDecoder;
import io.hashstream.image.ImageFileWriter;
import io.hashstream.inference.EncodedImage;
import io.hashstream.inference.ImageResult;
import io.hashstream.inference.SignalExtractor;
import io.hashstream.it.platform.PlatformExtension;
import io.hashstream.pdq.PdqDihedralHashes;
import io.hashstream.schemas.Topic;
import io.hashstream.trainer.cli.BankCli;
import java.io.File;
import java.io.IOException;
import java.io.PrintStream;
import java.io.OutputStream;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Any Kafka client can talk to hashstream: a Node.js client with kafkajs 2.2.4 and
 * {@code @kafkajs/confluent-schema-registry} 4.1.0 only ({@code src/test/node/kafkajs-client},
 * installed with {@code npm ci}) produces uploads to the running job and the moderation service
 * (both on the platform's topic names) and reads and decodes every output topic: hash codes,
 * near-duplicates, bank matches, dead letters (job) and actions (moderation service). It also shows
 * banks at work: a copy of a REMOVE bank's photo is blocked, and a photo in an ALLOW bank and its
 * re-upload match each other but never alert, while an unbanked re-upload does.
 */
class InteropIT {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String TENANT = "interop";

  @RegisterExtension static final PlatformExtension PLATFORM = new PlatformExtension();

  @Test
  void aKafkajsClientProducesUploadsAndDecodesEveryOutputOfTheJobAndTheModerationService(
      @TempDir Path dir) throws Exception {
    assumeTrue(onPath("node") && onPath("npm"),
        "node and npm are needed (.ci/run installs them: apt-get install nodejs npm)");
    Path client = installClient(dir);
    List<Photos.Photo> photos = Photos.all();
    Path a = write(dir, "a.jpg", photos.get(0).bytes());
    Path aCopy = write(dir, "a-copy.jpg", edited(photos.get(0).bytes(), CopyTransform.JPEG_QUALITY_20));
    Path b = write(dir, "b.jpg", photos.get(1).bytes());
    Path c = write(dir, "c.jpg", photos.get(2).bytes());
    Path cCopy = write(dir, "c-copy.jpg", edited(photos.get(2).bytes(), CopyTransform.JPEG_QUALITY_20));
    var platform = PLATFORM.get();
    try (JobHarness job = JobHarness.start(platform, dir.resolve("checkpoints"), Map.of(),
            JobHarness.Wiring.ON_PLATFORM_TOPICS);
        AlertsProcess alerts = AlertsProcess.start(alertsClasspath(), platform.clientConnection(),
            freePort(), dir, "interop-it-alerts", Duration.ofSeconds(180), false)) {
      bank(dir, "INTEROP_REMOVE", "REMOVE", "a", a);
      bank(dir, "INTEROP_ALLOW", "ALLOW", "b", b);
      job.awaitBankSignalsApplied();

      Process node = new ProcessBuilder("node", "interop.js", platform.bootstrapServers(),
          platform.registryUrl(), TENANT, aCopy.toString(), b.toString(), b.toString(),
          c.toString(), cCopy.toString())
          .directory(client.toFile()).redirectErrorStream(true).start();
      List<String> lines = new String(node.getInputStream().readAllBytes(), StandardCharsets.UTF_8)
          .lines().toList();
      assertThat(node.waitFor(60, TimeUnit.SECONDS)).isTrue();
      assertThat(node.exitValue()).as(String.join("\n", lines) + "\n(alerts log: " + alerts.log()
          + ")").isZero();

      Map<String, List<JsonNode>> byTopic = new LinkedHashMap<>();
      for (String line : lines) {
        if (line.startsWith("{\"topic\"")) {
          JsonNode n = JSON.readTree(line);
          byTopic.computeIfAbsent(n.get("topic").asText(), t -> new ArrayList<>()).add(n.get("value"));
        }
      }
      assertThat(byTopic.keySet()).containsExactlyInAnyOrder(Topic.HASH_CODES.topicName(),
          Topic.NEAR_DUPLICATES.topicName(), Topic.BANK_MATCHES.topicName(),
          Topic.DEAD_LETTERS.topicName(), Topic.MODERATION_ACTIONS.topicName());
      List<JsonNode> bankMatches = of(byTopic, Topic.BANK_MATCHES, "imageId", null);
      assertThat(of(byTopic, Topic.BANK_MATCHES, "imageId", "a-copy"))
          .allSatisfy(m -> assertThat(m.get("bank").asText()).isEqualTo("INTEROP_REMOVE"))
          .isNotEmpty();
      assertThat(bankMatches).anySatisfy(m -> {
        assertThat(m.get("imageId").asText()).isEqualTo("b-copy");
        assertThat(m.get("verdict").asText()).isEqualTo("ALLOW");
      });
      assertThat(of(byTopic, Topic.NEAR_DUPLICATES, "queryId", "b-copy")).isNotEmpty();
      assertThat(of(byTopic, Topic.DEAD_LETTERS, "imageId", null))
          .anySatisfy(d -> assertThat(d.get("sourceTopic").asText()).isEqualTo("images"));
      List<JsonNode> actions = of(byTopic, Topic.MODERATION_ACTIONS, "tenant", TENANT);
      assertThat(actions).anySatisfy(x -> {
        assertThat(x.get("imageId").asText()).isEqualTo("a-copy");
        assertThat(x.get("action").asText()).isEqualTo("BLOCK");
        assertThat(x.get("bank").asText()).isEqualTo("INTEROP_REMOVE");
        assertThat(x.get("matchId").asText()).isEqualTo("a");
        assertThat(x.get("signal").asText()).isEqualTo("PDQ");
      });
      assertThat(actions).anySatisfy(x -> {
        assertThat(x.get("imageId").asText()).isEqualTo("c-copy");
        assertThat(x.get("action").asText()).isEqualTo("ALERT");
      });
      assertThat(actions).as("an ALLOW bank silences b and its re-upload")
          .noneMatch(x -> x.get("imageId").asText().startsWith("b"));
    }
  }

  /** Records of one topic, those whose {@code field} is {@code value} (all if null). */
  private static List<JsonNode> of(
      Map<String, List<JsonNode>> byTopic, Topic topic, String field, String value) {
    return byTopic.getOrDefault(topic.topicName(), List.of()).stream()
        .filter(n -> value == null || value.equals(n.path(field).asText()))
        .toList();
  }

  /** Copies the client to {@code dir} and installs its two packages (versions pinned by the lock). */
  private static Path installClient(Path dir) throws Exception {
    Path client = Files.createDirectories(dir.resolve("kafkajs-client"));
    Path source = Path.of(System.getProperty("hashstream.node.client",
        "src/test/node/kafkajs-client"));
    for (String file : List.of("package.json", "package-lock.json", "interop.js")) {
      Files.copy(source.resolve(file), client.resolve(file));
    }
    Process npm = new ProcessBuilder("npm", "ci", "--no-audit", "--no-fund", "--ignore-scripts")
        .directory(client.toFile()).redirectErrorStream(true).start();
    String out = new String(npm.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(npm.waitFor(5, TimeUnit.MINUTES)).as("npm ci").isTrue();
    assertThat(npm.exitValue()).as("npm ci: " + out).isZero();
    return client;
  }

  private static void bank(Path dir, String bank, String verdict, String contentId, Path image)
      throws IOException {
    PdqDihedralHashes pdq;
    try (SignalExtractor signals = SignalExtractor.pdqOnly(true)) {
      pdq = ((ImageResult.Ok<PdqDihedralHashes>) signals.pdq(
          List.of(EncodedImage.of(contentId, Files.readAllBytes(image)))).get(0)).value();
    }
    Path file = dir.resolve(bank + ".csv");
    Files.writeString(file, pdq.original().hex() + "," + contentId + "\n");
    var platform = PLATFORM.get();
    PrintStream quiet = new PrintStream(OutputStream.nullOutputStream());
    assertThat(BankCli.execute(quiet, System.err, "import", "--bank", bank, "--verdict", verdict,
        "--bootstrap-servers", platform.bootstrapServers(), "--registry-url", platform.registryUrl(),
        file.toString())).isZero();
  }

  private static String alertsClasspath() throws IOException {
    String classes = System.getProperty("hashstream.alerts.classes");
    String file = System.getProperty("hashstream.alerts.classpath.file");
    assertThat(file).as("failsafe passes the alerts module's classpath (see the pom)").isNotNull();
    return classes + File.pathSeparator + Files.readString(Path.of(file)).trim();
  }

  private static byte[] edited(byte[] photo, CopyTransform t) throws Exception {
    return ImageFileWriter.jpeg(t.apply(ImageDecoder.withDefaults().decode(photo)), 0.9f);
  }

  private static Path write(Path dir, String name, byte[] bytes) throws IOException {
    return Files.write(dir.resolve(name), bytes);
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }

  private static boolean onPath(String command) {
    for (String d : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
      if (Files.isExecutable(Path.of(d, command))) {
        return true;
      }
    }
    return false;
  }
}
