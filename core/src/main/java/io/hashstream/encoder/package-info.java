/**
 * Image encoders: a frozen model that turns a batch of preprocessed images into float embeddings,
 * plus the post-processing applied before hashing.
 *
 * <pre>{@code
 * try (ImageEncoder encoder = BundledEncoder.open()) {          // sha256-checked ONNX, 1792-d
 *   float[][] raw = encoder.encode(batch, n);                   // NCHW [n,3,224,224], RGB/255
 *   EmbeddingPostprocessor post = EmbeddingPostprocessor.fit(encoder.encoderId(), raw);
 *   float[][] vectors = post.apply(raw);                        // sqrt, centre, L2
 * }
 * }</pre>
 *
 * <p>{@link io.hashstream.encoder.OnnxImageEncoder} runs any ONNX model through DJL's OnnxRuntime
 * engine and {@link io.hashstream.encoder.TorchScriptImageEncoder} any TorchScript module through
 * DJL's PyTorch engine; both compile against {@code ai.djl:api} only and find the engine at run
 * time. Encoders are shared by concurrent callers (see {@link io.hashstream.encoder.ImageEncoder});
 * post-processors are immutable.
 */
package io.hashstream.encoder;
