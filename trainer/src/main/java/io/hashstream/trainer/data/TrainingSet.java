package io.hashstream.trainer.data;

import io.hashstream.encoder.EmbeddingPostprocessor;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The embeddings a HashCoder is trained on: for every image, one embedding per view (two augmented
 * views for unsupervised training; one or more for supervised), and for supervised training a
 * multi-hot label row. Row {@code i} of every view and of the labels is the same image.
 *
 * <p>Holds its arrays without copying; treat it as immutable once built ({@link #postprocessed}
 * returns a new set). Footprint: {@code 4 · views · rows · d} bytes plus labels.
 */
public final class TrainingSet {
  private final List<float[][]> views;
  private final float[][] labels; // null when unsupervised
  private final int dimension;

  private TrainingSet(List<float[][]> views, float[][] labels) {
    if (views.isEmpty() || views.get(0).length == 0) {
      throw new IllegalArgumentException("a training set needs at least one view and one row");
    }
    int rows = views.get(0).length;
    this.dimension = views.get(0)[0].length;
    for (float[][] view : views) {
      if (view.length != rows) {
        throw new IllegalArgumentException("views of " + view.length + " and " + rows + " rows");
      }
      for (float[] row : view) {
        if (row.length != dimension) {
          throw new IllegalArgumentException(
              "embeddings of size " + row.length + " and " + dimension);
        }
      }
    }
    if (labels != null) {
      if (labels.length != rows) {
        throw new IllegalArgumentException(labels.length + " label rows for " + rows + " images");
      }
      for (float[] row : labels) {
        if (row.length != labels[0].length || row.length == 0) {
          throw new IllegalArgumentException("label rows of different or zero width");
        }
      }
    }
    this.views = List.copyOf(views);
    this.labels = labels;
  }

  /**
   * Two augmented views of each image, for unsupervised training.
   *
   * @param view1 raw embeddings of the first view, one row per image
   * @param view2 raw embeddings of the second view, same images in the same order
   * @return the set
   */
  public static TrainingSet twoViews(float[][] view1, float[][] view2) {
    return new TrainingSet(List.of(view1, view2), null);
  }

  /**
   * Labelled images with one or more views each, for supervised training.
   *
   * @param views raw embeddings per view
   * @param labels multi-hot rows ({@code [n][classes]}, 0 or 1)
   * @return the set
   */
  public static TrainingSet labelled(List<float[][]> views, float[][] labels) {
    if (labels == null) {
      throw new IllegalArgumentException("labels are required");
    }
    return new TrainingSet(views, labels);
  }

  /**
   * Reads {@code .npy} files (see {@link Npy}).
   *
   * @param viewFiles one float32 {@code [n, d]} file per view; for unsupervised training, an even
   *     number: each consecutive two are one set of pairs (view 1, view 2, as {@code extract-views}
   *     writes them), and the sets are concatenated in order
   * @param labelFile labels, or null for unsupervised training
   * @return the set
   */
  public static TrainingSet read(List<Path> viewFiles, Path labelFile) {
    List<float[][]> views = new ArrayList<>();
    for (Path file : viewFiles) {
      views.add(Npy.readFloatMatrix(file));
    }
    if (labelFile == null) {
      if (views.isEmpty() || views.size() % 2 != 0) {
        throw new IllegalArgumentException(
            "unsupervised training needs views in pairs (view 1, view 2, ...), got " + views.size());
      }
      List<float[]> first = new ArrayList<>();
      List<float[]> second = new ArrayList<>();
      for (int i = 0; i < views.size(); i += 2) {
        if (views.get(i).length != views.get(i + 1).length) {
          throw new IllegalArgumentException(
              "view files " + viewFiles.get(i) + " and " + viewFiles.get(i + 1) + " differ in rows");
        }
        first.addAll(List.of(views.get(i)));
        second.addAll(List.of(views.get(i + 1)));
      }
      return twoViews(first.toArray(float[][]::new), second.toArray(float[][]::new));
    }
    return labelled(views, Npy.readLabels(labelFile));
  }

  /**
   * Fits the embedding post-processor (centring mean of the square-rooted embeddings) on every row
   * of every view. Cost O(views · rows · d).
   *
   * @param encoderId the encoder that produced the embeddings
   * @return the fitted post-processor
   */
  public EmbeddingPostprocessor fitPostprocessor(String encoderId) {
    List<float[]> all = new ArrayList<>(views.size() * rows());
    for (float[][] view : views) {
      all.addAll(List.of(view));
    }
    return EmbeddingPostprocessor.fit(encoderId, all.toArray(new float[0][]));
  }

  /**
   * A new set with every embedding post-processed; labels are shared.
   *
   * @param postprocessor the post-processor
   * @return the processed set
   */
  public TrainingSet postprocessed(EmbeddingPostprocessor postprocessor) {
    List<float[][]> processed = new ArrayList<>();
    for (float[][] view : views) {
      processed.add(postprocessor.apply(view));
    }
    return new TrainingSet(processed, labels);
  }

  /**
   * Copies rows of one view into a row-major batch.
   *
   * @param view which view
   * @param order row indices
   * @param from first position in {@code order}
   * @param count rows to copy
   * @param dst {@code count · d} floats
   */
  public void copyRows(int view, int[] order, int from, int count, float[] dst) {
    copy(views.get(view), dimension, order, from, count, dst);
  }

  /**
   * Copies label rows into a row-major batch.
   *
   * @param order row indices
   * @param from first position in {@code order}
   * @param count rows to copy
   * @param dst {@code count · classes} floats
   */
  public void copyLabels(int[] order, int from, int count, float[] dst) {
    copy(labels, classCount(), order, from, count, dst);
  }

  private static void copy(float[][] src, int width, int[] order, int from, int count, float[] dst) {
    for (int i = 0; i < count; i++) {
      System.arraycopy(src[order[from + i]], 0, dst, i * width, width);
    }
  }

  /**
   * One view's rows (not a copy).
   *
   * @param view which view
   * @return the rows
   */
  public float[][] view(int view) {
    return views.get(view);
  }

  /**
   * Number of images.
   *
   * @return rows
   */
  public int rows() {
    return views.get(0).length;
  }

  /**
   * Embedding size.
   *
   * @return d
   */
  public int dimension() {
    return dimension;
  }

  /**
   * Number of views per image.
   *
   * @return views
   */
  public int viewCount() {
    return views.size();
  }

  /**
   * Whether the set has labels.
   *
   * @return true for supervised training
   */
  public boolean isLabelled() {
    return labels != null;
  }

  /**
   * Label width.
   *
   * @return classes, 0 when unlabelled
   */
  public int classCount() {
    return labels == null ? 0 : labels[0].length;
  }
}
