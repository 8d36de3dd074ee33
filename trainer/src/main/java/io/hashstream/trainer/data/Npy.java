package io.hashstream.trainer.data;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * NumPy {@code .npy} files (format versions 1.0, 2.0 and 3.0), the trainer's input format, so that
 * embeddings written by {@code numpy.save} are read as they are. Supported:
 *
 * <ul>
 *   <li>embeddings: a 2-D C-order array of little-endian float32 ({@code '<f4'}), one row per image;
 *   <li>labels: a 1-D array of class ids ({@code '<i4'} or {@code '<i8'}, each ≥ 0), or a 2-D
 *       multi-hot array ({@code '<f4'}, {@code '|u1'} or {@code '|b1'}, nonzero = has the label).
 * </ul>
 *
 * Anything else (Fortran order, big-endian, other types, object arrays) is rejected with an {@link
 * IllegalArgumentException} naming the file. Reading maps the file and copies it once into Java
 * arrays. Stateless.
 */
public final class Npy {
  private static final byte[] MAGIC = {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y'};
  private static final Pattern DESCR = Pattern.compile("'descr'\\s*:\\s*'([^']*)'");
  private static final Pattern FORTRAN = Pattern.compile("'fortran_order'\\s*:\\s*(True|False)");
  private static final Pattern SHAPE = Pattern.compile("'shape'\\s*:\\s*\\(([^)]*)\\)");

  private Npy() {}

  /** A parsed header: element type, shape, and where the data starts. */
  private record Header(String descr, long[] shape, int dataOffset) {
    long count() {
      long n = 1;
      for (long d : shape) {
        n = Math.multiplyExact(n, d);
      }
      return n;
    }
  }

  /**
   * Reads a 2-D float32 array.
   *
   * @param file the {@code .npy} file
   * @return rows
   */
  public static float[][] readFloatMatrix(Path file) {
    ByteBuffer data = map(file);
    Header h = header(data, file);
    require(h.shape.length == 2 && h.descr.equals("<f4"), file, h, "a 2-D '<f4' array");
    int rows = Math.toIntExact(h.shape[0]);
    int cols = Math.toIntExact(h.shape[1]);
    requireSize(data, h, 4, file);
    float[][] out = new float[rows][cols];
    var floats = data.position(h.dataOffset).slice().order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer();
    for (float[] row : out) {
      floats.get(row);
    }
    return out;
  }

  /**
   * Reads labels as multi-hot rows: class ids {@code [n]} become one-hot rows of {@code max id + 1}
   * columns; a 2-D array is read as it is (nonzero = 1).
   *
   * @param file the {@code .npy} file
   * @return {@code [n][classes]} of 0 and 1
   */
  public static float[][] readLabels(Path file) {
    ByteBuffer data = map(file);
    Header h = header(data, file);
    ByteBuffer body = data.position(h.dataOffset).slice().order(ByteOrder.LITTLE_ENDIAN);
    if (h.shape.length == 1 && (h.descr.equals("<i4") || h.descr.equals("<i8"))) {
      int width = h.descr.equals("<i4") ? 4 : 8;
      requireSize(data, h, width, file);
      int n = Math.toIntExact(h.shape[0]);
      long[] ids = new long[n];
      long max = -1;
      for (int i = 0; i < n; i++) {
        ids[i] = width == 4 ? body.getInt(i * 4) : body.getLong(Math.multiplyExact(i, 8));
        if (ids[i] < 0 || ids[i] >= 1 << 20) {
          throw new IllegalArgumentException(file + ": class id " + ids[i] + " at row " + i);
        }
        max = Math.max(max, ids[i]);
      }
      float[][] out = new float[n][(int) max + 1];
      for (int i = 0; i < n; i++) {
        out[i][(int) ids[i]] = 1f;
      }
      return out;
    }
    require(
        h.shape.length == 2 && (h.descr.equals("<f4") || h.descr.equals("|u1") || h.descr.equals("|b1")),
        file,
        h,
        "1-D '<i4'/'<i8' class ids or a 2-D '<f4'/'|u1'/'|b1' multi-hot array");
    int width = h.descr.equals("<f4") ? 4 : 1;
    requireSize(data, h, width, file);
    int n = Math.toIntExact(h.shape[0]);
    int classes = Math.toIntExact(h.shape[1]);
    float[][] out = new float[n][classes];
    for (int i = 0; i < n; i++) {
      for (int c = 0; c < classes; c++) {
        int at = (i * classes + c) * width;
        boolean set = width == 4 ? body.getFloat(at) != 0f : body.get(at) != 0;
        out[i][c] = set ? 1f : 0f;
      }
    }
    return out;
  }

  /**
   * Writes a 2-D float32 array (format 1.0, header padded to 64 bytes as NumPy does).
   *
   * @param file where to write
   * @param rows the rows, all of one length
   */
  public static void writeFloatMatrix(Path file, float[][] rows) {
    int cols = rows.length == 0 ? 0 : rows[0].length;
    try (OutputStream out = Files.newOutputStream(file)) {
      out.write(header("<f4", "(" + rows.length + ", " + cols + ")"));
      ByteBuffer buf = ByteBuffer.allocate(cols * 4).order(ByteOrder.LITTLE_ENDIAN);
      for (float[] row : rows) {
        if (row.length != cols) {
          throw new IllegalArgumentException("rows of length " + row.length + " and " + cols);
        }
        buf.clear();
        buf.asFloatBuffer().put(row);
        out.write(buf.array());
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + file, e);
    }
  }

  /**
   * Writes class ids as a 1-D int32 array (format 1.0).
   *
   * @param file where to write
   * @param classIds one id per row, each ≥ 0
   */
  public static void writeClassIds(Path file, int[] classIds) {
    try (OutputStream out = Files.newOutputStream(file)) {
      out.write(header("<i4", "(" + classIds.length + ",)"));
      ByteBuffer buf = ByteBuffer.allocate(classIds.length * 4).order(ByteOrder.LITTLE_ENDIAN);
      buf.asIntBuffer().put(classIds);
      out.write(buf.array());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + file, e);
    }
  }

  private static byte[] header(String descr, String shape) {
    String dict = "{'descr': '" + descr + "', 'fortran_order': False, 'shape': " + shape + ", }";
    int unpadded = MAGIC.length + 2 + 2 + dict.length() + 1;
    int padding = (64 - unpadded % 64) % 64;
    String text = dict + " ".repeat(padding) + "\n";
    ByteBuffer out = ByteBuffer.allocate(MAGIC.length + 4 + text.length()).order(ByteOrder.LITTLE_ENDIAN);
    out.put(MAGIC).put((byte) 1).put((byte) 0).putShort((short) text.length());
    out.put(text.getBytes(StandardCharsets.US_ASCII));
    return out.array();
  }

  private static ByteBuffer map(Path file) {
    try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
      return channel.map(FileChannel.MapMode.READ_ONLY, 0, channel.size());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file, e);
    }
  }

  private static Header header(ByteBuffer data, Path file) {
    data.order(ByteOrder.LITTLE_ENDIAN);
    if (data.limit() < 10) {
      throw new IllegalArgumentException(file + " is not a .npy file (too short)");
    }
    for (int i = 0; i < MAGIC.length; i++) {
      if (data.get(i) != MAGIC[i]) {
        throw new IllegalArgumentException(file + " is not a .npy file (bad magic)");
      }
    }
    int major = data.get(6);
    int headerLength;
    int start;
    if (major == 1) {
      headerLength = Short.toUnsignedInt(data.getShort(8));
      start = 10;
    } else if (major == 2 || major == 3) {
      headerLength = data.getInt(8);
      start = 12;
    } else {
      throw new IllegalArgumentException(file + ": unsupported .npy version " + major);
    }
    if (headerLength < 0 || start + headerLength > data.limit()) {
      throw new IllegalArgumentException(file + ": truncated .npy header");
    }
    byte[] text = new byte[headerLength];
    data.get(start, text);
    String dict = new String(text, major == 3 ? StandardCharsets.UTF_8 : StandardCharsets.ISO_8859_1);
    Matcher descr = DESCR.matcher(dict);
    Matcher fortran = FORTRAN.matcher(dict);
    Matcher shape = SHAPE.matcher(dict);
    if (!descr.find() || !fortran.find() || !shape.find()) {
      throw new IllegalArgumentException(file + ": cannot parse .npy header " + dict.trim());
    }
    if (fortran.group(1).equals("True")) {
      throw new IllegalArgumentException(file + ": Fortran-order arrays are not supported");
    }
    String[] parts = shape.group(1).split(",");
    long[] dims = new long[parts.length];
    int rank = 0;
    for (String part : parts) {
      if (!part.isBlank()) {
        dims[rank++] = Long.parseLong(part.trim());
      }
    }
    long[] exact = new long[rank];
    System.arraycopy(dims, 0, exact, 0, rank);
    return new Header(descr.group(1), exact, start + headerLength);
  }

  private static void require(boolean ok, Path file, Header h, String expected) {
    if (!ok) {
      throw new IllegalArgumentException(
          file + " holds a " + h.shape.length + "-D '" + h.descr + "' array; expected " + expected);
    }
  }

  private static void requireSize(ByteBuffer data, Header h, int width, Path file) {
    long needed = h.dataOffset + h.count() * width;
    if (needed > data.limit()) {
      throw new IllegalArgumentException(
          file + " is truncated: " + data.limit() + " bytes, the header needs " + needed);
    }
  }
}
