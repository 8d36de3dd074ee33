package io.hashstream.flink.inference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hashstream.flink.ingest.UriPolicy;
import io.hashstream.image.FifoWriter;
import io.hashstream.schemas.DeadLetterReason;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Reading image URIs on the TaskManager: only under the tenant's folder, never through a symbolic
 * link, never anything but a regular file. "Never opened" is proven with FIFOs: opening one for
 * reading would let the test's writer (blocked in its own open until a reader comes) go on, and
 * would block the reader; every refusal here comes back while the writer is still waiting.
 */
class ImageReaderTest {
  @TempDir Path root;
  private Path uploads;
  private Path secrets;
  private ImageReader reader;

  @BeforeEach
  void folders() throws IOException {
    uploads = Files.createDirectories(root.resolve("uploads"));
    Files.createDirectories(uploads.resolve("acme"));
    secrets = Files.createDirectories(root.resolve("secrets"));
    reader = new ImageReader(1000, new UriPolicy(List.of(uploads.toUri() + "{tenant}/"), Map.of()));
  }

  @Test
  void aRegularFileUnderTheTenantsFolderIsRead() throws Exception {
    Files.write(uploads.resolve("acme/a.jpg"), new byte[] {1, 2, 3});
    assertThat(reader.read("acme", uploads.resolve("acme/a.jpg").toUri().toString())).containsExactly(1, 2, 3);
    assertThat(reader.read("acme", uploads.toUri() + "acme/x/../a.jpg")).containsExactly(1, 2, 3);
  }

  @Test
  void aFifoOutsideThePrefixIsNeverOpened() throws Exception {
    try (FifoWriter writer = FifoWriter.at(secrets.resolve("pipe.jpg"))) {
      Path fifo = writer.path();
      assertRefused("acme", fifo.toUri().toString(), DeadLetterReason.URI_NOT_ALLOWED);
      assertRefused("acme", uploads.toUri() + "acme/../../secrets/pipe.jpg", DeadLetterReason.URI_NOT_ALLOWED);
      assertRefused("acme", uploads.toUri() + "acme/%2e%2e/%2e%2e/secrets/pipe.jpg", DeadLetterReason.URI_NOT_ALLOWED);
      assertThat(writer.opened()).as("nobody opened the FIFO").isFalse();
    }
  }

  @Test
  void aSymbolicLinkBelowThePrefixIsNotFollowed() throws Exception {
    Files.createSymbolicLink(uploads.resolve("acme/dir"), secrets);
    Files.write(secrets.resolve("real.jpg"), new byte[] {7});
    try (FifoWriter writer = FifoWriter.at(secrets.resolve("pipe.jpg"))) {
      Files.createSymbolicLink(uploads.resolve("acme/link.jpg"), writer.path());
      assertRefused("acme", uploads.toUri() + "acme/link.jpg", DeadLetterReason.URI_NOT_ALLOWED);
      assertRefused("acme", uploads.toUri() + "acme/dir/pipe.jpg", DeadLetterReason.URI_NOT_ALLOWED);
      assertRefused("acme", uploads.toUri() + "acme/dir/real.jpg", DeadLetterReason.URI_NOT_ALLOWED);
      assertThat(writer.opened()).as("nobody opened the FIFO").isFalse();
    }
  }

  @Test
  void aFifoInsideThePrefixIsNotARegularFileAndIsNotOpenedEither() throws Exception {
    try (FifoWriter writer = FifoWriter.at(uploads.resolve("acme/pipe.jpg"))) {
      assertRefused("acme", writer.path().toUri().toString(), DeadLetterReason.URI_UNREADABLE);
      assertThat(writer.opened()).as("nobody opened the FIFO").isFalse();
    }
  }

  @Test
  void missingFoldersAndTooLargeFilesSayNothingAboutTheFile() throws Exception {
    Files.createDirectories(uploads.resolve("acme/folder.jpg"));
    Files.write(uploads.resolve("acme/big.jpg"), new byte[1001]);
    String missing = message("acme", uploads.toUri() + "acme/missing.jpg", DeadLetterReason.URI_UNREADABLE);
    String folder = message("acme", uploads.toUri() + "acme/folder.jpg", DeadLetterReason.URI_UNREADABLE);
    assertThat(folder).as("a folder reads like a missing file").isEqualTo(missing);
    assertThat(message("acme", uploads.toUri() + "acme/big.jpg", DeadLetterReason.PAYLOAD_TOO_LARGE))
        .contains("1000").doesNotContain("1001");
    assertThat(message("globex", uploads.toUri() + "globex/a.jpg", DeadLetterReason.URI_UNREADABLE))
        .as("a tenant's folder that does not exist").isEqualTo(missing);
  }

  private void assertRefused(String tenant, String uri, DeadLetterReason reason) {
    message(tenant, uri, reason);
  }

  private String message(String tenant, String uri, DeadLetterReason reason) {
    try {
      reader.read(tenant, uri);
    } catch (ImageReader.UnreadableImageException e) {
      assertThat(e.reason()).as(uri).isEqualTo(reason);
      return e.getMessage();
    }
    throw new AssertionError("read " + uri);
  }

}
