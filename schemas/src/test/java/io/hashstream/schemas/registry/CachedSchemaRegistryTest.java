package io.hashstream.schemas.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hashstream.schemas.ImageEvent;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class CachedSchemaRegistryTest {
  private final InMemorySchemaRegistry backing = new InMemorySchemaRegistry();
  private final AtomicLong nanos = new AtomicLong();
  private final CachedSchemaRegistry cached = new CachedSchemaRegistry(backing, nanos::get);

  @Test
  void registersAndFetchesEachSchemaOnce() {
    int id = cached.register("images-value", ImageEvent.getClassSchema());
    assertThat(cached.register("images-value", ImageEvent.getClassSchema())).isEqualTo(id);
    assertThat(cached.schemaById(id)).isEqualTo(ImageEvent.getClassSchema());
    assertThat(cached.lookupId("images-value", ImageEvent.getClassSchema())).isEqualTo(id);
    assertThat(backing.calls()).isEqualTo(1);
  }

  @Test
  void unknownIdsAreRememberedForAMinuteThenAskedAgain() {
    assertThatThrownBy(() -> cached.schemaById(42))
        .isInstanceOf(SchemaRegistryException.NotFound.class);
    assertThatThrownBy(() -> cached.schemaById(42))
        .isInstanceOf(SchemaRegistryException.NotFound.class);
    assertThat(backing.calls()).isEqualTo(1);

    nanos.addAndGet(CachedSchemaRegistry.NEGATIVE_TTL_NANOS + 1);
    assertThatThrownBy(() -> cached.schemaById(42))
        .isInstanceOf(SchemaRegistryException.NotFound.class);
    assertThat(backing.calls()).isEqualTo(2);
  }
}
