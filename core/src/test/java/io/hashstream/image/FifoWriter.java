package io.hashstream.image;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * A file that fails loudly if anyone reads it: a FIFO with a writer blocked in opening it. The
 * writer gets through only when something opens the FIFO for reading, so {@link #opened()} proves
 * whether a reader ever did; a reader that did would get a valid JPEG start and hang for the rest.
 * Closing opens the FIFO for reading itself, to release the writer. Linux or any POSIX system with
 * {@code mkfifo}.
 */
public final class FifoWriter implements AutoCloseable {
  private final Path fifo;
  private final CompletableFuture<Void> opened = new CompletableFuture<>();
  private final Thread thread;
  private volatile boolean closing;

  private FifoWriter(Path fifo) {
    this.fifo = fifo;
    this.thread = new Thread(() -> {
      try (OutputStream out = Files.newOutputStream(fifo)) {
        if (!closing) {
          opened.complete(null);
        }
        out.write(new byte[] {(byte) 0xFF, (byte) 0xD8, (byte) 0xFF, (byte) 0xE0});
      } catch (IOException e) {
        // the reader went away
      }
    }, "fifo-writer-" + fifo.getFileName());
    thread.setDaemon(true);
    thread.start();
  }

  /** Makes a FIFO at {@code path} and a writer waiting on it. */
  public static FifoWriter at(Path path) throws IOException, InterruptedException {
    Files.createDirectories(path.getParent());
    Process mkfifo = new ProcessBuilder("mkfifo", path.toString()).inheritIO().start();
    if (!mkfifo.waitFor(30, TimeUnit.SECONDS) || mkfifo.exitValue() != 0) {
      throw new IOException("mkfifo " + path + " failed");
    }
    return new FifoWriter(path);
  }

  public Path path() {
    return fifo;
  }

  /** Whether anything opened the FIFO for reading. */
  public boolean opened() {
    return opened.isDone();
  }

  @Override
  public void close() throws InterruptedException, IOException {
    closing = true;
    try (InputStream in = Files.newInputStream(fifo)) {
      in.readAllBytes();
    }
    thread.join(TimeUnit.SECONDS.toMillis(30));
  }
}
