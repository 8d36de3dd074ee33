package io.hashstream.it.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import io.hashstream.encoder.BundledEncoder;
import io.hashstream.flink.local.JobCli;
import io.hashstream.flink.model.LoadedModel;
import io.hashstream.flink.model.ModelCatalog;
import io.hashstream.flink.model.ModelReference;
import io.hashstream.it.pipeline.Photos.Photo;
import io.hashstream.it.pipeline.Uploads.Sent;
import io.hashstream.it.platform.PlatformExtension;
import io.hashstream.it.process.JvmProcess;
import io.hashstream.schemas.HashCode;
import io.hashstream.schemas.NearDuplicate;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code ./hashstream job} killed with SIGKILL and started again resumes from its last checkpoint:
 * every alert and every code is written exactly once across the restart (a read_committed reader
 * is the judge), uploads sent while it was down are answered, and nothing is re-encoded.
 */
class JobRestartIT {
  private static final int RADIUS = 3;
  private static final Duration START = Duration.ofMinutes(3);
  private static final Duration QUIET = Duration.ofSeconds(2);

  @RegisterExtension static final PlatformExtension PLATFORM = new PlatformExtension();

  @Test
  void aJobKilledWithSigkillResumesFromItsLastCheckpointAndWritesNothingTwice(@TempDir Path dir)
      throws Exception {
    List<Photo> photos = Photos.all();
    List<Sent> originals = new ArrayList<>();
    List<Sent> before = new ArrayList<>();
    List<Sent> whileDown = new ArrayList<>();
    for (int i = 0; i < photos.size(); i++) {
      originals.add(new Sent("acme", "orig-" + i, photos.get(i).embedding()));
      Sent copy = new Sent("acme", "copy-" + i, Uploads.jitter(photos.get(i).embedding(), 1e-3, i));
      (i % 2 == 0 ? before : whileDown).add(copy);
    }
    LoadedModel model = ModelCatalog.shared().acquire(
        ModelReference.ofDefault(), BundledEncoder.ENCODER_ID, BundledEncoder.EMBEDDING_SIZE);
    Map<String, long[]> codes = new HashMap<>();
    for (Sent s : Uploads.concat(originals, Uploads.concat(before, whileDown))) {
      codes.put(s.imageId(), model.code(s.embedding()));
    }
    ModelCatalog.shared().release(model.version());
    Set<String> expected = Uploads.expectedAlerts(
        originals, Uploads.concat(before, whileDown), codes, RADIUS);
    assertThat(expected).hasSize(photos.size());

    Path log = dir.resolve("job.log");
    try (JobHarness io = JobHarness.withoutJob(PLATFORM.get(), dir.resolve("checkpoints"))) {
      List<String> args = new ArrayList<>();
      io.config.with("index.radius", String.valueOf(RADIUS)).asMap()
          .forEach((k, v) -> args.addAll(List.of("--set", k + "=" + v)));

      JvmProcess first = JvmProcess.start(JobCli.class.getName(), args, log, "1g", Map.of());
      try {
        first.awaitLog("No checkpoint in", 1, START);
        originals.forEach(s -> io.send(Uploads.withEmbedding(s.tenant(), s.imageId(), s.embedding())));
        io.awaitCodes(c -> c.getImageId().startsWith("orig-"), originals.size()); // then the copies
        before.forEach(s -> io.send(Uploads.withEmbedding(s.tenant(), s.imageId(), s.embedding())));
        // visible alerts were committed with a completed checkpoint: the restart resumes from it
        io.awaitAlerts(before.size());
      } finally {
        first.kill();
      }

      whileDown.forEach(s -> io.send(Uploads.withEmbedding(s.tenant(), s.imageId(), s.embedding())));

      try (JvmProcess second = JvmProcess.start(JobCli.class.getName(), args, log, "1g", Map.of())) {
        second.awaitLog("Resuming from the latest checkpoint", 1, START);
        io.awaitAlerts(expected.size());
        List<NearDuplicate> alerts =
            io.readAll(io.config.topics().nearDuplicates(), NearDuplicate.class, QUIET);
        assertThat(alerts.stream().map(a -> a.getQueryId() + " -> " + a.getMatchId()))
            .as("every alert exactly once across the kill").containsExactlyInAnyOrderElementsOf(expected);
        List<HashCode> all = io.readAll(io.config.topics().hashCodes(), HashCode.class, QUIET);
        assertThat(all.stream().map(HashCode::getImageId))
            .as("every upload hashed once: nothing replayed into an empty index, nothing lost")
            .doesNotHaveDuplicates()
            .hasSize(originals.size() + before.size() + whileDown.size());
      }
    }
  }
}
