package io.hashstream.model;

/**
 * A batch of post-processed embeddings, row-major: row {@code i} is {@code values[i*d .. (i+1)*d)}.
 * The array is not copied; the caller must not change it during the predict call.
 *
 * @param values {@code rows * dimension} floats
 * @param rows number of rows
 * @param dimension floats per row
 */
record EmbeddingBatch(float[] values, int rows, int dimension) {
  EmbeddingBatch {
    if (rows < 1) {
      throw new IllegalArgumentException("a batch needs at least one row: " + rows);
    }
    if ((long) rows * dimension != values.length) {
      throw new IllegalArgumentException(
          "batch has "
              + values.length
              + " values, expected "
              + rows
              + " rows x "
              + dimension
              + " = "
              + (long) rows * dimension);
    }
  }
}
