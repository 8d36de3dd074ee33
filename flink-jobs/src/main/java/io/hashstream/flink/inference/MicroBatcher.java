package io.hashstream.flink.inference;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Function;
import java.util.function.LongSupplier;

/**
 * Groups single items into batches for an engine that is much cheaper per item in a batch: one
 * worker thread takes a batch as soon as {@code maxBatch} items wait, or when the oldest waiting
 * item has waited {@code maxWait}, runs the batch function on it and completes each item's future.
 * So latency is bounded by {@code maxWait} plus one batch at low load, and throughput approaches the
 * engine's batched rate at high load.
 *
 * <p><b>One worker.</b> A batcher stands for one device: batches run one after another, and the
 * engine parallelises inside a batch (intra-op threads). Two batchers (images, embeddings) run
 * side by side.
 *
 * <p><b>Backpressure.</b> At most {@code capacity} items wait; {@link #submit} blocks while the
 * queue is full. Called from a Flink task thread, that blocking is what slows the source down when
 * the engine cannot keep up.
 *
 * <p><b>Failures.</b> If the batch function throws (or returns the wrong number of outputs), every
 * future of that batch completes exceptionally with its exception; other batches are unaffected.
 * {@link #close()} fails the items still queued and stops the worker after the batch in progress.
 *
 * <p>Futures complete on the worker thread, so their callbacks must be cheap (hand results on, do
 * not compute).
 *
 * @param <I> an item
 * @param <O> the output for one item
 */
public final class MicroBatcher<I, O> implements AutoCloseable {

  /** Told about every batch that ran (or threw), on the worker thread: for metrics. */
  @FunctionalInterface
  public interface BatchListener {
    /**
     * @param batcher the batcher's name
     * @param size items in the batch
     * @param runNanos how long the batch function took
     */
    void onBatch(String batcher, int size, long runNanos);
  }

  private final String name;
  private final int maxBatch;
  private final long maxWaitNanos;
  private final int capacity;
  private final Function<List<I>, List<O>> batchFunction;
  private final BatchListener listener;
  private final LongSupplier nanoTime;
  private final ArrayDeque<Pending<I, O>> queue = new ArrayDeque<>();
  private final ReentrantLock lock = new ReentrantLock();
  private final Condition notEmpty = lock.newCondition();
  private final Condition notFull = lock.newCondition();
  private final Thread worker;
  private boolean closed; // guarded by lock

  /**
   * Creates the batcher and starts its worker thread.
   *
   * @param name names the worker thread, metrics and error messages
   * @param maxBatch most items per batch, at least 1
   * @param maxWait longest an item waits for a batch to fill, zero or more
   * @param capacity most items waiting, at least 1
   * @param batchFunction one output per input, in input order; called on the worker thread only
   * @param listener told about each batch
   */
  public MicroBatcher(
      String name,
      int maxBatch,
      Duration maxWait,
      int capacity,
      Function<List<I>, List<O>> batchFunction,
      BatchListener listener) {
    this(name, maxBatch, maxWait, capacity, batchFunction, listener, System::nanoTime);
  }

  /**
   * A batcher whose {@code maxWait} is measured on {@code nanoTime} (tests move it by hand and call
   * {@link #recheckDeadlines()}).
   */
  MicroBatcher(
      String name,
      int maxBatch,
      Duration maxWait,
      int capacity,
      Function<List<I>, List<O>> batchFunction,
      BatchListener listener,
      LongSupplier nanoTime) {
    this.nanoTime = Objects.requireNonNull(nanoTime, "nanoTime");
    this.name = Objects.requireNonNull(name, "name");
    if (maxBatch < 1 || capacity < 1 || maxWait.isNegative()) {
      throw new IllegalArgumentException(
          "batcher " + name + ": maxBatch and capacity must be >= 1 and maxWait >= 0, got "
              + maxBatch + ", " + capacity + ", " + maxWait);
    }
    this.maxBatch = maxBatch;
    this.maxWaitNanos = maxWait.toNanos();
    this.capacity = capacity;
    this.batchFunction = Objects.requireNonNull(batchFunction, "batchFunction");
    this.listener = Objects.requireNonNull(listener, "listener");
    this.worker = new Thread(this::work, "hashstream-batcher-" + name);
    worker.setDaemon(true);
    worker.start();
  }

  /**
   * Queues an item, blocking while {@code capacity} items wait.
   *
   * @param item the item
   * @return completes with the item's output when its batch has run; exceptionally if the batch
   *     failed or the batcher was closed first
   * @throws InterruptedException if interrupted while the queue is full
   */
  public CompletableFuture<O> submit(I item) throws InterruptedException {
    CompletableFuture<O> future = new CompletableFuture<>();
    lock.lockInterruptibly();
    try {
      while (!closed && queue.size() >= capacity) {
        notFull.await();
      }
      if (closed) {
        future.completeExceptionally(closedException());
        return future;
      }
      queue.addLast(new Pending<>(item, future, nanoTime.getAsLong()));
      if (queue.size() == 1 || queue.size() >= maxBatch) {
        notEmpty.signal(); // the worker waits for the first item, then for a full batch
      }
    } finally {
      lock.unlock();
    }
    return future;
  }

  /** Wakes the worker to look at its deadline again (after a test moved its clock). */
  void recheckDeadlines() {
    lock.lock();
    try {
      notEmpty.signalAll();
    } finally {
      lock.unlock();
    }
  }

  /** Items waiting for a batch now (for tests and diagnostics). */
  public int queued() {
    lock.lock();
    try {
      return queue.size();
    } finally {
      lock.unlock();
    }
  }

  /**
   * Fails the queued items, lets the batch in progress finish and stops the worker. Idempotent.
   */
  @Override
  public void close() {
    lock.lock();
    try {
      if (closed) {
        return;
      }
      closed = true;
      failQueued();
      notEmpty.signalAll();
      notFull.signalAll();
    } finally {
      lock.unlock();
    }
    if (Thread.currentThread() != worker) {
      try {
        worker.join();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }

  private void work() {
    while (true) {
      List<Pending<I, O>> batch;
      try {
        batch = nextBatch();
      } catch (InterruptedException e) {
        close();
        return;
      }
      if (batch == null) {
        return;
      }
      run(batch);
    }
  }

  /** Waits for a full batch or for the oldest item's deadline; null once closed. */
  private List<Pending<I, O>> nextBatch() throws InterruptedException {
    lock.lock();
    try {
      while (!closed && queue.isEmpty()) {
        notEmpty.await();
      }
      if (!closed && queue.size() < maxBatch) {
        long deadline = queue.peekFirst().enqueuedNanos + maxWaitNanos;
        long left;
        while (!closed && queue.size() < maxBatch && (left = deadline - nanoTime.getAsLong()) > 0) {
          notEmpty.awaitNanos(left);
        }
      }
      if (closed) {
        return null;
      }
      int n = Math.min(maxBatch, queue.size());
      List<Pending<I, O>> batch = new ArrayList<>(n);
      for (int i = 0; i < n; i++) {
        batch.add(queue.pollFirst());
      }
      notFull.signalAll();
      return batch;
    } finally {
      lock.unlock();
    }
  }

  private void run(List<Pending<I, O>> batch) {
    List<I> items = new ArrayList<>(batch.size());
    batch.forEach(p -> items.add(p.item));
    long start = System.nanoTime();
    List<O> outputs;
    try {
      outputs = batchFunction.apply(items);
      if (outputs == null || outputs.size() != items.size()) {
        throw new IllegalStateException(
            "batch function of " + name + " returned " + (outputs == null ? "null" : outputs.size())
                + " outputs for " + items.size() + " items");
      }
    } catch (Throwable t) { // an Error too: the items must not wait for a timeout
      notifyListener(batch.size(), System.nanoTime() - start);
      batch.forEach(p -> p.future.completeExceptionally(t));
      return;
    }
    notifyListener(batch.size(), System.nanoTime() - start);
    for (int i = 0; i < batch.size(); i++) {
      batch.get(i).future.complete(outputs.get(i));
    }
  }

  private void notifyListener(int size, long nanos) {
    try {
      listener.onBatch(name, size, nanos);
    } catch (RuntimeException e) {
      // metrics must never stop inference
    }
  }

  private void failQueued() {
    Pending<I, O> p;
    while ((p = queue.pollFirst()) != null) {
      p.future.completeExceptionally(closedException());
    }
  }

  private IllegalStateException closedException() {
    return new IllegalStateException(
        "batcher " + name + " was closed before this item ran (the task is shutting down)");
  }

  @Override
  public String toString() {
    return "MicroBatcher{" + name + ", maxBatch " + maxBatch + ", maxWait "
        + TimeUnit.NANOSECONDS.toMicros(maxWaitNanos) + "us, capacity " + capacity + "}";
  }

  private record Pending<I, O>(I item, CompletableFuture<O> future, long enqueuedNanos) {}
}
