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
 * A training view for copy detection: with probability {@code crovcaProbability} the paper's
 * {@link CrovcaAugmentation}; otherwise the photo itself (probability 0.2 of the rest) or one to
 * three randomly drawn copy-like edits: JPEG re-encode, down-scaling, a random crop, flip,
 * rotation (a multiple of 90° or a small angle), brightness/contrast/grey, a caption, a border, a
 * coloured patch, an aspect stretch, blur. Every parameter is drawn from a range, so the training
 * views are not the evaluation's fixed {@code CopyTransform}s. Output sizes vary: the encoder's
 * preprocessor resizes and centre-crops, as it does for queries.
 */
public final class CopyLikeAugmentation implements ViewAugmentation {
  private static final String[] WORDS = {
    "SALE", "LOL", "repost", "look at this", "#1 DEAL", "wow", "credit: me", "2024", "FAKE NEWS",
    "subscribe", "OMG", "best ever"
  };

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
    if (random.nextDouble() < 0.2) {
      return photo;
    }
    int edits = 1 + random.nextInt(3);
    RgbImage view = photo;
    for (int e = 0; e < edits; e++) {
      view = edit(view, random);
    }
    return view;
  }

  private RgbImage edit(RgbImage img, RandomGenerator r) {
    int w = img.width();
    int h = img.height();
    switch (r.nextInt(11)) {
      case 0: // JPEG
        try {
          return decoder.decode(ImageFileWriter.jpeg(img, (float) (0.1 + 0.6 * r.nextDouble())));
        } catch (ImageDecodeException ex) {
          return img;
        }
      case 1: { // downscale
        double s = 0.15 + 0.45 * r.nextDouble();
        return BilinearResampler.resize(img, Math.max(1, (int) (w * s)), Math.max(1, (int) (h * s)));
      }
      case 2: { // crop
        double fw = 0.55 + 0.45 * r.nextDouble();
        double fh = 0.55 + 0.45 * r.nextDouble();
        int cw = Math.max(1, (int) (w * fw));
        int ch = Math.max(1, (int) (h * fh));
        return img.crop(r.nextInt(w - cw + 1), r.nextInt(h - ch + 1), cw, ch);
      }
      case 3:
        return img.flippedHorizontally();
      case 4: { // rotation
        if (r.nextDouble() < 0.4) {
          ExifOrientation[] quarter = {
            ExifOrientation.ROTATE_90_CW, ExifOrientation.ROTATE_180, ExifOrientation.ROTATE_270_CW
          };
          return quarter[r.nextInt(3)].apply(img);
        }
        return Rotation.clockwise(img, r.nextDouble() * 30 - 15, 0x000000);
      }
      case 5: { // colour
        int k = r.nextInt(3);
        if (k == 0) {
          return ColorAdjustments.brightness(img, 0.6 + 0.9 * r.nextDouble());
        } else if (k == 1) {
          return ColorAdjustments.contrast(img, 0.4 + 1.1 * r.nextDouble());
        }
        return ColorAdjustments.grayscale(img);
      }
      case 6: // caption
        return CaptionOverlay.draw(img, WORDS[r.nextInt(WORDS.length)] + " " + WORDS[r.nextInt(WORDS.length)]);
      case 7: { // border
        int t = Math.max(1, (int) (Math.min(w, h) * (0.03 + 0.15 * r.nextDouble())));
        int rgb = r.nextBoolean() ? 0x000000 : r.nextInt(0x1000000);
        RgbImage out = RgbImage.filled(w + 2 * t, h + 2 * t, rgb);
        return paste(out, img, t, t);
      }
      case 8: { // patch
        int pw = Math.max(1, (int) (w * (0.1 + 0.25 * r.nextDouble())));
        int ph = Math.max(1, (int) (h * (0.1 + 0.25 * r.nextDouble())));
        return paste(img, RgbImage.filled(pw, ph, r.nextInt(0x1000000)), r.nextInt(w - pw + 1), r.nextInt(h - ph + 1));
      }
      case 9: { // stretch
        double a = 0.67 + 0.83 * r.nextDouble();
        return r.nextBoolean()
            ? BilinearResampler.resize(img, Math.max(1, (int) (w * a)), h)
            : BilinearResampler.resize(img, w, Math.max(1, (int) (h * a)));
      }
      default: // blur
        return GaussianBlur.apply(img, Math.max(1.0, Math.min(w, h) * (0.004 + 0.016 * r.nextDouble())));
    }
  }

  private static RgbImage paste(RgbImage base, RgbImage top, int x0, int y0) {
    int[] px = base.pixels().clone();
    int[] tp = top.pixels();
    for (int y = 0; y < top.height() && y0 + y < base.height(); y++) {
      for (int x = 0; x < top.width() && x0 + x < base.width(); x++) {
        px[(y0 + y) * base.width() + x0 + x] = tp[y * top.width() + x];
      }
    }
    return RgbImage.of(base.width(), base.height(), px);
  }
}
