package io.hashstream.demo;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/**
 * The demo's bundled sample photos: 16 small JPEGs (longest side 480 px) under {@value
 * #RESOURCE_DIR} on the classpath, listed with their source, licence and sha256 in {@value #INDEX}
 * ({@code file,source,license,sha256}; see {@code PROVENANCE.md} beside them and {@code
 * tools/demo-photos/make.sh}, which made them).
 *
 * <p>Loading reads every photo into memory (about 750 KB in all) and checks each file's sha256
 * against the index, so a damaged or replaced file fails loudly instead of changing what the demo
 * shows. Stateless; safe from any thread.
 */
public final class DemoPhotos {
  /** Classpath folder of the photos. */
  public static final String RESOURCE_DIR = "/io/hashstream/demo/photos/";

  /** Classpath location of the index. */
  public static final String INDEX = RESOURCE_DIR + "index.csv";

  private static final String HEADER = "file,source,license,sha256";

  private DemoPhotos() {}

  /**
   * One bundled photo and where it came from.
   *
   * @param file its file name under {@link #RESOURCE_DIR}, e.g. {@code chelsea.jpg}
   * @param source Debian package, version and path inside the package it was made from
   * @param license the licence it is redistributed under
   * @param sha256 lower-case hex sha256 of the file
   * @param bytes the JPEG file; shared, do not modify (see {@link #copyOfBytes()})
   */
  public record Photo(String file, String source, String license, String sha256, byte[] bytes) {
    /**
     * A copy of the file's bytes, for callers that modify them.
     *
     * @return a new array
     */
    public byte[] copyOfBytes() {
      return bytes.clone();
    }

    /**
     * The file name without its extension, e.g. {@code chelsea}.
     *
     * @return the name
     */
    public String name() {
      int dot = file.lastIndexOf('.');
      return dot < 0 ? file : file.substring(0, dot);
    }
  }

  /**
   * One row of the index, before its file is read.
   *
   * @param file the file name
   * @param source where it came from
   * @param license its licence
   * @param sha256 the recorded sha256
   */
  public record IndexEntry(String file, String source, String license, String sha256) {}

  /**
   * Reads the index, in file order (the order that numbers the photos: {@code photo-01} is the
   * first row).
   *
   * @return the rows
   * @throws IllegalStateException if the index is missing or a row is malformed
   */
  public static List<IndexEntry> index() {
    try (InputStream in = open(INDEX);
        BufferedReader reader =
            new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
      String header = reader.readLine();
      if (!HEADER.equals(header)) {
        throw new IllegalStateException(INDEX + " must start with '" + HEADER + "', not " + header);
      }
      List<IndexEntry> rows = new ArrayList<>();
      String line;
      int lineNumber = 1;
      while ((line = reader.readLine()) != null) {
        lineNumber++;
        if (line.isBlank()) {
          continue;
        }
        String[] fields = line.split(",", -1);
        if (fields.length != 4 || line.indexOf('"') >= 0 || !fields[3].matches("[0-9a-f]{64}")) {
          throw new IllegalStateException(
              INDEX + " line " + lineNumber + " is not file,source,license,sha256: " + line);
        }
        rows.add(new IndexEntry(fields[0], fields[1], fields[2], fields[3]));
      }
      if (rows.isEmpty()) {
        throw new IllegalStateException(INDEX + " lists no photo");
      }
      return List.copyOf(rows);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + INDEX, e);
    }
  }

  /**
   * Reads every photo of the index and checks its sha256.
   *
   * @return the photos, in index order
   * @throws IllegalStateException if a photo is missing or its sha256 differs from the index
   */
  public static List<Photo> load() {
    List<Photo> photos = new ArrayList<>();
    for (IndexEntry entry : index()) {
      byte[] bytes;
      try (InputStream in = open(RESOURCE_DIR + entry.file())) {
        bytes = in.readAllBytes();
      } catch (IOException e) {
        throw new UncheckedIOException("cannot read demo photo " + entry.file(), e);
      }
      String actual = sha256(bytes);
      if (!actual.equals(entry.sha256())) {
        throw new IllegalStateException(
            "demo photo " + entry.file() + " has sha256 " + actual + ", " + INDEX + " says "
                + entry.sha256());
      }
      photos.add(new Photo(entry.file(), entry.source(), entry.license(), entry.sha256(), bytes));
    }
    return List.copyOf(photos);
  }

  /**
   * Lower-case hex sha256.
   *
   * @param bytes the data
   * @return 64 hex digits
   */
  static String sha256(byte[] bytes) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    } catch (NoSuchAlgorithmException e) {
      throw new AssertionError("every JRE has SHA-256", e);
    }
  }

  private static InputStream open(String resource) {
    InputStream in = DemoPhotos.class.getResourceAsStream(resource);
    if (in == null) {
      throw new IllegalStateException(
          resource + " is not on the classpath (flink-jobs/src/main/resources" + resource + ")");
    }
    return in;
  }
}
