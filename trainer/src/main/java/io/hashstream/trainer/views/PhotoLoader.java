package io.hashstream.trainer.views;

import io.hashstream.image.BilinearResampler;
import io.hashstream.image.ImageDecodeException;
import io.hashstream.image.ImageDecoder;
import io.hashstream.image.RgbImage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Decodes a photo and shrinks it (aspect kept, antialiased bilinear) so its shorter side is at most
 * {@code maxShortSide}: the augmentations then crop and resize a working copy of a few hundred
 * pixels instead of a 5K wallpaper, which makes each view cheap and changes little at 224² output.
 * Immutable; safe to share between threads.
 *
 * @param decoder the decoder
 * @param maxShortSide the longest shorter side kept, at least 1
 */
public record PhotoLoader(ImageDecoder decoder, int maxShortSide) {

  /**
   * Loads one photo.
   *
   * @param file the photo
   * @return the decoded, possibly shrunk image
   * @throws UncheckedIOException if the file cannot be read or decoded (a training photo must be
   *     good)
   */
  public RgbImage load(Path file) {
    RgbImage image;
    try {
      image = decoder.decode(Files.readAllBytes(file));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file, e);
    } catch (ImageDecodeException e) {
      throw new UncheckedIOException(
          new IOException("cannot decode " + file + ": " + e.reason() + ": " + e.getMessage(), e));
    }
    int shortSide = Math.min(image.width(), image.height());
    if (shortSide <= maxShortSide) {
      return image;
    }
    double scale = (double) maxShortSide / shortSide;
    int w = Math.max(1, (int) Math.round(image.width() * scale));
    int h = Math.max(1, (int) Math.round(image.height() * scale));
    return BilinearResampler.resize(image, w, h);
  }
}
