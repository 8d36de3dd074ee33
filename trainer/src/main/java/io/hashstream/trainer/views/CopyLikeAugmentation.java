package io.hashstream.trainer.views;

import io.hashstream.image.AugmentationConfig;
import io.hashstream.image.BilinearResampler;
import io.hashstream.image.CaptionOverlay;
import io.hashstream.image.ColorAdjustments;
import io.hashstream.image.CrovcaAugmentation;
import io.hashstream.image.ExifOrientation;
import io.hashstream.image.GaussianBlur;
import io.hashstream.image.ImageDecodeException;
import io.hashstream.image.ImageDecoder;
import io.hashstream.image.ImageFileWriter;
import io.hashstream.image.RgbImage;
import io.hashstream.image.Rotation;
import java.util.random.RandomGenerator;

/**
 * A training view for copy detection. With probability {@code crovcaProbability} it is the paper's
 * {@link CrovcaAugmentation}; otherwise the photo itself (probability {@value #UNEDITED} of the
 * rest) or a chain of copy-like edits in the order a re-uploader applies them:
 *
 * <ol>
 *   <li><b>Geometry</b>, where a perceptual hash such as PDQ is blind, so these are drawn most
 *       often, each independently: a crop keeping 40–100% of the area at any position and aspect
 *       (p {@value #P_CROP}); a rotation of up to ±15° with the uncovered corners filled black,
 *       white, grey or a random colour (p {@value #P_ROTATE}); one of the seven flips and quarter
 *       turns, the left–right mirror half the time (p {@value #P_DIHEDRAL}); a border of 2–15% of
 *       the shorter side or a letterbox to another aspect, in black, white or a random colour (p
 *       {@value #P_FRAME}); an aspect stretch (p {@value #P_STRETCH}).
 *   <li><b>Appearance</b>, each independently: brightness, contrast, saturation or grey (p
 *       {@value #P_COLOR}); a caption or an opaque patch (p {@value #P_OVERLAY}); down-scaling to
 *       15–60% (p {@value #P_DOWNSCALE}); blur (p {@value #P_BLUR}).
 *   <li><b>Re-encoding</b> as JPEG at quality 10–90 (p {@value #P_JPEG}), last, as an upload would
 *       be.
 * </ol>
 *
 * <p>Every parameter is drawn from a range, so the training views are not the evaluation's fixed
 * {@code CopyTransform}s. All randomness comes from the generator passed in, so one seed gives one
 * view. Output sizes vary: the encoder's preprocessor resizes and centre-crops, as it does for
 * queries. Immutable apart from the decoder it owns; safe to share between threads.
 */
public final class CopyLikeAugmentation implements ViewAugmentation {
  /** Probability, among the non-CroVCA views, of the unedited photo. */
  public static final double UNEDITED = 0.1;

  static final double P_CROP = 0.6;
  static final double P_ROTATE = 0.3;
  static final double P_DIHEDRAL = 0.35;
  static final double P_FRAME = 0.25;
  static final double P_STRETCH = 0.1;
  static final double P_COLOR = 0.4;
  static final double P_OVERLAY = 0.2;
  static final double P_DOWNSCALE = 0.2;
  static final double P_BLUR = 0.1;
  static final double P_JPEG = 0.4;

  /** Smallest kept area of a crop (the "crops down to about 40%"). */
  static final double MIN_CROP_AREA = 0.4;

  /** Largest rotation, degrees either way. */
  static final double MAX_ROTATION_DEGREES = 15;

  private static final String[] WORDS = {
    "SALE", "LOL", "repost", "look at this", "#1 DEAL", "wow", "credit: me", "2024", "FAKE NEWS",
    "subscribe", "OMG", "best ever"
  };

  private static final ExifOrientation[] DIHEDRAL = {
    ExifOrientation.MIRROR_VERTICAL,
    ExifOrientation.ROTATE_90_CW,
    ExifOrientation.ROTATE_180,
    ExifOrientation.ROTATE_270_CW,
    ExifOrientation.TRANSPOSE,
    ExifOrientation.TRANSVERSE
  };

  /** Letterbox frames (width / height) a re-upload is commonly fitted into. */
  private static final double[] FRAMES = {16 / 9.0, 9 / 16.0, 1.0, 4 / 3.0, 3 / 4.0};

  private final CrovcaAugmentation crovca;
  private final double crovcaProbability;
  private final ImageDecoder decoder = ImageDecoder.withDefaults();

  /**
   * Creates it.
   *
   * @param outputSize the CroVCA view size
   * @param crovcaProbability probability of a plain CroVCA view
   */
  public CopyLikeAugmentation(int outputSize, double crovcaProbability) {
    this.crovca = new CrovcaAugmentation(AugmentationConfig.crovca(outputSize));
    this.crovcaProbability = crovcaProbability;
  }

  /**
   * Draws one view.
   *
   * @param photo the photo
   * @param random the source of randomness
   * @return the view
   */
  @Override
  public RgbImage apply(RgbImage photo, RandomGenerator random) {
    if (random.nextDouble() < crovcaProbability) {
      return crovca.apply(photo, random);
    }
    if (random.nextDouble() < UNEDITED) {
      return photo;
    }
    RgbImage view = photo;
    if (random.nextDouble() < P_CROP) {
      view = crop(view, random);
    }
    if (random.nextDouble() < P_ROTATE) {
      view = Rotation.clockwise(view, (2 * random.nextDouble() - 1) * MAX_ROTATION_DEGREES, fill(random));
    }
    if (random.nextDouble() < P_DIHEDRAL) {
      view =
          random.nextBoolean()
              ? view.flippedHorizontally()
              : DIHEDRAL[random.nextInt(DIHEDRAL.length)].apply(view);
    }
    if (random.nextDouble() < P_FRAME) {
      view = random.nextBoolean() ? border(view, random) : letterbox(view, random);
    }
    if (random.nextDouble() < P_STRETCH) {
      view = stretch(view, random);
    }
    if (random.nextDouble() < P_COLOR) {
      view = color(view, random);
    }
    if (random.nextDouble() < P_OVERLAY) {
      view = random.nextBoolean() ? caption(view, random) : patch(view, random);
    }
    if (random.nextDouble() < P_DOWNSCALE) {
      double s = 0.15 + 0.45 * random.nextDouble();
      view = BilinearResampler.resize(view, atLeastOne(view.width() * s), atLeastOne(view.height() * s));
    }
    if (random.nextDouble() < P_BLUR) {
      double sigma = Math.min(view.width(), view.height()) * (0.004 + 0.016 * random.nextDouble());
      view = GaussianBlur.apply(view, Math.max(1.0, sigma));
    }
    if (random.nextDouble() < P_JPEG) {
      view = jpeg(view, (float) (0.1 + 0.8 * random.nextDouble()));
    }
    return view;
  }

  /** A window of 40–100% of the area, aspect jittered by up to 4:3 either way, anywhere. */
  private static RgbImage crop(RgbImage img, RandomGenerator r) {
    double area = MIN_CROP_AREA + (1 - MIN_CROP_AREA) * r.nextDouble();
    double aspect = Math.exp((2 * r.nextDouble() - 1) * Math.log(4 / 3.0));
    double fw = Math.min(1, Math.sqrt(area * aspect));
    double fh = Math.min(1, area / fw);
    int cw = atLeastOne(img.width() * fw);
    int ch = atLeastOne(img.height() * fh);
    return img.crop(r.nextInt(img.width() - cw + 1), r.nextInt(img.height() - ch + 1), cw, ch);
  }

  /** Black, white, mid-grey or a random colour, as editors fill rotated corners and bars. */
  private static int fill(RandomGenerator r) {
    return switch (r.nextInt(4)) {
      case 0 -> 0x000000;
      case 1 -> 0xFFFFFF;
      case 2 -> 0x808080;
      default -> r.nextInt(0x1000000);
    };
  }

  private static RgbImage border(RgbImage img, RandomGenerator r) {
    int t = atLeastOne(Math.min(img.width(), img.height()) * (0.02 + 0.13 * r.nextDouble()));
    RgbImage canvas = RgbImage.filled(img.width() + 2 * t, img.height() + 2 * t, fill(r));
    return paste(canvas, img, t, t);
  }

  /** The image, unscaled, centred in the smallest frame of a drawn aspect that contains it. */
  private static RgbImage letterbox(RgbImage img, RandomGenerator r) {
    double frame = FRAMES[r.nextInt(FRAMES.length)];
    int w = img.width();
    int h = img.height();
    int outW = Math.max(w, (int) Math.ceil(h * frame));
    int outH = Math.max(h, (int) Math.ceil(w / frame));
    if (outW > w && outH > h) { // both grew: keep the side that needs less padding
      if ((double) outW / w < (double) outH / h) {
        outH = h;
      } else {
        outW = w;
      }
    }
    return paste(RgbImage.filled(outW, outH, fill(r)), img, (outW - w) / 2, (outH - h) / 2);
  }

  private static RgbImage stretch(RgbImage img, RandomGenerator r) {
    double a = 0.67 + 0.83 * r.nextDouble();
    return r.nextBoolean()
        ? BilinearResampler.resize(img, atLeastOne(img.width() * a), img.height())
        : BilinearResampler.resize(img, img.width(), atLeastOne(img.height() * a));
  }

  private static RgbImage color(RgbImage img, RandomGenerator r) {
    return switch (r.nextInt(4)) {
      case 0 -> ColorAdjustments.brightness(img, 0.6 + 0.9 * r.nextDouble());
      case 1 -> ColorAdjustments.contrast(img, 0.4 + 1.1 * r.nextDouble());
      case 2 -> ColorAdjustments.saturation(img, 1.6 * r.nextDouble());
      default -> ColorAdjustments.grayscale(img);
    };
  }

  private static RgbImage caption(RgbImage img, RandomGenerator r) {
    return CaptionOverlay.draw(img, WORDS[r.nextInt(WORDS.length)] + " " + WORDS[r.nextInt(WORDS.length)]);
  }

  private static RgbImage patch(RgbImage img, RandomGenerator r) {
    int w = img.width();
    int h = img.height();
    int pw = atLeastOne(w * (0.1 + 0.25 * r.nextDouble()));
    int ph = atLeastOne(h * (0.1 + 0.25 * r.nextDouble()));
    RgbImage top = RgbImage.filled(pw, ph, r.nextInt(0x1000000));
    return paste(img, top, r.nextInt(w - pw + 1), r.nextInt(h - ph + 1));
  }

  private RgbImage jpeg(RgbImage img, float quality) {
    try {
      return decoder.decode(ImageFileWriter.jpeg(img, quality));
    } catch (ImageDecodeException ex) {
      return img; // a JPEG written in memory always decodes; keep the view if it ever does not
    }
  }

  private static int atLeastOne(double size) {
    return Math.max(1, (int) size);
  }

  /** A copy of {@code base} with {@code top} drawn at (x0, y0), clipped to {@code base}. */
  private static RgbImage paste(RgbImage base, RgbImage top, int x0, int y0) {
    int[] px = base.pixels();
    int[] tp = top.pixels();
    for (int y = 0; y < top.height() && y0 + y < base.height(); y++) {
      for (int x = 0; x < top.width() && x0 + x < base.width(); x++) {
        px[(y0 + y) * base.width() + x0 + x] = tp[y * top.width() + x];
      }
    }
    return RgbImage.of(base.width(), base.height(), px);
  }
}
