package io.hashstream.image;

import static io.hashstream.image.ImageFixtures.encode;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class ImageFormatTest {

  @Test
  void sniffsEveryDecodableFormatFromRealFiles() {
    var photo = ImageFixtures.photo();

    assertThat(ImageFormat.sniff(encode(photo, "jpeg"))).isEqualTo(ImageFormat.JPEG);
    assertThat(ImageFormat.sniff(encode(photo, "png"))).isEqualTo(ImageFormat.PNG);
    assertThat(ImageFormat.sniff(encode(photo, "gif"))).isEqualTo(ImageFormat.GIF);
    assertThat(ImageFormat.sniff(encode(photo, "bmp"))).isEqualTo(ImageFormat.BMP);
    assertThat(ImageFormat.sniff(ImageFixtures.resource("/image/chelsea_lossy.webp")))
        .isEqualTo(ImageFormat.WEBP);
  }

  @Test
  void namesFormatsItDoesNotDecode() {
    assertThat(sniff("II*\0\b\0\0\0")).isEqualTo(ImageFormat.TIFF);
    assertThat(sniff("MM\0*\0\0\0\b")).isEqualTo(ImageFormat.TIFF);
    assertThat(sniff("\0\0\0\u0018ftypavif")).isEqualTo(ImageFormat.HEIF_OR_AVIF);
    assertThat(sniff("\0\0\0\u000CjP  \r\n")).isEqualTo(ImageFormat.JPEG_2000);
    assertThat(sniff("\0\0\1\0\1\0")).isEqualTo(ImageFormat.ICO);
    assertThat(sniff("<?xml version='1.0'?>")).isEqualTo(ImageFormat.SVG_OR_XML);
    for (ImageFormat f :
        new ImageFormat[] {
          ImageFormat.TIFF, ImageFormat.HEIF_OR_AVIF, ImageFormat.SVG_OR_XML, ImageFormat.UNKNOWN
        }) {
      assertThat(f.isDecodable()).isFalse();
    }
  }

  @Test
  void shortAndAmbiguousInputsAreUnknown() {
    assertThat(ImageFormat.sniff(null)).isEqualTo(ImageFormat.UNKNOWN);
    assertThat(ImageFormat.sniff(new byte[] {(byte) 0xFF})).isEqualTo(ImageFormat.UNKNOWN);
    assertThat(sniff("BMW is not a bitmap")).isEqualTo(ImageFormat.UNKNOWN);
    assertThat(sniff("RIFF\0\0\0\0WAVEfmt ")).isEqualTo(ImageFormat.UNKNOWN);
  }

  private static ImageFormat sniff(String latin1) {
    return ImageFormat.sniff(latin1.getBytes(StandardCharsets.ISO_8859_1));
  }
}
