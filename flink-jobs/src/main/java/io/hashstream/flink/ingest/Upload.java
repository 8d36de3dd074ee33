package io.hashstream.flink.ingest;

import io.hashstream.schemas.ImageEvent;
import java.net.URI;

/**
 * An upload event that passed {@link UploadCheck}, by what it carries. The streaming job routes
 * each kind its own way: embeddings skip the encoder, bytes are decoded, URIs are read first.
 */
public sealed interface Upload {
  ImageEvent event();

  /** A precomputed embedding of the running encoder, of the right size, all values finite. */
  record WithEmbedding(ImageEvent event, float[] vector) implements Upload {}

  /** Encoded image bytes, non-empty and within the size limit (not yet decoded). */
  record WithBytes(ImageEvent event, byte[] bytes) implements Upload {}

  /** A reference to the image, with a scheme. */
  record WithUri(ImageEvent event, URI uri) implements Upload {}
}
