package io.hashstream.demo;

import io.hashstream.image.CopyTransform;
import io.hashstream.image.ImageDecodeException;
import io.hashstream.image.ImageDecoder;
import io.hashstream.image.ImageFileWriter;
import io.hashstream.image.RgbImage;
import io.hashstream.inference.EncodedImage;
import java.util.ArrayList;
import java.util.List;

/**
 * Every bundled demo photo and every copy the demo can plant of it ({@link DemoUploads#TRANSFORMS},
 * re-encoded as the demo re-encodes copies), as the encoded images the job receives: what the
 * demo's distance tests hash. Keys: the photo's file name, or {@code file|TRANSFORM} for a copy.
 */
final class PlantableImages {
  private PlantableImages() {}

  /** Whether DJL's PyTorch natives are on the test class path (HashCoderSession needs them). */
  static boolean pytorchOnClassPath() {
    return PlantableImages.class.getResource("/native/lib/pytorch.properties") != null
        && PlantableImages.class.getResource("/jnilib/pytorch.properties") != null;
  }

  /** The originals and their copies, each original followed by its copies. */
  static List<EncodedImage> of(List<DemoPhotos.Photo> photos) throws ImageDecodeException {
    ImageDecoder decoder = ImageDecoder.withDefaults();
    List<EncodedImage> images = new ArrayList<>();
    for (DemoPhotos.Photo p : photos) {
      images.add(EncodedImage.of(p.file(), p.bytes()));
      RgbImage original = decoder.decode(p.bytes());
      for (CopyTransform t : DemoUploads.TRANSFORMS) {
        images.add(EncodedImage.of(key(p, t),
            ImageFileWriter.jpeg(t.apply(original), DemoUploads.COPY_JPEG_QUALITY)));
      }
    }
    return images;
  }

  /** A copy's key. */
  static String key(DemoPhotos.Photo p, CopyTransform t) {
    return p.file() + "|" + t;
  }
}
