package io.hashstream.image;

import java.util.Arrays;
import java.util.EnumMap;
import java.util.Map;

/**
 * Deterministic near-duplicate edits for copy-detection evaluation and tests: what a re-uploader
 * does to evade a match. Each constant is one named edit with fixed parameters (stated on the
 * constant, relative to the image size where a size matters), so reports can give recall per
 * transform and per {@link Family}, and the same input always gives the same output.
 *
 * <p>Cost: from under a millisecond (flip, crops) to a few hundred (blur on a large image, the
 * re-encodes). Immutable; safe from any thread.
 */
public enum CopyTransform {
  /** Re-encoded as JPEG at quality 20 (libjpeg scale), then decoded. */
  JPEG_QUALITY_20(Family.REENCODE),
  /** Each side scaled to 25% (antialiased bilinear), at least 1 pixel. */
  DOWNSCALE_TO_25_PERCENT(Family.SCALE),
  /** The central 70% of each side. */
  CENTER_CROP(Family.CROP),
  /** The top-left 70% of each side. */
  CROP_TOP_LEFT(Family.CROP),
  /** The top-right 70% of each side. */
  CROP_TOP_RIGHT(Family.CROP),
  /** The bottom-left 70% of each side. */
  CROP_BOTTOM_LEFT(Family.CROP),
  /** The bottom-right 70% of each side. */
  CROP_BOTTOM_RIGHT(Family.CROP),
  /** Mirrored left to right. */
  HORIZONTAL_FLIP(Family.FLIP),
  /** Rotated 90° clockwise; width and height swap. */
  ROTATE_90(Family.ROTATION),
  /** Rotated 10° clockwise on the same canvas, uncovered corners black. */
  ROTATE_10(Family.ROTATION),
  /** Brightness × 1.4 (PIL {@code ImageEnhance.Brightness}). */
  BRIGHTNESS(Family.COLOR),
  /** Contrast × 0.6 (PIL {@code ImageEnhance.Contrast}). */
  CONTRAST(Family.COLOR),
  /** Converted to grey (PIL {@code "L"}), kept as RGB. */
  GRAYSCALE(Family.COLOR),
  /** A caption across the bottom ({@link CaptionOverlay}): {@value #CAPTION_TEXT}. */
  CAPTION(Family.OVERLAY),
  /** A black border of 10% of the shorter side on every side; the image grows. */
  BORDER(Family.OVERLAY),
  /** An opaque red rectangle of 30% × 30% of the sides, its corner at (55%, 10%). */
  OPAQUE_PATCH(Family.OVERLAY),
  /** Width stretched by 1.5, height kept. */
  ASPECT_STRETCH(Family.GEOMETRY),
  /** Gaussian blur with σ = 1% of the shorter side, at least 1 pixel. */
  BLUR(Family.FILTER),
  /**
   * Central 80% crop, flip, brightness × 1.2, caption, then JPEG at quality 50: several edits at
   * once.
   */
  COMBINATION(Family.COMBINATION),
  /** The central window of 40% of the area (each side × √0.4 ≈ 63%). */
  CROP_40_PERCENT_CENTER(Family.CROP),
  /** The top-left window of 40% of the area. */
  CROP_40_PERCENT_TOP_LEFT(Family.CROP),
  /** The bottom-right window of 40% of the area. */
  CROP_40_PERCENT_BOTTOM_RIGHT(Family.CROP),
  /** Mirrored top to bottom. */
  VERTICAL_FLIP(Family.FLIP),
  /** Rotated 180°. */
  ROTATE_180(Family.ROTATION),
  /** Rotated 90° counter-clockwise; width and height swap. */
  ROTATE_270(Family.ROTATION),
  /** Rotated 15° counter-clockwise on the same canvas, uncovered corners white. */
  ROTATE_MINUS_15_WHITE(Family.ROTATION),
  /**
   * Letterboxed: centred on a black canvas of the other orientation's 16:9 frame (a landscape
   * photo gets bars above and below in a 9:16 frame, a portrait one bars at the sides), the
   * image not scaled.
   */
  LETTERBOX(Family.OVERLAY),
  /**
   * Off-centre crop (the top-right window of 50% of the area), rotated 7° clockwise with black
   * corners, contrast × 1.3, then JPEG at quality 40.
   */
  CROP_ROTATE_JPEG(Family.COMBINATION),
  /**
   * Rotated 90° clockwise, the central 60% of the area kept, converted to grey, then JPEG at
   * quality 60.
   */
  TURN_CROP_GRAY(Family.COMBINATION),
  /**
   * Mirrored left to right, a white border of 8% of the shorter side, brightness × 0.8, a
   * caption, then JPEG at quality 50.
   */
  FLIP_BORDER_CAPTION(Family.COMBINATION);

  /** The text {@link #CAPTION} and {@link #COMBINATION} draw. */
  public static final String CAPTION_TEXT = "NOT A COPY, PROMISE";

  private static final double CROP_FRACTION = 0.7;
  private static final double CROP_40_SIDE = Math.sqrt(0.4);
  private static final int PATCH_RGB = 0xD02020;

  /** Groups of transforms that a report summarises together. */
  public enum Family {
    /** Lossy re-encoding. */
    REENCODE,
    /** Resolution change. */
    SCALE,
    /** Centre and corner crops. */
    CROP,
    /** Mirroring. */
    FLIP,
    /** Rotations. */
    ROTATION,
    /** Brightness, contrast, grey. */
    COLOR,
    /** Captions, borders, patches. */
    OVERLAY,
    /** Aspect-ratio changes. */
    GEOMETRY,
    /** Blur. */
    FILTER,
    /** Several edits at once. */
    COMBINATION
  }

  private final Family family;

  CopyTransform(Family family) {
    this.family = family;
  }

  /**
   * The family this transform is reported under.
   *
   * @return the family
   */
  public Family family() {
    return family;
  }

  /**
   * Applies the edit.
   *
   * @param image the original
   * @return the near-duplicate, a new image
   */
  public RgbImage apply(RgbImage image) {
    int w = image.width();
    int h = image.height();
    return switch (this) {
      case JPEG_QUALITY_20 -> reencodeJpeg(image, 0.2f);
      case DOWNSCALE_TO_25_PERCENT ->
          BilinearResampler.resize(image, scaled(w, 0.25), scaled(h, 0.25));
      case CENTER_CROP -> centerCrop(image, CROP_FRACTION);
      case CROP_TOP_LEFT -> cornerCrop(image, false, false);
      case CROP_TOP_RIGHT -> cornerCrop(image, true, false);
      case CROP_BOTTOM_LEFT -> cornerCrop(image, false, true);
      case CROP_BOTTOM_RIGHT -> cornerCrop(image, true, true);
      case HORIZONTAL_FLIP -> image.flippedHorizontally();
      case ROTATE_90 -> ExifOrientation.ROTATE_90_CW.apply(image);
      case ROTATE_10 -> Rotation.clockwise(image, 10, 0x000000);
      case BRIGHTNESS -> ColorAdjustments.brightness(image, 1.4);
      case CONTRAST -> ColorAdjustments.contrast(image, 0.6);
      case GRAYSCALE -> ColorAdjustments.grayscale(image);
      case CAPTION -> CaptionOverlay.draw(image, CAPTION_TEXT);
      case BORDER -> border(image, Math.max(1, (int) Math.round(0.1 * Math.min(w, h))), 0x000000);
      case OPAQUE_PATCH -> patch(image);
      case ASPECT_STRETCH -> BilinearResampler.resize(image, scaled(w, 1.5), h);
      case BLUR -> GaussianBlur.apply(image, Math.max(1.0, 0.01 * Math.min(w, h)));
      case COMBINATION ->
          reencodeJpeg(
              CaptionOverlay.draw(
                  ColorAdjustments.brightness(centerCrop(image, 0.8).flippedHorizontally(), 1.2),
                  CAPTION_TEXT),
              0.5f);
      case CROP_40_PERCENT_CENTER -> centerCrop(image, CROP_40_SIDE);
      case CROP_40_PERCENT_TOP_LEFT -> cropAt(image, CROP_40_SIDE, 0, 0);
      case CROP_40_PERCENT_BOTTOM_RIGHT -> cropAt(image, CROP_40_SIDE, 1, 1);
      case VERTICAL_FLIP -> ExifOrientation.MIRROR_VERTICAL.apply(image);
      case ROTATE_180 -> ExifOrientation.ROTATE_180.apply(image);
      case ROTATE_270 -> ExifOrientation.ROTATE_270_CW.apply(image);
      case ROTATE_MINUS_15_WHITE -> Rotation.clockwise(image, -15, 0xFFFFFF);
      case LETTERBOX -> letterbox(image);
      case CROP_ROTATE_JPEG ->
          reencodeJpeg(
              ColorAdjustments.contrast(
                  Rotation.clockwise(cropAt(image, Math.sqrt(0.5), 1, 0), 7, 0x000000), 1.3),
              0.4f);
      case TURN_CROP_GRAY ->
          reencodeJpeg(
              ColorAdjustments.grayscale(
                  centerCrop(ExifOrientation.ROTATE_90_CW.apply(image), Math.sqrt(0.6))),
              0.6f);
      case FLIP_BORDER_CAPTION ->
          reencodeJpeg(
              CaptionOverlay.draw(
                  ColorAdjustments.brightness(
                      border(
                          image.flippedHorizontally(),
                          Math.max(1, (int) Math.round(0.08 * Math.min(w, h))),
                          0xFFFFFF),
                      0.8),
                  CAPTION_TEXT),
              0.5f);
    };
  }

  /**
   * Applies every transform to one image.
   *
   * @param image the original
   * @return one near-duplicate per transform, in declaration order
   */
  public static Map<CopyTransform, RgbImage> applyAll(RgbImage image) {
    Map<CopyTransform, RgbImage> out = new EnumMap<>(CopyTransform.class);
    for (CopyTransform t : values()) {
      out.put(t, t.apply(image));
    }
    return out;
  }

  private static int scaled(int size, double factor) {
    return Math.max(1, (int) Math.round(size * factor));
  }

  private static RgbImage reencodeJpeg(RgbImage image, float quality) {
    try {
      return ImageDecoder.withDefaults().decode(ImageFileWriter.jpeg(image, quality));
    } catch (ImageDecodeException e) {
      throw new IllegalStateException("a JPEG written in memory did not decode", e);
    }
  }

  private static RgbImage centerCrop(RgbImage image, double fraction) {
    int cw = scaled(image.width(), fraction);
    int ch = scaled(image.height(), fraction);
    return image.crop((image.width() - cw) / 2, (image.height() - ch) / 2, cw, ch);
  }

  /** A window of {@code sideFraction} of each side, at relative position (fx, fy) in [0, 1]². */
  private static RgbImage cropAt(RgbImage image, double sideFraction, double fx, double fy) {
    int cw = scaled(image.width(), sideFraction);
    int ch = scaled(image.height(), sideFraction);
    return image.crop(
        (int) Math.round(fx * (image.width() - cw)), (int) Math.round(fy * (image.height() - ch)), cw, ch);
  }

  private static RgbImage letterbox(RgbImage image) {
    int w = image.width();
    int h = image.height();
    boolean landscape = w >= h;
    // the frame has the other orientation's 16:9 shape and contains the image unscaled
    int outW = landscape ? w : Math.max(w, (int) Math.ceil(h * 16 / 9.0));
    int outH = landscape ? Math.max(h, (int) Math.ceil(w * 16 / 9.0)) : h;
    return paste(RgbImage.filled(outW, outH, 0x000000), image, (outW - w) / 2, (outH - h) / 2);
  }

  private static RgbImage cornerCrop(RgbImage image, boolean right, boolean bottom) {
    int cw = scaled(image.width(), CROP_FRACTION);
    int ch = scaled(image.height(), CROP_FRACTION);
    return image.crop(right ? image.width() - cw : 0, bottom ? image.height() - ch : 0, cw, ch);
  }

  private static RgbImage border(RgbImage image, int thickness, int rgb) {
    return paste(
        RgbImage.filled(image.width() + 2 * thickness, image.height() + 2 * thickness, rgb),
        image,
        thickness,
        thickness);
  }

  /**
   * {@code image} drawn at (left, top) into {@code canvas}'s own pixels (so pass a fresh canvas);
   * the image must fit inside.
   */
  private static RgbImage paste(RgbImage canvas, RgbImage image, int left, int top) {
    int w = image.width();
    int[] out = canvas.data();
    int[] src = image.data();
    for (int y = 0; y < image.height(); y++) {
      System.arraycopy(src, y * w, out, (y + top) * canvas.width() + left, w);
    }
    return new RgbImage(canvas.width(), canvas.height(), out);
  }

  private static RgbImage patch(RgbImage image) {
    int w = image.width();
    int h = image.height();
    int[] out = image.pixels();
    int left = (int) (0.55 * w);
    int top = (int) (0.1 * h);
    int right = Math.min(w, left + scaled(w, 0.3));
    int bottom = Math.min(h, top + scaled(h, 0.3));
    for (int y = top; y < bottom; y++) {
      Arrays.fill(out, y * w + left, y * w + right, PATCH_RGB);
    }
    return new RgbImage(w, h, out);
  }
}
