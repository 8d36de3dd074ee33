/**
 * Image bytes to codes (or to raw embeddings) in one place: decode, preprocess, encode in batches,
 * post-process with the model's stored mean, run the HashCoder, pack the bits.
 *
 * <pre>{@code
 * try (ImageHasher hasher = ImageHasher.openDefault()) {        // bundled encoder + default model
 *   List<ImageResult<long[]>> codes = hasher.hash(List.of(EncodedImage.of("a.jpg", bytes)));
 *   // each result is Ok (a packed code) or Failed (why, for that image only)
 * }
 * }</pre>
 *
 * <p>{@link io.hashstream.inference.EmbeddingExtractor} stops at raw embeddings, for training and
 * evaluation; {@link io.hashstream.inference.ImageHasher} goes on to codes. One bad image never
 * fails a batch: every image gets its own {@link io.hashstream.inference.ImageResult}.
 */
package io.hashstream.inference;
