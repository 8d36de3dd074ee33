package io.hashstream.flink.swap;

import java.time.Duration;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.connector.source.util.ratelimit.RateLimiterStrategy;
import org.apache.flink.connector.datagen.source.DataGeneratorSource;

/**
 * The job's own pulse on the control stream: a {@link ControlMessage#tick} every interval, which
 * the broadcast carries to every match subtask. A running re-hash advances one slice per tick, so
 * it needs no uploads to make progress and never holds a subtask for longer than a slice.
 *
 * <p>Why a source and not a timer: the broadcast side of a keyed function has no timer service,
 * and a keyed timer would only reach tenants that are receiving uploads.
 */
public final class SwapTicker {
  private SwapTicker() {}

  /**
   * An endless, rate-limited source of ticks, each stamped with the wall-clock time it was made
   * (checkpointed: a restore does not replay them). Run it with parallelism 1.
   */
  public static DataGeneratorSource<ControlMessage> source(Duration interval) {
    double perSecond = 1000.0 / Math.max(1, interval.toMillis());
    return new DataGeneratorSource<>(
        index -> ControlMessage.tick(System.currentTimeMillis()), Long.MAX_VALUE,
        RateLimiterStrategy.perSecond(perSecond), TypeInformation.of(ControlMessage.class));
  }
}
