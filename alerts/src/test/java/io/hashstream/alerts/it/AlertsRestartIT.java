package io.hashstream.alerts.it;

import static io.hashstream.alerts.testing.InputRecords.match;
import static org.assertj.core.api.Assertions.assertThat;

import io.hashstream.alerts.processor.ActionIds;
import io.hashstream.alerts.testing.Kafka;
import io.hashstream.alerts.testing.ServiceProcess;
import io.hashstream.alerts.testing.SharedPlatform;
import io.hashstream.platform.EmbeddedPlatform;
import io.hashstream.schemas.ActionType;
import io.hashstream.schemas.ModerationAction;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Exactly-once across a crash: the service (in its own JVM, as {@code ./hashstream alerts} runs it)
 * is killed with SIGKILL while it works through a backlog, more input arrives while it is down, and
 * a new process with the same application id and state directory takes over. The committed output
 * holds every expected action exactly once; the second wave of matches, which would re-alert if
 * the cluster state had been lost or rolled back wrongly, alerts nothing.
 */
class AlertsRestartIT {
  private static final Logger LOG = LoggerFactory.getLogger(AlertsRestartIT.class);
  private static final Duration WAIT = Duration.ofMinutes(2);
  private static final int UPLOADS = 1000;

  @RegisterExtension static final SharedPlatform PLATFORM = new SharedPlatform();
  @TempDir Path stateDir;

  @Test
  void aKilledServiceResumesWithoutLosingOrDuplicatingActions() throws Exception {
    EmbeddedPlatform platform = PLATFORM.get();
    String run = UUID.randomUUID().toString().substring(0, 8);
    String tenant = "restart-" + run;
    List<String> args =
        List.of(
            "--bootstrap-servers", platform.bootstrapServers(),
            "--registry-url", platform.registryUrl(),
            "--application-id", "alerts-restart-" + run,
            "--state-dir", stateDir.toString(),
            "--http-port", "0",
            "--flood-max-new-members", "1000000",
            // the killed member's partitions move after its session times out: keep that short
            "--streams-config", "consumer.session.timeout.ms=6000",
            "--streams-config", "consumer.heartbeat.interval.ms=1000");
    Path logs = Path.of("target", "restart-it");
    Instant t = Instant.now();
    try (Kafka kafka = new Kafka(platform)) {
      // wave 1: every upload matches its own earlier image: one ALERT each
      for (int i = 0; i < UPLOADS; i++) {
        kafka.send(match(tenant, "q" + i, "s" + i, 3, t.plusMillis(i)));
      }
      kafka.flush();

      try (ServiceProcess doomed = ServiceProcess.start(logs.resolve("first.log"), args)) {
        List<ModerationAction> before =
            kafka.awaitActions(a -> a.getTenant().equals(tenant), l -> !l.isEmpty(), WAIT);
        doomed.kill();
        LOG.info("killed the service with {} of {} actions committed", before.size(), UPLOADS);
      }

      // wave 2, while it is down: each upload matches a second image; none is a new member
      for (int i = 0; i < UPLOADS; i++) {
        kafka.send(match(tenant, "q" + i, "r" + i, 4, t.plusSeconds(10).plusMillis(i)));
      }
      kafka.send(match(tenant, "sentinel", "s0", 2, t.plusSeconds(20)));
      kafka.flush();

      try (ServiceProcess successor = ServiceProcess.start(logs.resolve("second.log"), args)) {
        List<ModerationAction> actions =
            kafka.awaitActions(
                a -> a.getTenant().equals(tenant),
                l -> l.stream().anyMatch(a -> a.getImageId().equals("sentinel")),
                WAIT);

        Map<String, Long> perId =
            actions.stream().collect(Collectors.groupingBy(ModerationAction::getActionId, Collectors.counting()));
        Set<String> expected = new HashSet<>();
        for (int i = 0; i < UPLOADS; i++) {
          expected.add(ActionIds.action(ActionType.ALERT, tenant, "q" + i));
        }
        expected.add(ActionIds.action(ActionType.ALERT, tenant, "sentinel"));
        assertThat(perId.entrySet().stream().filter(e -> e.getValue() > 1).map(Map.Entry::getKey))
            .as("duplicated actions")
            .isEmpty();
        assertThat(perId.keySet()).as("exactly the expected actions").isEqualTo(expected);
        assertThat(actions).extracting(ModerationAction::getAction).containsOnly(ActionType.ALERT);
        assertThat(actions.stream().collect(Collectors.toMap(ModerationAction::getImageId, Function.identity())).get("q7").getMatchId())
            .as("the first wave alerted, the second did not")
            .isEqualTo("s7");
      }
    }
  }
}
