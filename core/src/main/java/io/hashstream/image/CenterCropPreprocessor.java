package io.hashstream.image;

import io.hashstream.encoder.BundledEncoder;
import io.hashstream.encoder.EncoderInputShape;

/**
 * Evaluation-time preprocessing: resize so the image just covers the encoder's input (for a square
 * input such as 224×224: the shorter side becomes 224, as torchvision's {@code Resize(224)}), crop
 * the centre, and write floats in the encoder's layout and normalisation.
 *
 * <p>Exactness with torchvision/PIL: the resized size is {@code short → size}, {@code long →
 * floor(size · long / short)}; the crop offset is {@code round((resized − size) / 2)} with Python's
 * round-half-to-even; resizing is {@link BilinearResampler} (PIL's antialiased bilinear). Only the
 * cropped window is computed, so a very elongated image costs no more than its crop.
 *
 * <p>Cost: about 3–5 ms for a 1000×700 image to 224×224 on one core (see {@link
 * BilinearResampler}); allocates the cropped image and, for {@link #preprocess(RgbImage)}, the
 * output array. Immutable; one instance serves every thread.
 */
public final class CenterCropPreprocessor {
  private final ImageTensorWriter writer;

  /**
   * Creates a preprocessor.
   *
   * @param shape the encoder's input shape (1 or 3 channels, either layout)
   * @param normalization how 8-bit values become floats
   */
  public CenterCropPreprocessor(EncoderInputShape shape, ChannelNormalization normalization) {
    this.writer = new ImageTensorWriter(shape, normalization);
  }

  /**
   * The preprocessing of the bundled encoder: 224×224 RGB NCHW, values {@code v / 255}.
   *
   * @return the preprocessor
   */
  public static CenterCropPreprocessor forBundledEncoder() {
    return new CenterCropPreprocessor(BundledEncoder.INPUT_SHAPE, ChannelNormalization.NONE);
  }

  /**
   * The shape written.
   *
   * @return the encoder input shape
   */
  public EncoderInputShape shape() {
    return writer.shape();
  }

  /**
   * Resizes and crops without converting to floats, e.g. for thumbnails or to check the pixels.
   *
   * @param image the decoded image
   * @return an image of exactly the input width × height
   */
  public RgbImage resizeAndCrop(RgbImage image) {
    int outW = writer.shape().width();
    int outH = writer.shape().height();
    int w = image.width();
    int h = image.height();
    // The axis that must grow the most (or shrink the least) is scaled to the target exactly.
    boolean widthBinds = (long) outW * h >= (long) outH * w;
    int resizedW = widthBinds ? outW : Math.max(outW, (int) ((long) outH * w / h));
    int resizedH = widthBinds ? Math.max(outH, (int) ((long) outW * h / w)) : outH;
    int cropLeft = (int) Math.rint((resizedW - outW) / 2.0);
    int cropTop = (int) Math.rint((resizedH - outH) / 2.0);
    double scaleX = (double) w / resizedW;
    double scaleY = (double) h / resizedH;
    return BilinearResampler.resizeRegion(
        image,
        cropLeft * scaleX,
        cropTop * scaleY,
        Math.min(w, (cropLeft + outW) * scaleX),
        Math.min(h, (cropTop + outH) * scaleY),
        outW,
        outH);
  }

  /**
   * Preprocesses one image into a new array.
   *
   * @param image the decoded image
   * @return {@code shape().valuesPerImage()} floats
   */
  public float[] preprocess(RgbImage image) {
    return writer.write(resizeAndCrop(image));
  }

  /**
   * Preprocesses one image straight into a batch, so a micro-batcher packs without copying.
   *
   * @param image the decoded image
   * @param batch the batch, at least {@code (index + 1) · shape().valuesPerImage()} floats
   * @param index position of the image in the batch
   */
  public void preprocessInto(RgbImage image, float[] batch, int index) {
    writer.write(resizeAndCrop(image), batch, index);
  }
}
