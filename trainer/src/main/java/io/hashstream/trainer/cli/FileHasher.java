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

/**
 * Hashes files in batches with an {@link ImageHasher}: reads a batch of files (a file that cannot
 * be read is {@link FailureReason#UNREADABLE}), hashes it, hands each code to the caller, names
 * each failed file and its reason on {@code err}, and prints a progress line (count, rate, ETA)
 * at most every {@link #PROGRESS_EVERY_SECONDS} seconds. Never stops at a bad file.
 *
 * <p>Memory: one batch of file bytes and decoded images. Not thread-safe: one command owns it.
 */
final class FileHasher {
  /** The least time between two progress lines. */
  static final int PROGRESS_EVERY_SECONDS = 5;

  private final ImageHasher hasher;
  private final PrintStream err;
  private final int batchSize;

  FileHasher(ImageHasher hasher, PrintStream err, int batchSize) {
    this.hasher = hasher;
    this.err = err;
    this.batchSize = batchSize;
  }

  /**
   * Hashes every file.
   *
   * @param files the files
   * @param onCode receives each file that got a code, with its code, in file order
   * @return how many files failed
   */
  long hashAll(List<Path> files, BiConsumer<Path, long[]> onCode) {
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
      List<ImageResult<long[]>> unread = new ArrayList<>();
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
      List<ImageResult<long[]>> hashed = images.isEmpty() ? List.of() : hasher.hash(images);
      // merge back into file order
      List<ImageResult<long[]>> results = new ArrayList<>(batch.size());
      int h = 0;
      int u = 0;
      for (int i = 0; i < batch.size(); i++) {
        results.add(h < readAt.size() && readAt.get(h) == i ? hashed.get(h++) : unread.get(u++));
      }
      for (int i = 0; i < batch.size(); i++) {
        ImageResult<long[]> result = results.get(i);
        if (result instanceof ImageResult.Failed<long[]> f) {
          failed++;
          String detail =
              f.detail().startsWith(f.reason().name())
                  ? f.detail()
                  : f.reason() + ": " + f.detail();
          err.println("failed: " + f.id() + ": " + detail);
        } else {
          onCode.accept(batch.get(i), ((ImageResult.Ok<long[]>) result).value());
        }
      }
      progress.update(start + batch.size(), failed);
    }
    return failed;
  }
}
