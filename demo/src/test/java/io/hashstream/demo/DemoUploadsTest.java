package io.hashstream.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hashstream.image.ImageDecoder;
import io.hashstream.schemas.ImageEvent;
import io.hashstream.schemas.registry.InMemorySchemaRegistry;
import io.hashstream.schemas.registry.RegistryAvroCodec;
import io.hashstream.schemas.kafka.RegistryAvroSerializer;
import java.nio.ByteBuffer;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.IntStream;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

class DemoUploadsTest {
  private static final List<String> PHOTOS =
      IntStream.rangeClosed(1, 16).mapToObj(i -> "p" + i + ".jpg").toList();

  @Test
  void thePlanIsAPureFunctionOfPhotosAndSeed() {
    DemoUploads.Settings settings = DemoUploads.Settings.defaults(7);
    assertThat(DemoUploads.plan(PHOTOS, settings)).isEqualTo(DemoUploads.plan(PHOTOS, settings));
    assertThat(DemoUploads.plan(PHOTOS, settings))
        .isNotEqualTo(DemoUploads.plan(PHOTOS, DemoUploads.Settings.defaults(8)));
  }

  @Test
  void everyPhotoIsUploadedOnceAndCopiedWithDistinctTransforms() {
    List<DemoUploads.Upload> plan = DemoUploads.plan(PHOTOS, DemoUploads.Settings.defaults(1));
    assertThat(plan).hasSize(PHOTOS.size() * 3);
    assertThat(plan.stream().map(DemoUploads.Upload::position))
        .containsExactlyElementsOf(IntStream.range(0, plan.size()).boxed().toList());
    assertThat(plan.stream().map(DemoUploads.Upload::imageId)).doesNotHaveDuplicates();
    assertThat(plan.stream().filter(u -> !u.isCopy()).map(DemoUploads.Upload::photo))
        .containsExactlyInAnyOrderElementsOf(PHOTOS);
    assertThat(plan.stream().filter(u -> !u.isCopy()).map(DemoUploads.Upload::imageId))
        .contains("photo-01", "photo-16");
    Map<String, Set<Object>> transformsOfPhoto = new HashMap<>();
    for (DemoUploads.Upload u : plan) {
      if (u.isCopy()) {
        assertThat(DemoUploads.TRANSFORMS).contains(u.transform());
        assertThat(u.imageId())
            .isEqualTo(u.duplicateOf() + "-copy-" + DemoUploads.slug(u.transform()));
        assertThat(transformsOfPhoto.computeIfAbsent(u.photo(), p -> new HashSet<>()).add(u.transform()))
            .isTrue();
      }
    }
    assertThat(transformsOfPhoto).hasSize(PHOTOS.size()).allSatisfy((p, t) -> assertThat(t).hasSize(2));
  }

  @Test
  void copiesComeAfterTheirOriginalInItsTenantWithOtherPhotosBetween() {
    for (long seed = 0; seed < 20; seed++) {
      DemoUploads.Settings settings = new DemoUploads.Settings(seed, 3, 3);
      List<DemoUploads.Upload> plan = DemoUploads.plan(PHOTOS, settings);
      Map<String, DemoUploads.Upload> byId = new HashMap<>();
      for (DemoUploads.Upload u : plan) {
        if (u.isCopy()) {
          DemoUploads.Upload original = byId.get(u.duplicateOf());
          assertThat(original).as("original of %s is uploaded before it", u.imageId()).isNotNull();
          assertThat(original.isCopy()).isFalse();
          assertThat(original.photo()).isEqualTo(u.photo());
          assertThat(u.tenant()).isEqualTo(original.tenant());
          long others =
              plan.subList(original.position() + 1, u.position()).stream()
                  .filter(between -> !between.photo().equals(u.photo()))
                  .count();
          assertThat(others).as("uploads of other photos before %s", u.imageId())
              .isGreaterThanOrEqualTo(settings.gap() - 1);
        }
        byId.put(u.imageId(), u);
      }
      assertThat(plan.stream().map(DemoUploads.Upload::tenant).distinct())
          .containsExactlyInAnyOrderElementsOf(DemoUploads.TENANTS);
    }
  }

  @Test
  void plantedPairsNameEachCopyAndItsOriginal() {
    List<DemoUploads.Upload> plan = DemoUploads.plan(PHOTOS, DemoUploads.Settings.defaults(3));
    List<DemoUploads.PlantedPair> pairs = DemoUploads.plantedPairs(plan);
    assertThat(pairs).hasSize(2 * PHOTOS.size());
    for (DemoUploads.PlantedPair pair : pairs) {
      assertThat(pair.copyId()).startsWith(pair.originalId() + "-copy-");
      assertThat(plan)
          .anySatisfy(
              u -> {
                assertThat(u.imageId()).isEqualTo(pair.originalId());
                assertThat(u.tenant()).isEqualTo(pair.tenant());
                assertThat(u.photo()).isEqualTo(pair.photo());
              });
    }
  }

  @Test
  void impossiblePlansAreRefused() {
    assertThatThrownBy(() -> new DemoUploads.Settings(0, DemoUploads.TRANSFORMS.size() + 1, 3))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new DemoUploads.Settings(0, 2, 1))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> DemoUploads.plan(PHOTOS.subList(0, 3), DemoUploads.Settings.defaults(0)))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> DemoUploads.plan(List.of("a", "a", "b", "c", "d"), DemoUploads.Settings.defaults(0)))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void theBundledStreamRendersDecodableCopiesAndSendsEveryUploadInOrder() throws Exception {
    DemoUploads uploads = DemoUploads.bundled(0);
    List<DemoPhotos.Photo> photos = DemoPhotos.load();
    assertThat(uploads.uploads()).hasSize(3 * photos.size());
    ImageDecoder decoder = ImageDecoder.withDefaults();
    for (DemoUploads.Upload u : uploads.uploads()) {
      byte[] bytes = uploads.bytes(u);
      assertThat(decoder.decode(bytes)).isNotNull();
      if (!u.isCopy()) {
        DemoPhotos.Photo photo =
            photos.stream().filter(p -> p.file().equals(u.photo())).findFirst().orElseThrow();
        assertThat(bytes).isEqualTo(photo.bytes());
      }
    }

    InMemorySchemaRegistry registry = new InMemorySchemaRegistry();
    RegistryAvroCodec<ImageEvent> codec = new RegistryAvroCodec<>(registry, ImageEvent.class);
    MockProducer<String, ImageEvent> producer =
        new MockProducer<>(true, null, new StringSerializer(), new RegistryAvroSerializer<>(codec));
    Instant now = Instant.parse("2026-11-28T12:00:00Z");
    List<String> acknowledged = Collections.synchronizedList(new ArrayList<>());
    DemoUploads.SendSummary summary =
        uploads.send(
            producer,
            "images",
            0,
            Clock.fixed(now, ZoneOffset.UTC),
            (upload, event, metadata, error) -> {
              assertThat(error).isNull();
              assertThat(metadata.topic()).isEqualTo("images");
              acknowledged.add(upload.imageId());
            });

    assertThat(summary).isEqualTo(new DemoUploads.SendSummary(48, 48, 0));
    assertThat(acknowledged)
        .containsExactlyElementsOf(uploads.uploads().stream().map(DemoUploads.Upload::imageId).toList());
    List<ProducerRecord<String, ImageEvent>> sent = producer.history();
    assertThat(sent).hasSize(48);
    for (int i = 0; i < sent.size(); i++) {
      DemoUploads.Upload u = uploads.uploads().get(i);
      ProducerRecord<String, ImageEvent> r = sent.get(i);
      assertThat(r.key()).isEqualTo(u.tenant() + "/" + u.imageId());
      ImageEvent e = codec.decode(codec.encode("images-value", r.value()));
      assertThat(e.getImageId().toString()).isEqualTo(u.imageId());
      assertThat(e.getTenant().toString()).isEqualTo(u.tenant());
      assertThat(e.getUploadedAt()).isEqualTo(now);
      assertThat(e.getContentType().toString()).isEqualTo("image/jpeg");
      assertThat(bytesOf(e.getImageBytes())).isEqualTo(uploads.bytes(u));
      assertThat(e.getImageUri()).isNull();
      assertThat(e.getEmbedding()).isNull();
    }
  }

  private static byte[] bytesOf(ByteBuffer buffer) {
    ByteBuffer b = buffer.duplicate();
    byte[] out = new byte[b.remaining()];
    b.get(out);
    return out;
  }
}
