package io.hashstream.trainer.eval;

import static org.assertj.core.api.Assertions.assertThat;

import io.hashstream.image.ImageDecoder;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LabelledImagesTest {
  @Test
  void readsDenseLabelsAndDecodesSkippingWhatCannotBeDecoded(@TempDir Path dir) throws Exception {
    Path good = dir.resolve("good.png");
    ImageIO.write(new BufferedImage(8, 6, BufferedImage.TYPE_INT_RGB), "png", good.toFile());
    Path other = dir.resolve("other.png");
    ImageIO.write(new BufferedImage(5, 5, BufferedImage.TYPE_INT_RGB), "png", other.toFile());
    Path corrupt = Files.write(dir.resolve("corrupt.png"), new byte[] {(byte) 0x89, 'P', 'N', 'G', 1, 2});
    Path list = Files.writeString(dir.resolve("list.tsv"),
        "cats\t" + good + "\ndogs\t" + corrupt + "\ndogs\t" + other + "\n");

    LabelledImages set = LabelledImages.read("pets", list);
    assertThat(set.labels()).containsExactly(0, 1, 1);
    assertThat(set.classNames()).containsExactly("cats", "dogs");

    List<String> skipped = new ArrayList<>();
    LabelledImages.Decoded decoded = set.decode(ImageDecoder.withDefaults(), skipped::add);
    assertThat(decoded.images()).hasSize(2);
    assertThat(decoded.images().get(1).width()).isEqualTo(5);
    assertThat(decoded.labels()).containsExactly(0, 1);
    assertThat(skipped).singleElement().asString().contains("corrupt.png");
  }
}
