package io.hashstream.flink.inference;

import io.hashstream.schemas.DeadLetterReason;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStream;
import org.apache.flink.core.fs.FileStatus;
import org.apache.flink.core.fs.FileSystem;
import org.apache.flink.core.fs.Path;

/**
 * Reads the image an upload points at, through Flink's {@link FileSystem}, so that {@code file://}
 * and every scheme the cluster has a file system plugin for ({@code s3://}, ...) work the same way
 * as for checkpoints. Refuses files over the inline-image limit before reading them (and never
 * reads more than the limit, in case the size was not known up front). Stateless; thread-safe.
 */
final class ImageReader {
  private final int maxBytes;

  /** @param maxBytes largest image read ({@code ingest.max-image-bytes}) */
  ImageReader(int maxBytes) {
    this.maxBytes = maxBytes;
  }

  /**
   * The bytes at {@code uri}.
   *
   * @throws UnreadableImageException {@code PAYLOAD_TOO_LARGE} over the limit, {@code
   *     URI_UNREADABLE} when missing or unreadable
   */
  byte[] read(String uri) throws UnreadableImageException {
    try {
      Path path = new Path(uri);
      FileSystem fs = path.getFileSystem();
      FileStatus status = fs.getFileStatus(path);
      if (status.isDir()) {
        throw new UnreadableImageException(
            DeadLetterReason.URI_UNREADABLE,
            "image URI " + uri + " is a directory: point imageUri at one image file");
      }
      if (status.getLen() > maxBytes) {
        throw tooLarge(uri);
      }
      try (InputStream in = fs.open(path)) {
        byte[] bytes = in.readNBytes(maxBytes + 1);
        if (bytes.length > maxBytes) {
          throw tooLarge(uri);
        }
        return bytes;
      }
    } catch (FileNotFoundException e) {
      throw new UnreadableImageException(
          DeadLetterReason.URI_UNREADABLE,
          "image " + uri + " does not exist: upload the file before its event, or fix imageUri");
    } catch (IOException | RuntimeException e) {
      throw new UnreadableImageException(
          DeadLetterReason.URI_UNREADABLE,
          "cannot read image " + uri + ": " + e + " (every TaskManager must be able to read it; "
              + "s3:// and other schemes need Flink's file system plugin and credentials configured)");
    }
  }

  private UnreadableImageException tooLarge(String uri) {
    return new UnreadableImageException(
        DeadLetterReason.PAYLOAD_TOO_LARGE,
        "image " + uri + " is larger than " + maxBytes + " bytes (ingest.max-image-bytes): "
            + "downscale it or raise the limit");
  }

  /** Why an image could not be read, as the dead-letter reason it becomes. */
  static final class UnreadableImageException extends Exception {
    private static final long serialVersionUID = 1L;
    private final DeadLetterReason reason;

    UnreadableImageException(DeadLetterReason reason, String message) {
      super(message);
      this.reason = reason;
    }

    DeadLetterReason reason() {
      return reason;
    }
  }
}
