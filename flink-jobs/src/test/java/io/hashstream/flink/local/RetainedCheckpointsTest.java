package io.hashstream.flink.local;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RetainedCheckpointsTest {
  @TempDir Path dir;

  private Path checkpoint(String job, int n, long completedAtMillis, boolean complete) throws Exception {
    Path chk = Files.createDirectories(dir.resolve(job).resolve("chk-" + n));
    if (complete) {
      Path metadata = Files.writeString(chk.resolve("_metadata"), "x");
      Files.setLastModifiedTime(metadata, FileTime.fromMillis(completedAtMillis));
    }
    return chk;
  }

  @Test
  void theLatestCompletedCheckpointOfAnyRunIsFoundAndAnIncompleteOneIsNot() throws Exception {
    checkpoint("job-a", 7, 1_000, true);
    Path newest = checkpoint("job-b", 2, 5_000, true);
    checkpoint("job-b", 3, 9_000, false); // killed while writing it
    Files.createDirectories(dir.resolve("changelog"));

    assertThat(RetainedCheckpoints.latest(dir.toUri().toString())).contains(newest);
  }

  @Test
  void anEmptyOrMissingDirectoryOrAnotherFileSystemHasNone() {
    assertThat(RetainedCheckpoints.latest(dir.toUri().toString())).isEmpty();
    assertThat(RetainedCheckpoints.latest(dir.resolve("nothing-here").toUri().toString())).isEmpty();
    assertThat(RetainedCheckpoints.latest("s3://bucket/checkpoints")).isEmpty();
  }
}
