package io.hashstream.encoder;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.util.JsonUtils;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import javax.imageio.ImageIO;

/**
 * The parity fixtures in {@code src/test/resources/encoder/} (made by {@code
 * tools/nsfwjs-onnx/reference/reference.sh}): six 112×112 RGB PNGs and their 1792-d embeddings
 * computed by TF.js from the unconverted nsfwjs model.
 */
final class EncoderFixtures {
  static final int SIDE = 112;
  static final int SIZE = 224;

  /** reference.json */
  record Index(String format, String preprocessing, int embeddingSize, List<Image> images) {}

  /** One entry of reference.json's images. */
  record Image(String name, String file, String pixelsSha256) {}

  private EncoderFixtures() {}

  static Index index() {
    try (InputStream in = resource("reference.json")) {
      return JsonUtils.GSON.fromJson(
          new InputStreamReader(in, StandardCharsets.UTF_8), Index.class);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Reference embeddings, row-major [images, embeddingSize]. */
  static float[][] referenceEmbeddings(Index index) {
    byte[] bytes;
    try (InputStream in = resource("reference_embeddings.f32le.bin")) {
      bytes = in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    int n = index.images().size();
    int d = index.embeddingSize();
    assertThat(bytes).hasSize(n * d * Float.BYTES);
    ByteBuffer buf = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
    float[][] out = new float[n][d];
    for (float[] row : out) {
      buf.asFloatBuffer().get(row);
      buf.position(buf.position() + d * Float.BYTES);
    }
    return out;
  }

  /** Decoded PNG pixels, row-major RGB bytes, 112×112×3. */
  static byte[] rgbPixels(Image image) {
    BufferedImage img;
    try (InputStream in = resource(image.file())) {
      img = ImageIO.read(in);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    assertThat(img.getWidth()).isEqualTo(SIDE);
    assertThat(img.getHeight()).isEqualTo(SIDE);
    byte[] rgb = new byte[SIDE * SIDE * 3];
    for (int y = 0; y < SIDE; y++) {
      for (int x = 0; x < SIDE; x++) {
        int p = img.getRGB(x, y);
        int o = (y * SIDE + x) * 3;
        rgb[o] = (byte) (p >> 16);
        rgb[o + 1] = (byte) (p >> 8);
        rgb[o + 2] = (byte) p;
      }
    }
    return rgb;
  }

  /**
   * The documented preprocessing: 2× pixel replication to 224×224, value / 255 (in double, then
   * rounded to float, as JavaScript does), NCHW.
   */
  static float[] nchwTensor(byte[] rgb) {
    float[] t = new float[3 * SIZE * SIZE];
    for (int c = 0; c < 3; c++) {
      for (int y = 0; y < SIZE; y++) {
        for (int x = 0; x < SIZE; x++) {
          int v = rgb[((y >> 1) * SIDE + (x >> 1)) * 3 + c] & 0xff;
          t[(c * SIZE + y) * SIZE + x] = (float) (v / 255.0);
        }
      }
    }
    return t;
  }

  /** All fixture images as one NCHW batch, in index order. */
  static float[] batch(Index index) {
    int per = 3 * SIZE * SIZE;
    float[] batch = new float[index.images().size() * per];
    for (int i = 0; i < index.images().size(); i++) {
      System.arraycopy(nchwTensor(rgbPixels(index.images().get(i))), 0, batch, i * per, per);
    }
    return batch;
  }

  static double cosine(float[] a, float[] b) {
    double dot = 0;
    double na = 0;
    double nb = 0;
    for (int i = 0; i < a.length; i++) {
      dot += (double) a[i] * b[i];
      na += (double) a[i] * a[i];
      nb += (double) b[i] * b[i];
    }
    return dot / Math.sqrt(na * nb);
  }

  static double maxAbsDiff(float[] a, float[] b) {
    double m = 0;
    for (int i = 0; i < a.length; i++) {
      m = Math.max(m, Math.abs((double) a[i] - b[i]));
    }
    return m;
  }

  static InputStream resource(String name) {
    InputStream in = EncoderFixtures.class.getResourceAsStream("/encoder/" + name);
    if (in == null) {
      throw new IllegalStateException("missing test resource /encoder/" + name);
    }
    return in;
  }
}
