package io.hashstream.trainer.eval;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import io.hashstream.image.ImageDecodeException;
import io.hashstream.image.ImageDecoder;
import io.hashstream.image.RgbImage;

/**
 * A labelled image set read from a list file of {@code label<TAB>path} lines (as {@code
 * tools/quality/fetch-data.sh} writes them); labels become dense ids in order of first appearance.
 * Immutable.
 *
 * @param name the set's name, for reports
 * @param files the images
 * @param labels one class id per image
 * @param classNames the label of each class id
 */
public record LabelledImages(String name, List<Path> files, int[] labels, List<String> classNames) {

  /**
   * Reads a list file.
   *
   * @param name the set's name
   * @param list the {@code label<TAB>path} file
   * @return the set
   * @throws UncheckedIOException if the file cannot be read
   * @throws IllegalArgumentException if a line has no tab
   */
  public static LabelledImages read(String name, Path list) {
    List<String> lines;
    try {
      lines = Files.readAllLines(list);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + list, e);
    }
    Map<String, Integer> ids = new LinkedHashMap<>();
    List<Path> files = new ArrayList<>();
    List<Integer> labels = new ArrayList<>();
    for (String line : lines) {
      if (line.isBlank()) {
        continue;
      }
      int tab = line.indexOf('\t');
      if (tab < 0) {
        throw new IllegalArgumentException("no tab in line of " + list + ": " + line);
      }
      String label = line.substring(0, tab);
      labels.add(ids.computeIfAbsent(label, l -> ids.size()));
      files.add(Path.of(line.substring(tab + 1)));
    }
    return new LabelledImages(
        name,
        List.copyOf(files),
        labels.stream().mapToInt(Integer::intValue).toArray(),
        List.copyOf(ids.keySet()));
  }

  /** The images of a set that decoded, with their class ids in the same order. */
  public record Decoded(List<RgbImage> images, int[] labels) {}

  /**
   * Decodes every image; one that cannot be read or decoded is skipped and named to {@code
   * skipped} with the reason (the evaluation goes on without it).
   */
  public Decoded decode(ImageDecoder decoder, Consumer<String> skipped) {
    List<RgbImage> images = new ArrayList<>();
    List<Integer> kept = new ArrayList<>();
    for (int i = 0; i < files.size(); i++) {
      try {
        images.add(decoder.decode(Files.readAllBytes(files.get(i))));
        kept.add(labels[i]);
      } catch (ImageDecodeException | IOException e) {
        skipped.accept(files.get(i) + ": " + e.getMessage());
      }
    }
    return new Decoded(images, kept.stream().mapToInt(Integer::intValue).toArray());
  }
}
