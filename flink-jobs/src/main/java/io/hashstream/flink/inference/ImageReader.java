package io.hashstream.flink.inference;

import io.hashstream.flink.ingest.RejectedUploadException;
import io.hashstream.flink.ingest.UriPolicy;
import io.hashstream.schemas.DeadLetterReason;
import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.Channels;
import java.nio.channels.SeekableByteChannel;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Iterator;
import java.util.Set;
import org.apache.flink.core.fs.FileStatus;
import org.apache.flink.core.fs.FileSystem;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads the image an upload points at, only where its tenant may read ({@link UriPolicy}), and
 * only the normalised URI the policy returns, never the text as uploaded. The policy is checked
 * again here, on the TaskManager, before anything touches a file system.
 *
 * <p>{@code file:} URIs are read with {@code java.nio}: from the prefix's real folder down, every
 * path component is looked at without following links, and a symbolic link anywhere below the
 * prefix is refused ({@code URI_NOT_ALLOWED}); only a regular file within the size limit is opened
 * (without following a link, should one appear meanwhile), so a FIFO, a device or a folder is never
 * opened. Other schemes ({@code s3://}, ...) go through Flink's {@link FileSystem} (the cluster's
 * plugins and credentials), with the same size limit.
 *
 * <p>What the uploader learns of a failure is the reason and a fixed message: never the file's
 * content, size, type or whether it exists ({@code URI_UNREADABLE} says all of those the same
 * way). Reads at most {@code maxBytes + 1} bytes. Stateless; thread-safe.
 */
final class ImageReader {
  private static final Logger LOG = LoggerFactory.getLogger(ImageReader.class);
  private static final String UNREADABLE =
      "no readable image file at imageUri (missing, not a regular file, or not readable by the"
          + " job): upload the file before its event, or fix imageUri";

  private final int maxBytes;
  private final UriPolicy uris;

  /**
   * @param maxBytes largest image read ({@code ingest.max-image-bytes})
   * @param uris where image URIs may point
   */
  ImageReader(int maxBytes, UriPolicy uris) {
    this.maxBytes = maxBytes;
    this.uris = uris;
  }

  /**
   * The bytes at {@code uri}, if {@code tenant} may read there.
   *
   * @throws UnreadableImageException {@code URI_NOT_ALLOWED} outside the tenant's locations or
   *     through a symbolic link, {@code PAYLOAD_TOO_LARGE} over the limit, {@code URI_UNREADABLE}
   *     otherwise
   */
  byte[] read(String tenant, String uri) throws UnreadableImageException {
    UriPolicy.Allowed allowed;
    try {
      allowed = uris.check(tenant, uri);
    } catch (RejectedUploadException e) {
      throw new UnreadableImageException(e.reason(), e.getMessage());
    }
    return "file".equals(allowed.uri().getScheme()) ? readLocal(allowed) : readFileSystem(allowed);
  }

  private byte[] readLocal(UriPolicy.Allowed allowed) throws UnreadableImageException {
    Path prefix = Path.of(allowed.prefix());
    Path file;
    try {
      file = prefix.toRealPath(); // the operator's folder may itself be a link
    } catch (IOException | SecurityException e) {
      LOG.warn("allowed image folder {} cannot be read: {}", prefix, e.getClass().getSimpleName());
      throw new UnreadableImageException(DeadLetterReason.URI_UNREADABLE, UNREADABLE);
    }
    Iterator<Path> parts = prefix.relativize(Path.of(allowed.uri())).iterator();
    BasicFileAttributes attributes = null;
    while (parts.hasNext()) {
      file = file.resolve(parts.next().toString());
      try {
        attributes = Files.readAttributes(file, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
      } catch (IOException | SecurityException e) {
        throw new UnreadableImageException(DeadLetterReason.URI_UNREADABLE, UNREADABLE);
      }
      if (attributes.isSymbolicLink()) {
        throw new UnreadableImageException(DeadLetterReason.URI_NOT_ALLOWED,
            "imageUri goes through a symbolic link below its allowed location; links are not"
                + " followed: point imageUri at the file itself");
      }
    }
    if (attributes == null || !attributes.isRegularFile()) {
      throw new UnreadableImageException(DeadLetterReason.URI_UNREADABLE, UNREADABLE);
    }
    if (attributes.size() > maxBytes) {
      throw tooLarge();
    }
    try (SeekableByteChannel channel =
            Files.newByteChannel(file, Set.of(StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS));
        InputStream in = Channels.newInputStream(channel)) {
      return limited(in);
    } catch (IOException | SecurityException e) {
      throw new UnreadableImageException(DeadLetterReason.URI_UNREADABLE, UNREADABLE);
    }
  }

  private byte[] readFileSystem(UriPolicy.Allowed allowed) throws UnreadableImageException {
    try {
      org.apache.flink.core.fs.Path path = new org.apache.flink.core.fs.Path(allowed.uri());
      FileSystem fs = path.getFileSystem();
      FileStatus status = fs.getFileStatus(path);
      if (status.isDir()) {
        throw new UnreadableImageException(DeadLetterReason.URI_UNREADABLE, UNREADABLE);
      }
      if (status.getLen() > maxBytes) {
        throw tooLarge();
      }
      try (InputStream in = fs.open(path)) {
        return limited(in);
      }
    } catch (IOException | RuntimeException e) {
      // the operator's side of it (a missing plugin, credentials) goes to the log, not to the uploader
      LOG.warn("cannot read an image under {}: {}", allowed.prefix(), e.getClass().getSimpleName());
      throw new UnreadableImageException(DeadLetterReason.URI_UNREADABLE, UNREADABLE
          + " (every TaskManager must reach it: s3:// and other schemes need Flink's file system"
          + " plugin and credentials)");
    }
  }

  private byte[] limited(InputStream in) throws IOException, UnreadableImageException {
    byte[] bytes = in.readNBytes(maxBytes + 1);
    if (bytes.length > maxBytes) {
      throw tooLarge();
    }
    return bytes;
  }

  private UnreadableImageException tooLarge() {
    return new UnreadableImageException(
        DeadLetterReason.PAYLOAD_TOO_LARGE,
        "the image at imageUri is larger than " + maxBytes + " bytes (ingest.max-image-bytes):"
            + " downscale it");
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
