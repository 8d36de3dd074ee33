package io.hashstream.trainer.data;

import java.util.Random;

/**
 * Seeded synthetic embeddings with the structure the trainer is meant to learn: images fall into
 * {@code clusters} groups around random centres, and the two views of an image are the image's
 * vector plus independent noise (an "augmentation"). Values are shifted and clipped at zero like
 * the bundled encoder's pooled ReLU6 features. For tests and the training benchmark only.
 *
 * <p>Each image: {@code x = centre[c] + imageNoise·n₁}; each view: {@code relu(x + viewNoise·n₂ +
 * 1)}. Deterministic for a given generator seed and sample seed. Not thread-safe.
 */
public final class ClusteredViewPairs {
  /**
   * One sample.
   *
   * @param view1 first view, {@code [rows][d]}
   * @param view2 second view
   * @param classIds the cluster of each image
   */
  public record Sample(float[][] view1, float[][] view2, int[] classIds) {
    /**
     * The class ids as one-hot rows.
     *
     * @param classes number of classes
     * @return {@code [rows][classes]}
     */
    public float[][] oneHot(int classes) {
      float[][] out = new float[classIds.length][classes];
      for (int i = 0; i < classIds.length; i++) {
        out[i][classIds[i]] = 1f;
      }
      return out;
    }
  }

  private final int dimension;
  private final float[][] centres;
  private final double imageNoise;
  private final double viewNoise;

  /**
   * Creates a generator.
   *
   * @param dimension d
   * @param clusters number of groups
   * @param imageNoise spread of images around their centre
   * @param viewNoise spread of views around their image
   * @param seed seed of the centres
   */
  public ClusteredViewPairs(
      int dimension, int clusters, double imageNoise, double viewNoise, long seed) {
    this.dimension = dimension;
    this.imageNoise = imageNoise;
    this.viewNoise = viewNoise;
    Random random = new Random(seed);
    this.centres = new float[clusters][dimension];
    for (float[] centre : centres) {
      for (int j = 0; j < dimension; j++) {
        centre[j] = (float) random.nextGaussian();
      }
    }
  }

  /**
   * Draws images and their two views.
   *
   * @param rows number of images
   * @param seed seed of this sample
   * @return the sample
   */
  public Sample sample(int rows, long seed) {
    Random random = new Random(seed);
    float[][] view1 = new float[rows][dimension];
    float[][] view2 = new float[rows][dimension];
    int[] classIds = new int[rows];
    float[] image = new float[dimension];
    for (int i = 0; i < rows; i++) {
      int c = random.nextInt(centres.length);
      classIds[i] = c;
      for (int j = 0; j < dimension; j++) {
        image[j] = centres[c][j] + (float) (imageNoise * random.nextGaussian());
      }
      for (int j = 0; j < dimension; j++) {
        view1[i][j] = Math.max(0f, image[j] + (float) (viewNoise * random.nextGaussian()) + 1f);
        view2[i][j] = Math.max(0f, image[j] + (float) (viewNoise * random.nextGaussian()) + 1f);
      }
    }
    return new Sample(view1, view2, classIds);
  }
}
