package io.hashstream.trainer.views;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Reads a photo list (as {@code tools/default-model/photos.sh} writes it): one path per line,
 * blank lines and lines starting with {@code #} ignored, relative paths taken from the list's
 * folder. The order of the lines fixes each photo's index. Stateless.
 */
public final class PhotoList {
  private PhotoList() {}

  /**
   * Reads the list.
   *
   * @param list the list file
   * @return the photos, in file order
   * @throws UncheckedIOException if the file cannot be read
   */
  public static List<Path> read(Path list) {
    try {
      Path base = list.toAbsolutePath().getParent();
      return Files.readAllLines(list).stream()
          .map(String::strip)
          .filter(l -> !l.isEmpty() && !l.startsWith("#"))
          .map(base::resolve)
          .toList();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + list, e);
    }
  }
}
