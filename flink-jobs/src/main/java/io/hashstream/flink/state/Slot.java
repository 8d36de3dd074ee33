package io.hashstream.flink.state;

/**
 * One of the two places a tenant's codes live. The active model's codes are in one slot; during a
 * hot swap the next model's codes are built in the other, so the two versions never share an
 * index. Slot names are part of the state layout (savepoints): never rename them.
 */
public enum Slot {
  A,
  B;

  public Slot other() {
    return this == A ? B : A;
  }
}
