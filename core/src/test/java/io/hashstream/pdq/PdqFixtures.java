package io.hashstream.pdq;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import javax.imageio.ImageIO;

/**
 * The parity fixture in {@code src/test/resources/pdq-parity/} and the demo photos it refers to;
 * public in core's test-jar for the PDQ benchmark's parity figures.
 */
public final class PdqFixtures {
  static final String RESOURCE_ROOT = "/pdq-parity/";
  static final String DEMO_PREFIX = "demo-photos/";

  /** Where the demo photos live, relative to the repository root. */
  static final List<String> DEMO_PHOTO_DIRS =
      List.of("demo/src/main/resources/io/hashstream/demo/photos");

  private PdqFixtures() {}

  /** One row of {@code reference.csv}: the eight hashes in {@link PdqDihedral} order. */
  public record Row(String file, int quality, List<String> hexes) {
    /** The reference's hash of this variant, in hex. */
    public String hex(PdqDihedral variant) {
      return hexes.get(variant.ordinal());
    }
  }

  /** Every row of the reference's {@code reference.csv}. */
  public static List<Row> referenceRows() {
    List<String> lines = readLines(RESOURCE_ROOT + "reference.csv");
    if (!lines.get(0).startsWith("file,pdq,quality,dih_rot90,")) {
      throw new IllegalStateException("unexpected header " + lines.get(0));
    }
    List<Row> rows = new ArrayList<>();
    for (String line : lines.subList(1, lines.size())) {
      if (line.isBlank()) {
        continue;
      }
      String[] f = line.split(",", -1);
      if (f.length != 10) {
        throw new IllegalStateException("expected 10 fields: " + line);
      }
      List<String> hexes = new ArrayList<>();
      hexes.add(f[1]);
      hexes.addAll(List.of(f).subList(3, 10));
      rows.add(new Row(f[0], Integer.parseInt(f[2]), List.copyOf(hexes)));
    }
    return rows;
  }

  /** Decodes a row's image with plain {@code ImageIO.read}, as the reference tool does. */
  public static BufferedImage read(Row row) {
    try {
      if (row.file().startsWith(DEMO_PREFIX)) {
        Path file = demoPhotoDir().resolve(row.file().substring(DEMO_PREFIX.length()));
        return requireDecoded(ImageIO.read(file.toFile()), row.file());
      }
      try (InputStream in = open(RESOURCE_ROOT + "images/" + row.file())) {
        return requireDecoded(ImageIO.read(in), row.file());
      }
    } catch (IOException e) {
      throw new UncheckedIOException(row.file(), e);
    }
  }

  /** A parity image from the test resources, e.g. {@code dih/bridge-1-original.jpg}. */
  static BufferedImage readResource(String file) {
    try (InputStream in = open(RESOURCE_ROOT + "images/" + file)) {
      return requireDecoded(ImageIO.read(in), file);
    } catch (IOException e) {
      throw new UncheckedIOException(file, e);
    }
  }

  /**
   * The demo photos folder, found from the repository root (the nearest directory above {@code
   * user.dir} whose pom.xml lists the {@code core} module); throws, so the test fails, if neither
   * known location exists.
   */
  static Path demoPhotoDir() {
    Path root = repositoryRoot();
    for (String dir : DEMO_PHOTO_DIRS) {
      Path candidate = root.resolve(dir);
      if (Files.isDirectory(candidate)) {
        return candidate;
      }
    }
    throw new IllegalStateException(
        "demo photos not found under " + root + " at any of " + DEMO_PHOTO_DIRS);
  }

  private static Path repositoryRoot() {
    Path start = Paths.get(System.getProperty("user.dir")).toAbsolutePath();
    for (Path dir = start; dir != null; dir = dir.getParent()) {
      Path pom = dir.resolve("pom.xml");
      if (Files.isRegularFile(pom) && readString(pom).contains("<module>core</module>")) {
        return dir;
      }
    }
    throw new IllegalStateException("no parent pom.xml above " + start);
  }

  private static BufferedImage requireDecoded(BufferedImage image, String file) {
    if (image == null) {
      throw new IllegalStateException("ImageIO has no reader for " + file);
    }
    return image;
  }

  private static InputStream open(String resource) {
    InputStream in = PdqFixtures.class.getResourceAsStream(resource);
    if (in == null) {
      throw new IllegalStateException("missing test resource " + resource);
    }
    return in;
  }

  private static List<String> readLines(String resource) {
    try (InputStream in = open(resource)) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8).lines().toList();
    } catch (IOException e) {
      throw new UncheckedIOException(resource, e);
    }
  }

  private static String readString(Path file) {
    try {
      return Files.readString(file);
    } catch (IOException e) {
      throw new UncheckedIOException(file.toString(), e);
    }
  }
}
