package io.hashstream.flink.swap;

import static org.assertj.core.api.Assertions.assertThat;

import io.hashstream.flink.model.ModelReference;
import io.hashstream.flink.model.ModelRejectedException;
import io.hashstream.flink.state.Slot;
import io.hashstream.flink.swap.SwapStateMachine.Rehashed;
import io.hashstream.schemas.DeadLetterReason;
import io.hashstream.schemas.ModelUpdate;
import io.hashstream.schemas.SwapStage;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Every transition of the swap, and every bad message, on a fake that records what the machine
 * asked for and re-hashes a fixed number of items per slice. Time is a fake clock.
 */
class SwapStateMachineTest {
  private static final long MS = 1_000_000L;
  private static final long SLICE = 200 * MS;
  private static final long PAUSE = 50 * MS;

  private ManualSwapClock clock;
  private Recorder fx;
  private SwapStateMachine swap;

  @BeforeEach
  void serveV1() {
    clock = new ManualSwapClock();
    fx = new Recorder();
    swap = new SwapStateMachine(ModelSlots.startingWith(model("v1")), SLICE, PAUSE, clock, 0, 2);
  }

  @Test
  void prepareLoadsTheModelStartsTheReHashInTheOtherSlotAndRunsTheFirstSliceAtOnce() throws Exception {
    fx.itemsLeft = 1_000;
    swap.onControl(update("v2", SwapStage.PREPARE), fx);

    assertThat(fx.loaded).containsExactly("v2");
    assertThat(fx.calls).startsWith("startRehash B v2", "save active A, next v2", "rehash B v2");
    assertThat(swap.slots().activeModel().version).isEqualTo("v1");
    assertThat(swap.slots().nextModel().version).isEqualTo("v2");
    assertThat(fx.readies).isEmpty();
  }

  @Test
  void ticksTakeSlicesUntilNothingIsLeftThenReadinessIsReportedOnce() throws Exception {
    fx.itemsLeft = 700; // 256 per slice: the PREPARE's slice and two ticks
    swap.onControl(update("v2", SwapStage.PREPARE), fx);
    tick();
    assertThat(fx.readies).isEmpty();
    tick();
    assertThat(fx.readies).singleElement().satisfies(r -> {
      assertThat(r.version()).isEqualTo("v2");
      assertThat(r.items).isEqualTo(700);
      assertThat(r.subtask).isZero();
      assertThat(r.parallelism).isEqualTo(2);
    });
    int rehashes = count("rehash");
    tick();
    assertThat(fx.readies).hasSize(1);
    assertThat(count("rehash")).as("nothing to do once ready").isEqualTo(rehashes);
  }

  @Test
  void whileUploadsArriveTheSubtaskRestsThePauseBetweenSlicesAndStaleTicksAreSkipped()
      throws Exception {
    fx.itemsLeft = 10_000;
    swap.onControl(update("v2", SwapStage.PREPARE), fx);
    int slices = count("rehash");
    swap.onUpload();
    clock.advance(PAUSE / 2);
    swap.onTick(clock.currentTimeMillis(), fx);
    assertThat(count("rehash")).as("resting: an upload came since the slice").isEqualTo(slices);
    swap.onTick(clock.currentTimeMillis() - 1_000, fx);
    assertThat(count("rehash")).as("a tick made before the slice ended is stale").isEqualTo(slices);
    clock.advance(PAUSE);
    swap.onTick(clock.currentTimeMillis(), fx);
    assertThat(count("rehash")).isEqualTo(slices + 1);
  }

  @Test
  void activateSwitchesQueriesToThePreparedSlotAndDropsTheOldOne() throws Exception {
    fx.itemsLeft = 100;
    swap.onControl(update("v2", SwapStage.PREPARE), fx);
    fx.calls.clear();
    swap.onControl(update("v2", SwapStage.ACTIVATE), fx);

    assertThat(swap.slots().activeSlot()).isEqualTo(Slot.B);
    assertThat(swap.slots().activeModel().version).isEqualTo("v2");
    assertThat(swap.slots().nextModel()).isNull();
    assertThat(fx.calls).contains("clear A", "save active B");
    assertThat(fx.released).containsExactly("v1");
    assertThat(fx.rejections).isEmpty();
  }

  @Test
  void anEarlyActivateFinishesTheReHashBeforeSwitching() throws Exception {
    fx.itemsLeft = 5_000;
    swap.onControl(update("v2", SwapStage.PREPARE), fx);
    swap.onControl(update("v2", SwapStage.ACTIVATE), fx);

    assertThat(fx.itemsLeft).as("no query is answered from an incomplete index").isZero();
    assertThat(fx.calls).contains("rehash B v2 to the end");
    assertThat(fx.calls.indexOf("rehash B v2 to the end")).isLessThan(fx.calls.indexOf("clear A"));
    assertThat(swap.slots().activeModel().version).isEqualTo("v2");
  }

  @Test
  void replayedMessagesAfterARestoreChangeNothing() throws Exception {
    fx.itemsLeft = 1_000;
    swap.onControl(update("v2", SwapStage.PREPARE), fx);
    int calls = fx.calls.size();
    swap.onControl(update("v2", SwapStage.PREPARE), fx);
    assertThat(fx.calls).as("PREPARE of the version being prepared").hasSize(calls);

    swap.onControl(update("v2", SwapStage.ACTIVATE), fx);
    calls = fx.calls.size();
    swap.onControl(update("v2", SwapStage.ACTIVATE), fx);
    swap.onControl(update("v2", SwapStage.PREPARE), fx);
    assertThat(fx.calls).as("ACTIVATE or PREPARE of the active version").hasSize(calls);
    assertThat(fx.rejections).isEmpty();
  }

  @Test
  void prepareOfTheActiveVersionAbandonsARunningSwap() throws Exception {
    fx.itemsLeft = 1_000;
    swap.onControl(update("v2", SwapStage.PREPARE), fx);
    swap.onControl(update("v1", SwapStage.PREPARE), fx);

    assertThat(swap.slots().nextModel()).isNull();
    assertThat(swap.slots().activeModel().version).isEqualTo("v1");
    assertThat(fx.calls).contains("clear B");
    assertThat(fx.released).containsExactly("v2");
    int rehashes = count("rehash");
    tick();
    assertThat(count("rehash")).as("no swap runs any more").isEqualTo(rehashes);
  }

  @Test
  void aNewPrepareWhilePreparingAbandonsTheFirstAndPreparesTheSecond() throws Exception {
    fx.itemsLeft = 1_000;
    swap.onControl(update("v2", SwapStage.PREPARE), fx);
    swap.onControl(update("v3", SwapStage.PREPARE), fx);

    assertThat(fx.released).containsExactly("v2");
    assertThat(swap.slots().nextModel().version).isEqualTo("v3");
    assertThat(fx.calls).containsSubsequence("clear B", "startRehash B v3");
  }

  @Test
  void aModelThatFailsItsChecksIsRejectedAndNothingChanges() throws Exception {
    fx.rejectedVersions.add("bad");
    swap.onControl(update("bad", SwapStage.PREPARE), fx);

    assertThat(fx.rejections).containsExactly("MODEL_CHECKSUM_MISMATCH");
    assertThat(swap.slots().nextModel()).isNull();
    assertThat(fx.calls).isEmpty();
  }

  @Test
  void anActivateOfAVersionThatWasNotPreparedIsRejected() throws Exception {
    swap.onControl(update("v9", SwapStage.ACTIVATE), fx);
    assertThat(fx.rejections).containsExactly("INVALID_MODEL_UPDATE");
    assertThat(fx.rejectionMessages.get(0)).contains("was not prepared");
    assertThat(swap.slots().activeModel().version).isEqualTo("v1");

    fx.itemsLeft = 1_000;
    swap.onControl(update("v2", SwapStage.PREPARE), fx);
    swap.onControl(update("v3", SwapStage.ACTIVATE), fx);
    assertThat(fx.rejections).hasSize(2);
    assertThat(swap.slots().nextModel().version).as("the running swap goes on").isEqualTo("v2");
  }

  @Test
  void afterARestoreMidSwapTheFirstTickResumesAndReportsReadinessAgain() throws Exception {
    fx.itemsLeft = 300;
    ModelSlots restored = ModelSlots.startingWith(model("v1"));
    restored.set(Slot.B, model("v2"));
    SwapStateMachine resumed = new SwapStateMachine(restored, SLICE, PAUSE, clock, 1, 2);

    resumed.onTick(clock.currentTimeMillis(), fx);
    assertThat(fx.readies).isEmpty();
    clock.advance(SLICE + PAUSE);
    resumed.onTick(clock.currentTimeMillis(), fx);
    assertThat(fx.readies).singleElement().satisfies(r -> assertThat(r.subtask).isEqualTo(1));
  }

  private void tick() throws Exception {
    clock.advance(SLICE + PAUSE);
    swap.onTick(clock.currentTimeMillis(), fx);
  }

  private int count(String prefix) {
    return (int) fx.calls.stream().filter(c -> c.startsWith(prefix)).count();
  }

  private static SlotModel model(String version) {
    return SlotModel.of(reference(version));
  }

  private static ModelReference reference(String version) {
    return new ModelReference(version, 64, "enc@1", 8, "file:///m/" + version + ".hsm", "ab".repeat(32));
  }

  private static ModelUpdate update(String version, SwapStage stage) {
    ModelReference r = reference(version);
    return ModelUpdate.newBuilder()
        .setVersion(r.version()).setBits(r.bits()).setEncoderId(r.encoderId())
        .setEmbeddingSize(r.embeddingSize()).setArtifactUri(r.artifactUri())
        .setArtifactSha256(r.artifactSha256()).setCreatedAt(Instant.EPOCH).setCreatedBy("test")
        .setStage(stage).build();
  }

  /** Records every request; re-hashes 256 items per slice out of {@link #itemsLeft}. */
  private static final class Recorder implements SwapStateMachine.Effects {
    final List<String> calls = new ArrayList<>();
    final List<String> loaded = new ArrayList<>();
    final List<String> released = new ArrayList<>();
    final List<SwapReady> readies = new ArrayList<>();
    final List<String> rejections = new ArrayList<>();
    final List<String> rejectionMessages = new ArrayList<>();
    final Set<String> rejectedVersions = new HashSet<>();
    long itemsLeft;
    private long itemsTotal;

    @Override
    public void load(ModelReference model) throws ModelRejectedException {
      if (rejectedVersions.contains(model.version())) {
        throw new ModelRejectedException(DeadLetterReason.MODEL_CHECKSUM_MISMATCH, "checksum differs");
      }
      loaded.add(model.version());
    }

    @Override
    public void release(String version) {
      released.add(version);
    }

    @Override
    public long startRehash(Slot target, SlotModel model) {
      calls.add("startRehash " + target + " " + model.version);
      itemsTotal = itemsLeft;
      return itemsLeft;
    }

    @Override
    public Rehashed rehash(Slot target, SlotModel model, long deadlineNanos) {
      boolean toTheEnd = deadlineNanos == SwapStateMachine.NO_DEADLINE;
      calls.add("rehash " + target + " " + model.version + (toTheEnd ? " to the end" : ""));
      long items = toTheEnd ? itemsLeft : Math.min(256, itemsLeft);
      itemsLeft -= items;
      return new Rehashed(items, itemsLeft == 0);
    }

    @Override
    public void clear(Slot slot) {
      calls.add("clear " + slot);
    }

    @Override
    public void save(ModelSlots slots) {
      calls.add("save active " + slots.activeSlot()
          + (slots.nextModel() == null ? "" : ", next " + slots.nextModel().version));
    }

    @Override
    public void ready(SwapReady report) {
      readies.add(report);
    }

    @Override
    public void reject(DeadLetterReason reason, String why) {
      rejections.add(reason.name());
      rejectionMessages.add(why);
    }
  }
}
