package io.hashstream.alerts.processor;

import java.util.Arrays;

/**
 * Flood control of one cluster, in store {@link io.hashstream.alerts.topology.StoreNames#FLOOD}.
 *
 * @param recentJoinsMs the times of the latest new members, oldest first, at most {@code
 *     floodMaxNewMembers + 1}: the cluster floods when all of them fall within {@code floodWindow}
 * @param quarantinedUntilMs stream time until which ALERT and REVIEW actions of new members are
 *     withheld (0: never quarantined)
 * @param floodStartedAtMs when the current or last quarantine began (0: never)
 * @param suppressed actions withheld during the current or last quarantine
 */
public record FloodState(
    long[] recentJoinsMs, long quarantinedUntilMs, long floodStartedAtMs, long suppressed) {

  static FloodState calm() {
    return new FloodState(new long[0], 0, 0, 0);
  }

  /** Records a new member at {@code atMs}, keeping the latest {@code maxNewMembers + 1}. */
  FloodState joinedAt(long atMs, int maxNewMembers) {
    int keep = Math.min(recentJoinsMs.length + 1, maxNewMembers + 1);
    long[] joins = new long[keep];
    int copied = keep - 1;
    System.arraycopy(recentJoinsMs, recentJoinsMs.length - copied, joins, 0, copied);
    joins[keep - 1] = atMs;
    Arrays.sort(joins);
    return new FloodState(joins, quarantinedUntilMs, floodStartedAtMs, suppressed);
  }

  /** Whether more than {@code maxNewMembers} joined within {@code windowMs} up to the latest. */
  boolean exceeds(int maxNewMembers, long windowMs) {
    int n = recentJoinsMs.length;
    return n > maxNewMembers && recentJoinsMs[n - 1] - recentJoinsMs[0] < windowMs;
  }

  boolean quarantinedAt(long atMs) {
    return atMs < quarantinedUntilMs;
  }

  FloodState quarantine(long startMs, long untilMs) {
    return new FloodState(recentJoinsMs, untilMs, startMs, 0);
  }

  FloodState extendedTo(long untilMs, boolean withheld) {
    return new FloodState(
        recentJoinsMs, Math.max(quarantinedUntilMs, untilMs), floodStartedAtMs,
        suppressed + (withheld ? 1 : 0));
  }

  /** Whether nothing here matters any more at {@code nowMs}: not quarantined, no recent join. */
  boolean calmAt(long nowMs, long windowMs) {
    long lastJoin = recentJoinsMs.length == 0 ? Long.MIN_VALUE : recentJoinsMs[recentJoinsMs.length - 1];
    return !quarantinedAt(nowMs) && lastJoin < nowMs - windowMs;
  }
}
