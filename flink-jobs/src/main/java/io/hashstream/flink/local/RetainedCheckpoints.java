package io.hashstream.flink.local;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.Comparator;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The checkpoints a job left in its checkpoint directory ({@code <dir>/<job id>/chk-<n>/}, a
 * completed one holding {@code _metadata}), for a restart to resume from instead of replaying its
 * inputs. The job keeps them on cancel and on failure
 * ({@code execution.checkpointing.externalized-checkpoint-retention: RETAIN_ON_CANCELLATION}).
 *
 * <p>Local file systems only ({@code file:} URIs): on shared storage a cluster's user names the
 * checkpoint or savepoint to resume from.
 */
public final class RetainedCheckpoints {
  private static final Pattern CHECKPOINT = Pattern.compile("chk-(\\d+)");

  private RetainedCheckpoints() {}

  /**
   * The most recently completed checkpoint under {@code checkpointDir} (across job ids: every run
   * of the job has its own), or empty.
   *
   * @param checkpointDir the job's {@code checkpoint.dir}, a {@code file:} URI
   * @return the checkpoint's directory
   */
  public static Optional<Path> latest(String checkpointDir) {
    URI uri = URI.create(checkpointDir);
    if (!"file".equals(uri.getScheme())) {
      return Optional.empty();
    }
    Path root = Path.of(uri);
    if (!Files.isDirectory(root)) {
      return Optional.empty();
    }
    try (Stream<Path> jobs = Files.list(root)) {
      return jobs.filter(Files::isDirectory)
          .flatMap(RetainedCheckpoints::completed)
          .max(Comparator.comparing(RetainedCheckpoints::completedAt)
              .thenComparing(RetainedCheckpoints::number));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list checkpoints in " + root, e);
    }
  }

  private static Stream<Path> completed(Path jobDir) {
    try (Stream<Path> entries = Files.list(jobDir)) {
      return entries
          .filter(p -> CHECKPOINT.matcher(p.getFileName().toString()).matches())
          .filter(p -> Files.isRegularFile(p.resolve("_metadata")))
          .toList()
          .stream();
    } catch (IOException e) {
      return Stream.empty(); // a job dir removed while listing: it holds nothing to resume
    }
  }

  private static FileTime completedAt(Path checkpoint) {
    try {
      return Files.getLastModifiedTime(checkpoint.resolve("_metadata"));
    } catch (IOException e) {
      return FileTime.fromMillis(0);
    }
  }

  private static long number(Path checkpoint) {
    Matcher m = CHECKPOINT.matcher(checkpoint.getFileName().toString());
    return m.matches() ? Long.parseLong(m.group(1)) : -1;
  }
}
