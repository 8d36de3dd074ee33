package io.hashstream.trainer.cli;

import io.hashstream.image.CopyTransform;
import io.hashstream.image.ImageDecoder;
import io.hashstream.image.ImageFileWriter;
import io.hashstream.image.RgbImage;
import io.hashstream.trainer.views.CopyLikeAugmentation;
import io.hashstream.trainer.views.ViewSeeds;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * A folder of test images for the image commands: five CC0 photos from core's test resources
 * ({@code /encoder/images}), near-copies of two of them in a sub-folder, a truncated JPEG and a
 * text file (both must fail with a reason).
 */
final class ImageFolderFixture {
  /** Originals under the root. */
  static final String[] PHOTOS = {"astronaut", "camera", "chelsea", "coffee", "rocket"};

  /** Near-copies under {@code copies/}: file name to (source photo, transform). */
  static final String CHELSEA_COPY = "copies/chelsea-jpeg20.jpg";
  static final String COFFEE_COPY = "copies/coffee-brighter.png";
  static final String BROKEN = "copies/broken.jpg";
  static final String NOT_AN_IMAGE = "notes.txt";

  private ImageFolderFixture() {}

  /** Writes the folder and returns it. */
  static Path write(Path dir) {
    try {
      Files.createDirectories(dir.resolve("copies"));
      for (String photo : PHOTOS) {
        Files.write(dir.resolve(photo + ".png"), ImageFileWriter.png(photo(photo)));
      }
      Files.write(
          dir.resolve(CHELSEA_COPY),
          ImageFileWriter.jpeg(CopyTransform.JPEG_QUALITY_20.apply(photo("chelsea")), 0.9f));
      Files.write(
          dir.resolve(COFFEE_COPY),
          ImageFileWriter.png(CopyTransform.BRIGHTNESS.apply(photo("coffee"))));
      byte[] jpeg = ImageFileWriter.jpeg(photo("rocket"), 0.9f);
      Files.write(dir.resolve(BROKEN), Arrays.copyOf(jpeg, jpeg.length / 3));
      Files.writeString(dir.resolve(NOT_AN_IMAGE), "not an image");
      return dir;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** {@link #write}'s folder (7 readable images) plus 70 edited views of its photos: 77 readable. */
  static Path writeCorpus(Path dir) {
    write(dir);
    CopyLikeAugmentation edits = new CopyLikeAugmentation(224, 0.2);
    try {
      for (int i = 0; i < 70; i++) {
        String name = PHOTOS[i % PHOTOS.length];
        RgbImage view = edits.apply(photo(name), ViewSeeds.of(1, i, 0, 0));
        Files.write(dir.resolve("copies/" + name + "-" + i + ".png"), ImageFileWriter.png(view));
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return dir;
  }

  static RgbImage photo(String name) {
    try (InputStream in = ImageFolderFixture.class.getResourceAsStream("/encoder/images/" + name + ".png")) {
      return ImageDecoder.withDefaults().decode(in.readAllBytes());
    } catch (Exception e) {
      throw new IllegalStateException("cannot read test photo " + name, e);
    }
  }
}
