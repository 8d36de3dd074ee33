package io.hashstream.flink.swap;

import io.hashstream.flink.state.Slot;

/**
 * Which model each {@link Slot} serves and which slot answers queries: the job's broadcast state
 * (the same on every subtask once a control message has been processed everywhere). A Flink POJO.
 *
 * <p>The inactive slot holds a model only while a swap is under way; because preparing a slot is
 * done in one step (see {@link io.hashstream.flink.matching.MatchFunction}), a model in the
 * inactive slot is always fully prepared on this subtask.
 */
public final class ModelSlots {
  /** Name of the active slot, {@code A} or {@code B}. */
  public String active;
  public SlotModel a;
  public SlotModel b;

  public ModelSlots() {}

  public static ModelSlots startingWith(SlotModel model) {
    ModelSlots s = new ModelSlots();
    s.active = Slot.A.name();
    s.a = model;
    return s;
  }

  public Slot activeSlot() {
    return Slot.valueOf(active);
  }

  public SlotModel model(Slot slot) {
    return slot == Slot.A ? a : b;
  }

  public void set(Slot slot, SlotModel model) {
    if (slot == Slot.A) {
      a = model;
    } else {
      b = model;
    }
  }

  public SlotModel activeModel() {
    return model(activeSlot());
  }

  /** The model being swapped in (prepared), or null. */
  public SlotModel nextModel() {
    return model(activeSlot().other());
  }

  public ModelSlots copy() {
    ModelSlots s = new ModelSlots();
    s.active = active;
    s.a = a;
    s.b = b;
    return s;
  }

  @Override
  public String toString() {
    return "active " + activeModel() + (nextModel() == null ? "" : ", next " + nextModel());
  }
}
