/**
 * Images on their way into an encoder: decoding untrusted bytes, evaluation preprocessing, CroVCA's
 * training augmentations, and deterministic near-duplicate edits for copy-detection tests.
 *
 * <pre>{@code
 * ImageDecoder decoder = ImageDecoder.withDefaults();                  // JPEG PNG GIF BMP WebP
 * RgbImage image = decoder.decode(bytes);            // throws ImageDecodeException(reason)
 * float[] input = CenterCropPreprocessor.forBundledEncoder().preprocess(image); // NCHW, v/255
 * RgbImage view = new CrovcaAugmentation(AugmentationConfig.crovca(224))
 *     .apply(image, new SplittableRandom(seed));                       // same seed, same view
 * RgbImage copy = CopyTransform.CAPTION.apply(image);                  // a named near-duplicate
 * RgbImage content = BorderTrimmer.withDefaults().trim(image);         // letterbox, padding gone
 * }</pre>
 *
 * <p>{@link io.hashstream.image.RgbImage} (opaque 8-bit RGB in one {@code int[]}) is the currency
 * of the package: every class takes and returns it, and all are immutable or stateless, so they are
 * shared freely between threads. A rejected image carries a {@link
 * io.hashstream.image.DecodeFailureReason} named like the dead-letter reason it becomes. Resizing
 * everywhere is PIL's antialiased bilinear ({@link io.hashstream.image.BilinearResampler}), so
 * Java-side inputs match what Python-side models were trained on. Randomness only comes from a
 * {@link java.util.random.RandomGenerator} passed in.
 */
package io.hashstream.image;
