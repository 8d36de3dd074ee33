package io.hashstream.flink.inference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class MicroBatcherTest {
  /** Never reached in these tests: a batch that is not full waits "forever". */
  private static final Duration FOREVER = Duration.ofHours(1);

  private final List<Integer> batchSizes = new CopyOnWriteArrayList<>();
  private MicroBatcher<String, String> batcher;

  @AfterEach
  void close() {
    if (batcher != null) {
      batcher.close();
    }
  }

  private MicroBatcher<String, String> batcher(
      int maxBatch, Duration maxWait, int capacity, Function<List<String>, List<String>> fn) {
    batcher = new MicroBatcher<>("test", maxBatch, maxWait, capacity, fn,
        (name, size, nanos) -> batchSizes.add(size));
    return batcher;
  }

  private static List<String> upper(List<String> items) {
    return items.stream().map(String::toUpperCase).toList();
  }

  private static <T> T await(CompletableFuture<T> f) throws Exception {
    return f.get(30, TimeUnit.SECONDS); // a guard against hanging, not a timing assertion
  }

  @Test
  void aFullBatchRunsAtOnceInInputOrder() throws Exception {
    batcher(3, FOREVER, 10, MicroBatcherTest::upper);
    var a = batcher.submit("a");
    var b = batcher.submit("b");
    var c = batcher.submit("c");

    assertThat(List.of(await(a), await(b), await(c))).containsExactly("A", "B", "C");
    assertThat(batchSizes).containsExactly(3);
  }

  @Test
  void aBatchThatIsNotFullWaitsUntilItsOldestItemHasWaitedMaxWaitThenRuns() throws Exception {
    AtomicLong now = new AtomicLong();
    batcher = new MicroBatcher<>("test", 100, Duration.ofSeconds(1), 10, MicroBatcherTest::upper,
        (name, size, nanos) -> batchSizes.add(size), now::get);
    var a = batcher.submit("a");
    var b = batcher.submit("b");

    awaitWorkerParked();
    assertThat(a).as("a partial batch does not run before maxWait").isNotDone();
    assertThat(batcher.queued()).isEqualTo(2);
    now.addAndGet(Duration.ofMillis(999).toNanos());
    batcher.recheckDeadlines();
    awaitWorkerParked();
    assertThat(a).as("1 ms before the deadline").isNotDone();

    now.addAndGet(Duration.ofMillis(1).toNanos());
    batcher.recheckDeadlines();
    assertThat(List.of(await(a), await(b))).containsExactly("A", "B");
    assertThat(batchSizes).containsExactly(2);
  }

  /**
   * Waits (on the worker's state, not the clock) until the worker waits with a timeout: what it
   * does while items are queued and their deadline has not come. A worker that ran the partial
   * batch at once would wait without one, and this would fail.
   */
  private void awaitWorkerParked() {
    Thread worker = Thread.getAllStackTraces().keySet().stream()
        .filter(t -> t.getName().equals("hashstream-batcher-test")).findFirst().orElseThrow();
    long guard = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (worker.getState() != Thread.State.TIMED_WAITING) {
      assertThat(System.nanoTime() - guard).as("the worker parks").isNegative();
      Thread.onSpinWait();
    }
  }

  @Test
  void submitBlocksWhileTheQueueIsFullAndResumesWhenABatchIsTaken() throws Exception {
    CountDownLatch running = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    batcher(1, Duration.ZERO, 1, items -> {
      running.countDown();
      try {
        release.await();
      } catch (InterruptedException e) {
        throw new IllegalStateException(e);
      }
      return upper(items);
    });
    var a = batcher.submit("a");
    running.await(); // the worker holds "a" and is stuck in the batch function
    var b = batcher.submit("b"); // fills the queue (capacity 1)

    AtomicReference<CompletableFuture<String>> c = new AtomicReference<>();
    CountDownLatch submittedC = new CountDownLatch(1);
    Thread producer = new Thread(() -> {
      try {
        c.set(batcher.submit("c"));
        submittedC.countDown();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    });
    producer.start();
    while (producer.getState() != Thread.State.WAITING) {
      Thread.onSpinWait(); // until the producer parks
    }
    assertThat(submittedC.getCount()).as("submit returned although the queue is full").isEqualTo(1);
    assertThat(batcher.queued()).isEqualTo(1);

    release.countDown();
    submittedC.await();
    assertThat(List.of(await(a), await(b), await(c.get()))).containsExactly("A", "B", "C");
    producer.join();
  }

  @Test
  void aThrowingBatchFunctionFailsThatBatchOnly() throws Exception {
    batcher(2, FOREVER, 10, items -> {
      if (items.contains("bad")) {
        throw new IllegalArgumentException("engine says no");
      }
      return upper(items);
    });
    var bad = batcher.submit("bad");
    var sameBatch = batcher.submit("x");
    var next = batcher.submit("y");
    var nextToo = batcher.submit("z");

    for (var f : List.of(bad, sameBatch)) {
      assertThatThrownBy(() -> await(f))
          .isInstanceOf(ExecutionException.class)
          .hasRootCauseMessage("engine says no");
    }
    assertThat(List.of(await(next), await(nextToo))).containsExactly("Y", "Z");
  }

  @Test
  void aBatchFunctionThatLosesOutputsFailsTheBatch() throws Exception {
    batcher(2, FOREVER, 10, items -> List.of("only one"));
    var a = batcher.submit("a");
    var b = batcher.submit("b");

    assertThatThrownBy(() -> await(b)).hasMessageContaining("returned 1 outputs for 2 items");
    assertThat(a).isCompletedExceptionally();
  }

  @Test
  void closeFailsWhatIsQueuedAndLaterSubmits() throws Exception {
    batcher(10, FOREVER, 10, MicroBatcherTest::upper);
    var a = batcher.submit("a");
    var b = batcher.submit("b");

    batcher.close();

    for (var f : List.of(a, b, batcher.submit("late"))) {
      assertThatThrownBy(() -> await(f)).hasMessageContaining("batcher test was closed");
    }
    assertThat(batchSizes).isEmpty();
  }

  @Test
  void nonsenseSettingsAreRefused() {
    assertThatThrownBy(() -> batcher(0, FOREVER, 1, MicroBatcherTest::upper))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("maxBatch and capacity must be >= 1");
  }
}
