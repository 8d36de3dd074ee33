package io.hashstream.trainer.cli;

import io.hashstream.inference.EncodedImage;
import io.hashstream.inference.FailureReason;
import io.hashstream.inference.ImageHasher;
import io.hashstream.inference.ImageResult;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;
import java.util.function.Function;

/**
 * Runs per-image work over files in batches: reads a batch of files (a file that cannot be read is
 * {@link FailureReason#UNREADABLE}), hands the batch to the work (hashing with an {@link
 * ImageHasher}, or embedding), passes each result on, names each failed file and its reason on
 * {@code err}, and prints a progress line (count, rate, ETA) at most every {@link
 * #PROGRESS_EVERY_SECONDS} seconds. Never stops at a bad file.
 *
 * <p>Memory: one batch of file bytes and decoded images. Not thread-safe: one command owns it.
 */
final class FileBatches {
  /** The least time between two progress lines. */
  static final int PROGRESS_EVERY_SECONDS = 5;

  private final PrintStream err;
  private final int batchSize;

  FileBatches(PrintStream err, int batchSize) {
    this.err = err;
    this.batchSize = batchSize;
  }

  /**
   * Runs per-image work over every file, batch by batch (hashing, embedding for calibration):
   * reads each batch, names every failed file with its reason, prints progress.
   *
   * @param files the files
   * @param work one result per image of a batch, in order
   * @param onResult receives each file that succeeded, with its result, in file order
   * @param <T> the result type
   * @return how many files failed
   */
  <T> long processAll(
      List<Path> files, Function<List<EncodedImage>, List<ImageResult<T>>> work, BiConsumer<Path, T> onResult) {
    CountProgress progress =
        new CountProgress(
            err,
            "files",
            files.size(),
            System::nanoTime,
            TimeUnit.SECONDS.toNanos(PROGRESS_EVERY_SECONDS));
    long failed = 0;
    for (int start = 0; start < files.size(); start += batchSize) {
      List<Path> batch = files.subList(start, Math.min(files.size(), start + batchSize));
      List<EncodedImage> images = new ArrayList<>(batch.size());
      List<ImageResult<T>> unread = new ArrayList<>();
      List<Integer> readAt = new ArrayList<>();
      for (int i = 0; i < batch.size(); i++) {
        String id = batch.get(i).toString();
        try {
          images.add(EncodedImage.of(id, Files.readAllBytes(batch.get(i))));
          readAt.add(i);
        } catch (IOException | OutOfMemoryError e) {
          unread.add(new ImageResult.Failed<>(id, FailureReason.UNREADABLE, e.toString()));
        }
      }
      List<ImageResult<T>> hashed = images.isEmpty() ? List.of() : work.apply(images);
      // merge back into file order
      List<ImageResult<T>> results = new ArrayList<>(batch.size());
      int h = 0;
      int u = 0;
      for (int i = 0; i < batch.size(); i++) {
        results.add(h < readAt.size() && readAt.get(h) == i ? hashed.get(h++) : unread.get(u++));
      }
      for (int i = 0; i < batch.size(); i++) {
        ImageResult<T> result = results.get(i);
        if (result instanceof ImageResult.Failed<T> f) {
          failed++;
          String detail =
              f.detail().startsWith(f.reason().name())
                  ? f.detail()
                  : f.reason() + ": " + f.detail();
          err.println("failed: " + f.id() + ": " + detail);
        } else {
          onResult.accept(batch.get(i), ((ImageResult.Ok<T>) result).value());
        }
      }
      progress.update(start + batch.size(), failed);
    }
    return failed;
  }
}
