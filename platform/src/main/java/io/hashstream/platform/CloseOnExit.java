package io.hashstream.platform;

import java.util.concurrent.CountDownLatch;

/**
 * How a long-running {@code ./hashstream} command stops: Ctrl-C (or any JVM exit) closes the
 * service from a shutdown hook, and {@link #await()} returns once it is closed.
 */
public final class CloseOnExit {
  private final CountDownLatch closed = new CountDownLatch(1);

  private CloseOnExit() {}

  /** Registers a shutdown hook that announces and closes {@code service}. */
  public static CloseOnExit register(String name, AutoCloseable service) {
    CloseOnExit hook = new CloseOnExit();
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  System.out.println("Stopping the " + name + " ...");
                  try {
                    service.close();
                  } catch (Exception e) {
                    System.err.println("error while stopping the " + name + ": " + e);
                  } finally {
                    hook.closed.countDown();
                  }
                },
                name.replace(' ', '-') + "-shutdown"));
    return hook;
  }

  /** Blocks until the shutdown hook has closed the service. */
  public void await() throws InterruptedException {
    closed.await();
  }
}
