package io.hashstream.demo;

import static org.assertj.core.api.Assertions.assertThat;

import io.hashstream.image.ImageDecoder;
import io.hashstream.image.ImageFormat;
import io.hashstream.image.RgbImage;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

class DemoPhotosTest {
  private static final String FOLDER = "src/main/resources/io/hashstream/demo/photos";

  /** The photos' source folder: surefire runs in the module folder; else from the repo root. */
  private static Path sourceFolder() {
    Path here = Path.of(FOLDER);
    String root = System.getProperty("hashstream.repo.root");
    return Files.isDirectory(here) || root == null ? here : Path.of(root, "flink-jobs", FOLDER);
  }

  @Test
  void theIndexListsExactlyThePhotoFilesWithTheirSha256() throws Exception {
    List<DemoPhotos.IndexEntry> index = DemoPhotos.index();
    assertThat(index).hasSizeBetween(12, 20);
    assertThat(index.stream().map(DemoPhotos.IndexEntry::file)).doesNotHaveDuplicates();

    try (Stream<Path> files = Files.list(sourceFolder())) {
      assertThat(files.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".jpg")))
          .containsExactlyInAnyOrderElementsOf(
              index.stream().map(DemoPhotos.IndexEntry::file).toList());
    }
    for (DemoPhotos.IndexEntry e : index) {
      byte[] onDisk = Files.readAllBytes(sourceFolder().resolve(e.file()));
      assertThat(DemoPhotos.sha256(onDisk)).as(e.file()).isEqualTo(e.sha256());
    }
  }

  @Test
  void everyPhotoLoadsDecodesAndIsSmall() throws Exception {
    List<DemoPhotos.Photo> photos = DemoPhotos.load();
    ImageDecoder decoder = ImageDecoder.withDefaults();
    long total = 0;
    for (DemoPhotos.Photo p : photos) {
      assertThat(ImageFormat.sniff(p.bytes())).as(p.file()).isEqualTo(ImageFormat.JPEG);
      RgbImage image = decoder.decode(p.bytes());
      assertThat(Math.max(image.width(), image.height())).as(p.file()).isBetween(200, 480);
      total += p.bytes().length;
    }
    assertThat(total).isLessThan(1_500_000);
  }

  @Test
  void everyPhotoHasASourceAPermissiveLicenceAndAProvenanceRow() throws IOException {
    String provenance;
    try (InputStream in =
        DemoPhotos.class.getResourceAsStream(DemoPhotos.RESOURCE_DIR + "PROVENANCE.md")) {
      assertThat(in).as("PROVENANCE.md beside the photos").isNotNull();
      provenance = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
    for (DemoPhotos.IndexEntry e : DemoPhotos.index()) {
      assertThat(e.source()).as(e.file()).matches("(python3-skimage|opencv-doc) [^ ]+:usr/.+");
      String licence = e.license().toUpperCase(Locale.ROOT);
      assertThat(licence).as(e.file()).isNotBlank().doesNotContain("GPL").doesNotContain("BY-SA");
      assertThat(provenance).as(e.file() + " in PROVENANCE.md").contains(e.file(), e.sha256());
    }
  }
}
