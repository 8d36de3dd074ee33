package io.hashstream.flink.swap;

import java.time.Duration;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.connector.source.util.ratelimit.RateLimiterStrategy;
import org.apache.flink.connector.datagen.source.DataGeneratorSource;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/**
 * The job's own pulse on the control stream: a {@link ControlMessage#tick} every interval, which
 * the broadcast carries to every match subtask. A running re-hash advances one slice per tick, so
 * it needs no uploads to make progress and never holds a subtask for longer than a slice.
 *
 * <p>Why a source and not a timer: the broadcast side of a keyed function has no timer service,
 * and a keyed timer would only reach tenants that are receiving uploads.
 */
public final class SwapTicker {
  public static final String UID = "swap-ticks";

  private SwapTicker() {}

  /** An endless, rate-limited stream of ticks (checkpointed: a restore does not replay them). */
  public static DataStream<ControlMessage> ticks(StreamExecutionEnvironment env, Duration interval) {
    double perSecond = 1000.0 / Math.max(1, interval.toMillis());
    DataGeneratorSource<ControlMessage> source =
        new DataGeneratorSource<>(
            index -> ControlMessage.tick(System.currentTimeMillis()), Long.MAX_VALUE, RateLimiterStrategy.perSecond(perSecond),
            TypeInformation.of(ControlMessage.class));
    return env.fromSource(source, WatermarkStrategy.noWatermarks(), UID)
        .uid(UID)
        .setParallelism(1);
  }
}
