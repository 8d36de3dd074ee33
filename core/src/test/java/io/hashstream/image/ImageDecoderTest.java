package io.hashstream.image;

import static io.hashstream.image.ImageFixtures.channelDistance;
import static io.hashstream.image.ImageFixtures.encode;
import static io.hashstream.image.ImageFixtures.meanAbsoluteDifference;
import static io.hashstream.image.ImageFixtures.resource;
import static org.assertj.core.api.Assertions.assertThat;

import java.awt.color.ColorSpace;
import java.awt.image.BufferedImage;
import java.awt.image.ComponentColorModel;
import java.awt.image.DataBuffer;
import java.awt.image.IndexColorModel;
import java.awt.image.Raster;
import java.awt.image.WritableRaster;
import java.io.ByteArrayOutputStream;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriter;
import javax.imageio.stream.MemoryCacheImageOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ImageDecoderTest {
  private final ImageDecoder decoder = ImageDecoder.withDefaults();
  private final RgbImage photo = RgbImage.fromBufferedImage(ImageFixtures.photo());

  @ParameterizedTest
  @ValueSource(strings = {"png", "bmp"})
  void losslessFormatsDecodeToTheExactPixels(String format) throws Exception {
    byte[] bytes = encode(photo.toBufferedImage(), format);

    assertThat(decoder.decode(bytes)).isEqualTo(photo);
  }

  @Test
  void jpegDecodesCloseToTheOriginal() throws Exception {
    RgbImage decoded = decoder.decode(ImageFileWriter.jpeg(photo, 0.95f));

    assertThat(decoded.width()).isEqualTo(112);
    assertThat(decoded.height()).isEqualTo(112);
    assertThat(meanAbsoluteDifference(decoded, photo)).isLessThan(3.0);
  }

  @Test
  void gifDecodesItsPaletteApproximation() throws Exception {
    RgbImage decoded = decoder.decode(encode(photo.toBufferedImage(), "gif"));

    assertThat(meanAbsoluteDifference(decoded, photo)).isLessThan(12.0);
  }

  @Test
  void lossyWebpDecodesCloseToItsSource() throws Exception {
    RgbImage decoded = decoder.decode(resource("/image/chelsea_lossy.webp"));

    assertThat(decoded.width()).isEqualTo(112);
    assertThat(decoded.height()).isEqualTo(112);
    assertThat(meanAbsoluteDifference(decoded, photo)).isLessThan(6.0);
  }

  @Test
  void losslessWebpAlphaIsCompositedOnWhite() throws Exception {
    RgbImage decoded = decoder.decode(resource("/image/alpha_lossless.webp"));

    assertThat(decoded.width()).isEqualTo(48);
    assertThat(decoded.height()).isEqualTo(32);
    assertThat(decoded.rgb(5, 5)).isEqualTo(0xFF0000);
    assertThat(decoded.rgb(20, 5)).isEqualTo(0x7F7FFF); // blue at alpha 128 over white
    assertThat(decoded.rgb(40, 5)).isEqualTo(0xFFFFFF); // fully transparent
  }

  @Test
  void pngAlphaIsCompositedOnWhite() throws Exception {
    BufferedImage argb = new BufferedImage(3, 1, BufferedImage.TYPE_INT_ARGB);
    argb.setRGB(0, 0, 0xFF102030);
    argb.setRGB(1, 0, 0x80000000);
    argb.setRGB(2, 0, 0x00123456);

    RgbImage decoded = decoder.decode(encode(argb, "png"));

    assertThat(decoded.pixels()).containsExactly(0x102030, 0x7F7F7F, 0xFFFFFF);
  }

  @Test
  void eightBitGreyIsReplicatedWithoutGammaChange() throws Exception {
    BufferedImage grey = new BufferedImage(2, 1, BufferedImage.TYPE_BYTE_GRAY);
    grey.getRaster().setSample(0, 0, 0, 100);
    grey.getRaster().setSample(1, 0, 0, 200);

    RgbImage decoded = decoder.decode(encode(grey, "png"));

    assertThat(decoded.pixels()).containsExactly(0x646464, 0xC8C8C8);
  }

  @Test
  void sixteenBitGreyIsRescaledToEightBits() throws Exception {
    BufferedImage grey = new BufferedImage(3, 1, BufferedImage.TYPE_USHORT_GRAY);
    grey.getRaster().setSample(0, 0, 0, 0xFFFF);
    grey.getRaster().setSample(1, 0, 0, 0x8080);
    grey.getRaster().setSample(2, 0, 0, 0);

    RgbImage decoded = decoder.decode(encode(grey, "png"));

    assertThat(decoded.pixels()).containsExactly(0xFFFFFF, 0x808080, 0x000000);
  }

  @Test
  void sixteenBitRgbWithAlphaIsRescaledAndComposited() throws Exception {
    ComponentColorModel cm =
        new ComponentColorModel(
            ColorSpace.getInstance(ColorSpace.CS_sRGB),
            true,
            false,
            java.awt.Transparency.TRANSLUCENT,
            DataBuffer.TYPE_USHORT);
    WritableRaster raster = cm.createCompatibleWritableRaster(2, 1);
    raster.setPixel(0, 0, new int[] {0xFFFF, 0x0000, 0x8080, 0xFFFF});
    raster.setPixel(1, 0, new int[] {0x0000, 0x0000, 0x0000, 0x0000});
    BufferedImage image = new BufferedImage(cm, raster, false, null);

    RgbImage decoded = decoder.decode(encode(image, "png"));

    assertThat(decoded.pixels()).containsExactly(0xFF0080, 0xFFFFFF);
  }

  @Test
  void paletteImagesAreLookedUpWithTransparentEntriesOnWhite() throws Exception {
    byte[] r = {(byte) 0xFF, 0x00, 0x00};
    byte[] g = {0x00, (byte) 0x80, 0x00};
    byte[] b = {0x00, 0x00, 0x00};
    IndexColorModel palette = new IndexColorModel(2, 3, r, g, b, 2); // entry 2 transparent
    BufferedImage indexed = new BufferedImage(3, 1, BufferedImage.TYPE_BYTE_BINARY, palette);
    indexed.getRaster().setSamples(0, 0, 3, 1, 0, new int[] {0, 1, 2});

    for (String format : new String[] {"png", "gif"}) {
      RgbImage decoded = decoder.decode(encode(indexed, format));

      assertThat(decoded.pixels()).as(format).containsExactly(0xFF0000, 0x008000, 0xFFFFFF);
    }
  }

  @Test
  void cmykJpegIsConvertedToRgb() throws Exception {
    // Adobe CMYK stores inverted ink values: 255 means no ink.
    WritableRaster cmyk = Raster.createInterleavedRaster(DataBuffer.TYPE_BYTE, 32, 16, 4, null);
    for (int y = 0; y < 16; y++) {
      for (int x = 0; x < 32; x++) {
        cmyk.setPixel(x, y, x < 16 ? new int[] {0, 255, 255, 255} : new int[] {255, 255, 255, 255});
      }
    }
    byte[] jpeg = withAdobeCmykMarker(writeRasterAsJpeg(cmyk));

    RgbImage decoded = decoder.decode(jpeg);

    assertThat(decoded.width()).isEqualTo(32);
    assertThat(channelDistance(decoded.rgb(4, 8), 0x00FFFF)).as("full cyan").isLessThan(24);
    assertThat(channelDistance(decoded.rgb(28, 8), 0xFFFFFF)).as("no ink").isLessThan(8);
  }

  @Test
  void aJpegMissingOnlyItsEndMarkerStillDecodes() throws Exception {
    byte[] jpeg = ImageFileWriter.jpeg(photo, 0.9f);
    byte[] withoutEoi = java.util.Arrays.copyOf(jpeg, jpeg.length - 2);

    assertThat(decoder.decode(withoutEoi)).isEqualTo(decoder.decode(jpeg));
  }

  @Test
  void theJpegReaderIsTwelveMonkeys() {
    ImageDecoder.withDefaults(); // loading the class registers the plugins
    assertThat(ImageIO.getImageReadersByFormatName("jpeg").next().getClass().getName())
        .startsWith("com.twelvemonkeys.");
    assertThat(ImageIO.getImageReadersByFormatName("webp").hasNext()).isTrue();
  }

  private static byte[] writeRasterAsJpeg(Raster raster) throws Exception {
    ImageWriter writer = ImageIO.getImageWritersByFormatName("jpeg").next();
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (MemoryCacheImageOutputStream out = new MemoryCacheImageOutputStream(bytes)) {
      writer.setOutput(out);
      writer.write(null, new IIOImage(raster, null, null), writer.getDefaultWriteParam());
    } finally {
      writer.dispose();
    }
    return bytes.toByteArray();
  }

  /** Adds an Adobe APP14 segment with transform 0 (CMYK), as Photoshop writes it. */
  private static byte[] withAdobeCmykMarker(byte[] jpeg) {
    byte[] app14 = {
      (byte) 0xFF, (byte) 0xEE, 0, 14, 'A', 'd', 'o', 'b', 'e', 0, 100, 0, 0, 0, 0, 0
    };
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.write(jpeg, 0, 2);
    out.writeBytes(app14);
    out.write(jpeg, 2, jpeg.length - 2);
    return out.toByteArray();
  }
}
