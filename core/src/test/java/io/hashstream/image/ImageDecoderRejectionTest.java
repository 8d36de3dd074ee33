package io.hashstream.image;

import static io.hashstream.image.ImageFixtures.encode;
import static io.hashstream.image.ImageFixtures.resource;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.SplittableRandom;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import java.util.zip.CRC32;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Every way an upload can be bad ends in an {@link ImageDecodeException} with the right reason. */
class ImageDecoderRejectionTest {
  private final ImageDecoder decoder = ImageDecoder.withDefaults();

  static Stream<Arguments> encodedPhotos() {
    RgbImage photo = RgbImage.fromBufferedImage(ImageFixtures.photo());
    return Stream.of(
        Arguments.of("jpeg", ImageFileWriter.jpeg(photo, 0.9f)),
        Arguments.of("png", encode(photo.toBufferedImage(), "png")),
        Arguments.of("gif", encode(photo.toBufferedImage(), "gif")),
        Arguments.of("bmp", encode(photo.toBufferedImage(), "bmp")),
        Arguments.of("webp", resource("/image/chelsea_lossy.webp")));
  }

  @Test
  void nullAndEmptyAreMissing() {
    assertThat(reasonFor(null)).isEqualTo(DecodeFailureReason.MISSING_IMAGE);
    assertThat(reasonFor(new byte[0])).isEqualTo(DecodeFailureReason.MISSING_IMAGE);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "hello, this is not an image",
        "<svg xmlns='http://www.w3.org/2000/svg'/>",
        "II*\0\b\0\0\0 tiff",
        "\0\0\0\u0018ftypheic heif",
        "\0\0\1\0 icon",
        "%PDF-1.7",
        "B"
      })
  void unknownOrUndecodableFormatsAreUnsupported(String content) {
    byte[] bytes = content.getBytes(StandardCharsets.ISO_8859_1);

    assertThat(reasonFor(bytes)).isEqualTo(DecodeFailureReason.UNSUPPORTED_IMAGE_FORMAT);
  }

  @Test
  void randomBytesAreUnsupported() {
    byte[] noise = new byte[4096];
    new SplittableRandom(7).nextBytes(noise);
    noise[0] = 0x13; // not the first byte of any known signature

    assertThat(reasonFor(noise)).isEqualTo(DecodeFailureReason.UNSUPPORTED_IMAGE_FORMAT);
  }

  @Test
  void theDeclaredFormatDoesNotMatterOnlyTheMagicBytes() throws Exception {
    // A PNG renamed .jpg still decodes; a text file renamed .png is still text.
    byte[] png = encode(ImageFixtures.photo(), "png");
    assertThat(decoder.decode(png).width()).isEqualTo(112);
    assertThat(ImageFormat.sniff("not a png".getBytes(StandardCharsets.US_ASCII)))
        .isEqualTo(ImageFormat.UNKNOWN);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("encodedPhotos")
  void truncatedFilesAreCorrupt(String format, byte[] bytes) {
    for (double kept : new double[] {0.97, 0.75, 0.5, 0.2}) {
      byte[] truncated = Arrays.copyOf(bytes, (int) (bytes.length * kept));

      assertThat(reasonFor(truncated))
          .as("%s cut to %.0f%%", format, kept * 100)
          .isEqualTo(DecodeFailureReason.CORRUPT_IMAGE);
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("encodedPhotos")
  void aBareSignatureIsCorrupt(String format, byte[] bytes) {
    int signatureLength = format.equals("webp") ? 16 : format.equals("bmp") ? 18 : 8;
    byte[] signatureOnly = Arrays.copyOf(bytes, signatureLength);

    assertThat(reasonFor(signatureOnly)).isEqualTo(DecodeFailureReason.CORRUPT_IMAGE);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("encodedPhotos")
  void damagedFilesNeverEscapeAsAnythingButADecodeException(String format, byte[] bytes) {
    SplittableRandom random = new SplittableRandom(format.hashCode());
    for (int trial = 0; trial < 40; trial++) {
      byte[] damaged = bytes.clone();
      int flips = 1 + random.nextInt(8);
      for (int i = 0; i < flips; i++) {
        // Keep the signature so the file reaches the format's reader.
        int at = 12 + random.nextInt(damaged.length - 12);
        damaged[at] = (byte) random.nextInt(256);
      }
      try {
        RgbImage image = decoder.decode(damaged);
        assertThat(image.width()).isPositive();
      } catch (ImageDecodeException e) {
        assertThat(e.reason())
            .as("%s trial %d: %s", format, trial, e.getMessage())
            .isIn(
                DecodeFailureReason.CORRUPT_IMAGE,
                DecodeFailureReason.IMAGE_TOO_LARGE,
                DecodeFailureReason.UNSUPPORTED_IMAGE_FORMAT);
      }
    }
  }

  @Test
  void aPngWithScrambledPixelDataIsCorrupt() {
    byte[] png = encode(ImageFixtures.photo(), "png");
    int idat = indexOf(png, "IDAT");
    for (int i = idat + 6; i < idat + 40; i++) {
      png[i] = (byte) 0xA5;
    }

    assertThat(reasonFor(png)).isEqualTo(DecodeFailureReason.CORRUPT_IMAGE);
  }

  @Test
  void aJpegWithZeroHeightIsCorrupt() {
    byte[] jpeg = ImageFileWriter.jpeg(RgbImage.filled(16, 16, 0x336699), 0.9f);
    int sof = indexOfMarker(jpeg, 0xC0);
    jpeg[sof + 5] = 0;
    jpeg[sof + 6] = 0;

    assertThat(reasonFor(jpeg)).isEqualTo(DecodeFailureReason.CORRUPT_IMAGE);
  }

  @Test
  void imagesAboveThePixelLimitAreTooLarge() {
    ImageDecoder strict = new ImageDecoder(new ImageDecoderConfig(112 * 112 - 1));
    byte[] png = encode(ImageFixtures.photo(), "png");

    ImageDecodeException e =
        catchThrowableOfType(ImageDecodeException.class, () -> strict.decode(png));

    assertThat(e.reason()).isEqualTo(DecodeFailureReason.IMAGE_TOO_LARGE);
    assertThat(e.getMessage()).contains("112x112");
  }

  /**
   * Decompression bombs: headers that declare a gigapixel in a few hundred bytes are refused from
   * the header, before a pixel buffer is allocated (a decode would need gigabytes and take minutes,
   * so a pass here also shows that no decode happened).
   */
  @Test
  void pngBombIsRefusedFromItsHeader() {
    byte[] png = encode(RgbImage.filled(8, 8, 0).toBufferedImage(), "png");
    ByteBuffer.wrap(png, 16, 8).putInt(60_000).putInt(60_000);
    fixPngChunkCrc(png, 12);

    assertThat(reasonFor(png)).isEqualTo(DecodeFailureReason.IMAGE_TOO_LARGE);
  }

  @Test
  void jpegBombIsRefusedFromItsHeader() {
    byte[] jpeg = ImageFileWriter.jpeg(RgbImage.filled(16, 16, 0x336699), 0.9f);
    int sof = indexOfMarker(jpeg, 0xC0);
    ByteBuffer.wrap(jpeg, sof + 5, 4).putShort((short) 65_000).putShort((short) 65_000);

    assertThat(reasonFor(jpeg)).isEqualTo(DecodeFailureReason.IMAGE_TOO_LARGE);
  }

  @Test
  void gifBombIsRefusedFromItsHeader() {
    byte[] gif = encode(RgbImage.filled(8, 8, 0).toBufferedImage(), "gif");
    ByteBuffer screen = ByteBuffer.wrap(gif, 6, 4).order(ByteOrder.LITTLE_ENDIAN);
    screen.putShort((short) 65_000).putShort((short) 65_000);
    int descriptor = firstGifImageDescriptor(gif);
    ByteBuffer frame = ByteBuffer.wrap(gif, descriptor + 5, 4).order(ByteOrder.LITTLE_ENDIAN);
    frame.putShort((short) 65_000).putShort((short) 65_000);

    assertThat(reasonFor(gif)).isEqualTo(DecodeFailureReason.IMAGE_TOO_LARGE);
  }

  @Test
  void bmpBombIsRefusedFromItsHeader() {
    // The JDK reader compares the pixel data size with the declared file size: declare 4 GB too.
    byte[] bmp = encode(RgbImage.filled(8, 8, 0).toBufferedImage(), "bmp");
    ByteBuffer.wrap(bmp, 2, 4).order(ByteOrder.LITTLE_ENDIAN).putInt(0xFFFF_FFF0);
    ByteBuffer.wrap(bmp, 18, 8).order(ByteOrder.LITTLE_ENDIAN).putInt(10_000).putInt(10_000);

    assertThat(reasonFor(bmp)).isEqualTo(DecodeFailureReason.IMAGE_TOO_LARGE);
  }

  @Test
  void webpBombIsRefusedFromItsHeader() {
    byte[] webp = resource("/image/orientation6.webp");
    // VP8X canvas: 24-bit width-1 and height-1 at offsets 24 and 27; and the VP8 frame header.
    putUInt24LittleEndian(webp, 24, 15_999);
    putUInt24LittleEndian(webp, 27, 15_999);
    int vp8 = indexOf(webp, "VP8 ");
    ByteBuffer.wrap(webp, vp8 + 8 + 6, 4)
        .order(ByteOrder.LITTLE_ENDIAN)
        .putShort((short) 16_000)
        .putShort((short) 16_000);

    assertThat(reasonFor(webp)).isEqualTo(DecodeFailureReason.IMAGE_TOO_LARGE);
  }

  @Test
  void reasonsAreSymbolsOfTheDeadLetterSchema() throws Exception {
    String root = System.getProperty("hashstream.repo.root", "..");
    String schema =
        Files.readString(Path.of(root, "schemas/src/main/avro/common/DeadLetterReason.avsc"));
    Matcher symbols = Pattern.compile("\"symbols\"\\s*:\\s*\\[([^]]*)]").matcher(schema);
    assertThat(symbols.find()).isTrue();

    for (DecodeFailureReason reason : DecodeFailureReason.values()) {
      assertThat(symbols.group(1)).contains("\"" + reason.name() + "\"");
    }
  }

  private DecodeFailureReason reasonFor(byte[] bytes) {
    ImageDecodeException e =
        catchThrowableOfType(ImageDecodeException.class, () -> decoder.decode(bytes));
    assertThat(e).as("expected a rejection").isNotNull();
    return e.reason();
  }

  private static int indexOf(byte[] haystack, String ascii) {
    byte[] needle = ascii.getBytes(StandardCharsets.US_ASCII);
    outer:
    for (int i = 0; i + needle.length <= haystack.length; i++) {
      for (int j = 0; j < needle.length; j++) {
        if (haystack[i + j] != needle[j]) {
          continue outer;
        }
      }
      return i;
    }
    throw new IllegalArgumentException(ascii + " not found");
  }

  /** Walks the GIF header, colour table and extension blocks to the first image descriptor. */
  private static int firstGifImageDescriptor(byte[] gif) {
    int p = 13;
    int packed = gif[10] & 0xFF;
    if ((packed & 0x80) != 0) {
      p += 3 << ((packed & 7) + 1);
    }
    while (gif[p] == 0x21) { // extension: label, then sub-blocks until a zero size
      p += 2;
      while (gif[p] != 0) {
        p += 1 + (gif[p] & 0xFF);
      }
      p++;
    }
    assertThat(gif[p]).isEqualTo((byte) 0x2C);
    return p;
  }

  private static int indexOfMarker(byte[] jpeg, int marker) {
    for (int i = 2; i + 1 < jpeg.length; i++) {
      if ((jpeg[i] & 0xFF) == 0xFF && (jpeg[i + 1] & 0xFF) == marker) {
        return i;
      }
    }
    throw new IllegalArgumentException("marker not found");
  }

  private static void fixPngChunkCrc(byte[] png, int chunkStart) {
    int length = ByteBuffer.wrap(png, chunkStart - 4, 4).getInt();
    CRC32 crc = new CRC32();
    crc.update(png, chunkStart, 4 + length);
    ByteBuffer.wrap(png, chunkStart + 4 + length, 4).putInt((int) crc.getValue());
  }

  private static void putUInt24LittleEndian(byte[] bytes, int at, int value) {
    bytes[at] = (byte) value;
    bytes[at + 1] = (byte) (value >> 8);
    bytes[at + 2] = (byte) (value >> 16);
  }
}
