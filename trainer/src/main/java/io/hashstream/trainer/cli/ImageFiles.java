package io.hashstream.trainer.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * The files a command works on: each argument that is a file, and every regular file under each
 * argument that is a folder (recursively, following no links, hidden files included), each list
 * sorted by path so runs are repeatable. Every file is offered to the decoder, which sniffs the
 * format from the bytes: a file that is not an image fails with its reason instead of being
 * skipped silently. Stateless.
 */
final class ImageFiles {
  private ImageFiles() {}

  /**
   * Lists the files.
   *
   * @param inputs files and folders
   * @return the files, in argument order, each folder's files sorted
   * @throws UncheckedIOException if an argument does not exist or a folder cannot be listed
   */
  static List<Path> list(List<Path> inputs) {
    List<Path> files = new ArrayList<>();
    for (Path input : inputs) {
      if (Files.isDirectory(input)) {
        try (Stream<Path> walk = Files.walk(input)) {
          walk.filter(Files::isRegularFile).sorted().forEach(files::add);
        } catch (IOException e) {
          throw new UncheckedIOException("cannot list " + input, e);
        }
      } else if (Files.exists(input)) {
        files.add(input);
      } else {
        throw new UncheckedIOException(new IOException("no such file or folder: " + input));
      }
    }
    return files;
  }
}
