package io.hashstream.trainer.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.hashstream.platform.EmbeddedPlatform;
import io.hashstream.platform.PlatformConfig;
import io.hashstream.schemas.BankKeys;
import io.hashstream.schemas.BankSignal;
import io.hashstream.schemas.MatchSignal;
import io.hashstream.schemas.Topic;
import io.hashstream.schemas.Verdict;
import io.hashstream.trainer.bank.BankTopic;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * {@code hashstream bank} against the embedded broker and registry: bad rows reported line by line
 * while good rows go in; {@code --strict} writes nothing; export gives back what was imported;
 * remove takes every signal of a content out; add hashes images with both signals.
 */
class BankCliIT {
  private static final String H1 = "f8f8f0cee0f4a84f06370a22038f63f0b36e2ed596621e1d33e6b39c4e9c9b22";
  private static final String H2 = "0123456789abcdef".repeat(4);
  private static EmbeddedPlatform platform;

  @TempDir Path dir;
  private final ByteArrayOutputStream out = new ByteArrayOutputStream();
  private final ByteArrayOutputStream err = new ByteArrayOutputStream();

  @BeforeAll
  static void start() {
    platform = EmbeddedPlatform.start(PlatformConfig.ephemeral());
    platform.createTopics(List.of(Topic.BANK_SIGNALS), Duration.ofSeconds(60));
  }

  @AfterAll
  static void stop() {
    if (platform != null) {
      platform.close();
    }
  }

  @Test
  void badRowsAreListedByLineTheGoodOnesGoInAndStrictWritesNothing() throws Exception {
    Path file = dir.resolve("list.csv");
    Files.writeString(file, "hash,content_id,tags\n" + H1 + ",c1,spam\n" + H1.substring(1)
        + ",c2\n" + H2 + ",c3\n");

    assertThat(run("import", "--bank", "STRICT_BANK", "--strict", file.toString())).isEqualTo(1);
    assertThat(stderr()).contains("line 3: a PDQ hash is 64 hex digits, got 63")
        .contains("nothing was imported");
    assertThat(table("STRICT_BANK")).isEmpty();

    assertThat(run("import", "--bank", "LENIENT", "--verdict", "REMOVE", file.toString()))
        .isEqualTo(1);
    assertThat(stderr()).contains("list.csv: line 3:").contains("imported 2 rows")
        .contains("1 bad rows");
    TreeMap<String, BankSignal> lenient = table("LENIENT");
    assertThat(lenient.keySet()).containsExactly("LENIENT/pdq/c1", "LENIENT/pdq/c3");
    BankSignal c1 = lenient.get("LENIENT/pdq/c1");
    assertThat(c1.getVerdict()).isEqualTo(Verdict.REMOVE);
    assertThat(c1.getTags()).containsExactly("spam");
    assertThat(c1.getBankContentId()).isEqualTo(BankKeys.bankContentId("LENIENT", "c1"));
  }

  @Test
  void anExportedBankImportsBackAsItWasAndRemoveTakesContentOut() throws Exception {
    Path jsonl = dir.resolve("in.jsonl");
    Files.writeString(jsonl, "{\"signal\":\"" + H1 + "\",\"content_id\":\"a\",\"tags\":[\"x\",\"y\"]}\n"
        + "{\"signal\":\"" + H2 + "\",\"content_id\":\"b,2\"}\n"
        + "{\"signal_type\":\"crovca\",\"signal\":\"00000000000000ff\",\"content_id\":\"a\","
        + "\"model_version\":\"v1\"}\n");
    assertThat(run("import", "--bank", "ROUND", jsonl.toString())).isZero();
    Path csv = dir.resolve("out.csv");
    assertThat(run("export", "--bank", "ROUND", "--out", csv.toString())).isZero();
    assertThat(Files.readAllLines(csv)).containsExactly(
        "hash,content_id,tags", H1 + ",a,x y", H2 + ",\"b,2\",");

    assertThat(run("import", "--bank", "COPY", csv.toString())).isZero();
    assertThat(table("COPY").values()).extracting(BankSignal::getSignal).containsExactly(H1, H2);

    assertThat(run("export", "--bank", "ROUND", "--format", "jsonl")).isZero();
    assertThat(out.toString(StandardCharsets.UTF_8).lines()).hasSize(3)
        .anyMatch(l -> l.contains("\"model_version\":\"v1\""));

    assertThat(run("remove", "--bank", "ROUND", "--content-id", "a", "--content-id", "nope"))
        .isEqualTo(1);
    assertThat(stderr()).contains("no content 'nope'").contains("removed 2 entries of 1 contents");
    assertThat(table("ROUND").keySet()).containsExactly("ROUND/pdq/b,2");
  }

  @Test
  void addHashesEveryImageWithBothSignals() throws Exception {
    Path images = ImageFolderFixture.write(dir.resolve("images"));
    int status = run("add", "--bank", "IMAGES", "--verdict", "ALLOW", images.toString());

    assertThat(status).as(stderr()).isEqualTo(1); // the fixture holds a broken and a non-image file
    Map<String, BankSignal> table = table("IMAGES");
    assertThat(table).containsKey("IMAGES/pdq/chelsea.png");
    assertThat(table.values()).filteredOn(s -> s.getSignalType() == MatchSignal.CROVCA)
        .isNotEmpty()
        .allSatisfy(s -> {
          assertThat(s.getModelVersion()).isNotBlank();
          assertThat(s.getBits()).isEqualTo(64);
          assertThat(s.getVerdict()).isEqualTo(Verdict.ALLOW);
        });
    assertThat(table.values()).filteredOn(s -> s.getSignalType() == MatchSignal.PDQ)
        .hasSameSizeAs(table.values().stream()
            .filter(s -> s.getSignalType() == MatchSignal.CROVCA).toList());
  }

  private int run(String... args) {
    out.reset();
    err.reset();
    BankCli cli = new BankCli();
    cli.out = new PrintStream(out, true, StandardCharsets.UTF_8);
    cli.err = new PrintStream(err, true, StandardCharsets.UTF_8);
    String[] all = new String[args.length + 4];
    System.arraycopy(args, 0, all, 0, args.length);
    all[args.length] = "--bootstrap-servers";
    all[args.length + 1] = platform.bootstrapServers();
    all[args.length + 2] = "--registry-url";
    all[args.length + 3] = platform.registryUrl();
    return new CommandLine(cli).execute(all);
  }

  private String stderr() {
    return err.toString(StandardCharsets.UTF_8);
  }

  private static TreeMap<String, BankSignal> table(String bank) {
    return new BankTopic(platform.bootstrapServers(), platform.registryUrl(),
        Topic.BANK_SIGNALS.topicName(), Duration.ofSeconds(60)).read(bank);
  }
}
