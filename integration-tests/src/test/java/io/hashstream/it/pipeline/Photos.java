package io.hashstream.it.pipeline;

import io.hashstream.encoder.BundledEncoder;
import io.hashstream.inference.EmbeddingExtractor;
import io.hashstream.inference.EncodedImage;
import io.hashstream.inference.ImageResult;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The demo's sample photos (committed in the demo module, with their licences) and their raw
 * embeddings under the bundled encoder, computed once per test JVM: real images decoded from real
 * files.
 */
final class Photos {
  static final String FOLDER = "/io/hashstream/demo/photos/";

  record Photo(String name, byte[] bytes, float[] embedding) {}

  private static List<Photo> all;

  private Photos() {}

  static synchronized List<Photo> all() {
    if (all == null) {
      List<String> names = names();
      List<EncodedImage> images = new ArrayList<>();
      for (String name : names) {
        images.add(EncodedImage.of(name, read(FOLDER + name)));
      }
      List<Photo> photos = new ArrayList<>();
      try (EmbeddingExtractor extractor = EmbeddingExtractor.of(BundledEncoder.open(1))) {
        List<ImageResult<float[]>> results = extractor.extract(images);
        for (int i = 0; i < images.size(); i++) {
          if (!(results.get(i) instanceof ImageResult.Ok<float[]> ok)) {
            throw new IllegalStateException("sample photo does not embed: " + results.get(i));
          }
          photos.add(new Photo(names.get(i), images.get(i).bytes(), ok.value()));
        }
      }
      all = List.copyOf(photos);
    }
    return all;
  }

  private static List<String> names() {
    String index = new String(read(FOLDER + "index.csv"), StandardCharsets.UTF_8);
    List<String> names = new ArrayList<>();
    for (String line : index.split("\n")) {
      String file = line.split(",")[0].trim();
      if (!file.isEmpty() && !file.equals("file")) {
        names.add(file);
      }
    }
    return names;
  }

  static byte[] read(String resource) {
    try (InputStream in = Photos.class.getResourceAsStream(resource)) {
      if (in == null) {
        throw new IllegalStateException(resource + " is not on the classpath");
      }
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
