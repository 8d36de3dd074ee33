package io.hashstream.model;

import java.util.regex.Pattern;

/**
 * The immutable identity of one trained HashCoder, e.g. {@code crovca-64-20261128T120000Z-3fa2c1d0}.
 * Every code carries the version that produced it, and codes of different versions are never
 * compared, so two models must never share an id. Equality is by id.
 *
 * <p>An id is 1 to 128 characters from {@code [A-Za-z0-9._:+-]}, starting with a letter or digit,
 * so that it can travel in topic keys, file names and log lines without escaping.
 *
 * @param id the version id
 */
public record ModelVersion(String id) {
  private static final Pattern VALID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._:+-]{0,127}");

  /**
   * Validates the id.
   *
   * @throws IllegalArgumentException if the id is null, empty, too long or has other characters
   */
  public ModelVersion {
    if (id == null || !VALID.matcher(id).matches()) {
      throw new IllegalArgumentException(
          "a model version is 1-128 characters of [A-Za-z0-9._:+-], starting with a letter or"
              + " digit: '"
              + id
              + "'");
    }
  }

  /**
   * Parses a version id.
   *
   * @param id the id
   * @return the version
   * @throws IllegalArgumentException if {@code id} is not a valid version id
   */
  public static ModelVersion of(String id) {
    return new ModelVersion(id);
  }

  /**
   * A 64-bit stamp of the id (FNV-1a over its UTF-8 bytes): what an index of this version's codes
   * is labelled with, so that a code is never searched in another version's index.
   *
   * @return the stamp
   */
  public long stamp() {
    long h = 0xcbf29ce484222325L;
    for (byte x : id.getBytes(java.nio.charset.StandardCharsets.UTF_8)) {
      h ^= x & 0xff;
      h *= 0x100000001b3L;
    }
    return h;
  }

  @Override
  public String toString() {
    return id;
  }
}
