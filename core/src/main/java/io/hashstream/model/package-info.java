/**
 * The CroVCA HashCoder: its architecture ({@link io.hashstream.model.HashCoderBlock}), its weights
 * ({@link io.hashstream.model.HashCoderWeights}), the versioned, sha256-checked artifact file that
 * ships it ({@link io.hashstream.model.ModelArtifact}, identified by a {@link
 * io.hashstream.model.ModelVersion}) and the inference session that turns post-processed
 * embeddings into packed codes ({@link io.hashstream.model.HashCoderSession}).
 *
 * <pre>{@code
 * ModelArtifact artifact = ModelArtifact.read(path);          // magic, version and sha256 checked
 * float[] row = artifact.postprocessor().apply(rawEmbedding); // sqrt, centre, L2
 * try (HashCoderSession session = HashCoderSession.open(artifact)) {
 *   long[] code = session.codes(row, 1);                      // bit i = logit_i > 0
 * }
 * }</pre>
 *
 * <p>Compiles against {@code ai.djl:api} only; the PyTorch engine is found by name at run time.
 * Artifacts and weights are immutable; a session may be shared by threads (see its javadoc); a
 * block is initialised and trained by one thread.
 */
package io.hashstream.model;
