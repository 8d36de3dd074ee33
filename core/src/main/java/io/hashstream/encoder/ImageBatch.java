package io.hashstream.encoder;

/** A packed batch of preprocessed images on its way into a predictor; not retained after it. */
record ImageBatch(float[] values, int size) {}
