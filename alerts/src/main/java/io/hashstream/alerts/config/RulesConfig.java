package io.hashstream.alerts.config;

import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;

/**
 * The moderation rules and the bounds of every piece of state, validated on construction. {@link
 * #defaults()} gives the documented defaults; the {@code with*} methods change one value.
 *
 * @param partitions partitions of the service's repartition topics (tenants are spread over them)
 * @param bankMaxDistance per-bank maximum Hamming distance (in bits of the match's code): a match
 *     farther than its bank's limit is treated as a match against an unbanked image
 * @param defaultBankMaxDistance the limit of banks that {@code bankMaxDistance} does not name
 * @param bankMaxPdqDistance per-bank maximum PDQ distance (of 256 bits) of a match of a bank entry
 *     (a hash from a list): a match farther than its bank's limit is no match
 * @param defaultBankMaxPdqDistance the PDQ limit of banks that {@code bankMaxPdqDistance} does not
 *     name (256: the streaming job's {@code banks.pdq-radius} alone decides)
 * @param matchWindow how long matches are kept, for look-ups and for verdicts that arrive after the
 *     match
 * @param retroactiveVerdicts whether a new REMOVE or REVIEW verdict acts on the matches still in
 *     {@code matchWindow}
 * @param clusterIdleTtl a cluster (and its members' membership) is forgotten after this long
 *     without a new match
 * @param maxListedMembers how many member ids a cluster lists for look-ups (its size is exact)
 * @param floodMaxNewMembers a cluster gaining more new members than this within {@code
 *     floodWindow} is quarantined
 * @param floodWindow the sliding window of the flood rate
 * @param floodQuarantine how long a quarantine lasts after the last new member
 * @param actionsWindow how long emitted actions stay in the look-up store of recent actions
 * @param purgeInterval how often (in stream time) idle clusters and calm flood state are purged
 * @param maxThumbnails thumbnails kept per task (an LRU map; about 3 KB each)
 * @param thumbnailPixels the longer side of a thumbnail
 * @param maxImageBytes uploads larger than this get no thumbnail
 */
public record RulesConfig(
    int partitions,
    Map<String, Integer> bankMaxDistance,
    int defaultBankMaxDistance,
    Map<String, Integer> bankMaxPdqDistance,
    int defaultBankMaxPdqDistance,
    Duration matchWindow,
    boolean retroactiveVerdicts,
    Duration clusterIdleTtl,
    int maxListedMembers,
    int floodMaxNewMembers,
    Duration floodWindow,
    Duration floodQuarantine,
    Duration actionsWindow,
    Duration purgeInterval,
    int maxThumbnails,
    int thumbnailPixels,
    int maxImageBytes) {

  /** The longest code the pipeline produces: a distance limit this high never rejects a match. */
  public static final int MAX_CODE_BITS = 256;

  public RulesConfig {
    range("partitions", partitions, 1, 10_000);
    bankMaxDistance = Map.copyOf(bankMaxDistance);
    bankMaxDistance.forEach(
        (bank, limit) -> {
          if (bank.isBlank()) {
            throw new IllegalArgumentException("bankMaxDistance has a blank bank name");
          }
          range("bankMaxDistance[" + bank + "]", limit, 0, MAX_CODE_BITS);
        });
    range("defaultBankMaxDistance", defaultBankMaxDistance, 0, MAX_CODE_BITS);
    bankMaxPdqDistance = Map.copyOf(bankMaxPdqDistance);
    bankMaxPdqDistance.forEach((bank, limit) -> range("bankMaxPdqDistance[" + bank + "]", limit, 0,
        MAX_CODE_BITS));
    range("defaultBankMaxPdqDistance", defaultBankMaxPdqDistance, 0, MAX_CODE_BITS);
    positive("matchWindow", matchWindow);
    positive("clusterIdleTtl", clusterIdleTtl);
    range("maxListedMembers", maxListedMembers, 1, 1000);
    range("floodMaxNewMembers", floodMaxNewMembers, 1, 1_000_000);
    positive("floodWindow", floodWindow);
    positive("floodQuarantine", floodQuarantine);
    positive("actionsWindow", actionsWindow);
    positive("purgeInterval", purgeInterval);
    range("maxThumbnails", maxThumbnails, 1, 1_000_000);
    range("thumbnailPixels", thumbnailPixels, 16, 512);
    range("maxImageBytes", maxImageBytes, 1024, 256 << 20);
  }

  /** The defaults the service starts with. */
  public static RulesConfig defaults() {
    return new RulesConfig(
        4,
        Map.of(),
        MAX_CODE_BITS,
        Map.of(),
        MAX_CODE_BITS,
        Duration.ofHours(24),
        true,
        Duration.ofHours(24),
        20,
        20,
        Duration.ofMinutes(1),
        Duration.ofHours(1),
        Duration.ofHours(1),
        Duration.ofMinutes(1),
        2_000,
        96,
        16 << 20);
  }

  /** The distance limit of {@code bank}. */
  public int maxDistanceFor(String bank) {
    return bankMaxDistance.getOrDefault(bank, defaultBankMaxDistance);
  }

  /** The PDQ distance limit of {@code bank} for matches of its entries. */
  public int maxPdqDistanceFor(String bank) {
    return bankMaxPdqDistance.getOrDefault(bank, defaultBankMaxPdqDistance);
  }

  /** The limit of a bank entry's match by {@code signal}: PDQ's, else the CroVCA one. */
  public int entryLimitFor(String bank, io.hashstream.schemas.MatchSignal signal) {
    return signal == io.hashstream.schemas.MatchSignal.PDQ
        ? maxPdqDistanceFor(bank) : maxDistanceFor(bank);
  }

  /** Sets the PDQ limits of bank entries' matches. */
  public RulesConfig withBankPdqLimits(Map<String, Integer> perBank, int defaultLimit) {
    return new RulesConfig(
        partitions, bankMaxDistance, defaultBankMaxDistance, perBank, defaultLimit, matchWindow,
        retroactiveVerdicts, clusterIdleTtl, maxListedMembers, floodMaxNewMembers, floodWindow,
        floodQuarantine, actionsWindow, purgeInterval, maxThumbnails, thumbnailPixels,
        maxImageBytes);
  }

  public RulesConfig withPartitions(int n) {
    return new RulesConfig(
        n, bankMaxDistance, defaultBankMaxDistance, bankMaxPdqDistance, defaultBankMaxPdqDistance,
        matchWindow, retroactiveVerdicts,
        clusterIdleTtl, maxListedMembers, floodMaxNewMembers, floodWindow, floodQuarantine,
        actionsWindow, purgeInterval, maxThumbnails, thumbnailPixels, maxImageBytes);
  }

  /** Sets the limit of one bank, keeping the others. */
  public RulesConfig withBankMaxDistance(String bank, int limit) {
    Map<String, Integer> limits = new TreeMap<>(bankMaxDistance);
    limits.put(bank, limit);
    return withBankLimits(limits, defaultBankMaxDistance);
  }

  public RulesConfig withBankLimits(Map<String, Integer> perBank, int defaultLimit) {
    return new RulesConfig(
        partitions, perBank, defaultLimit, bankMaxPdqDistance, defaultBankMaxPdqDistance,
        matchWindow, retroactiveVerdicts, clusterIdleTtl, maxListedMembers, floodMaxNewMembers, floodWindow, floodQuarantine, actionsWindow,
        purgeInterval, maxThumbnails, thumbnailPixels, maxImageBytes);
  }

  public RulesConfig withMatchWindow(Duration window, boolean retroactive) {
    return new RulesConfig(
        partitions, bankMaxDistance, defaultBankMaxDistance, bankMaxPdqDistance,
        defaultBankMaxPdqDistance, window, retroactive, clusterIdleTtl,
        maxListedMembers, floodMaxNewMembers, floodWindow, floodQuarantine, actionsWindow,
        purgeInterval, maxThumbnails, thumbnailPixels, maxImageBytes);
  }

  public RulesConfig withClusters(Duration idleTtl, int listedMembers, Duration purgeEvery) {
    return new RulesConfig(
        partitions, bankMaxDistance, defaultBankMaxDistance, bankMaxPdqDistance,
        defaultBankMaxPdqDistance, matchWindow, retroactiveVerdicts,
        idleTtl, listedMembers, floodMaxNewMembers, floodWindow, floodQuarantine, actionsWindow,
        purgeEvery, maxThumbnails, thumbnailPixels, maxImageBytes);
  }

  public RulesConfig withFlood(int maxNewMembers, Duration window, Duration quarantine) {
    return new RulesConfig(
        partitions, bankMaxDistance, defaultBankMaxDistance, bankMaxPdqDistance,
        defaultBankMaxPdqDistance, matchWindow, retroactiveVerdicts,
        clusterIdleTtl, maxListedMembers, maxNewMembers, window, quarantine, actionsWindow,
        purgeInterval, maxThumbnails, thumbnailPixels, maxImageBytes);
  }

  public RulesConfig withActionsWindow(Duration window) {
    return new RulesConfig(
        partitions, bankMaxDistance, defaultBankMaxDistance, bankMaxPdqDistance,
        defaultBankMaxPdqDistance, matchWindow, retroactiveVerdicts,
        clusterIdleTtl, maxListedMembers, floodMaxNewMembers, floodWindow, floodQuarantine, window,
        purgeInterval, maxThumbnails, thumbnailPixels, maxImageBytes);
  }

  public RulesConfig withThumbnails(int max, int pixels, int maxBytes) {
    return new RulesConfig(
        partitions, bankMaxDistance, defaultBankMaxDistance, bankMaxPdqDistance,
        defaultBankMaxPdqDistance, matchWindow, retroactiveVerdicts,
        clusterIdleTtl, maxListedMembers, floodMaxNewMembers, floodWindow, floodQuarantine,
        actionsWindow, purgeInterval, max, pixels, maxBytes);
  }

  private static void range(String name, int value, int min, int max) {
    if (value < min || value > max) {
      throw new IllegalArgumentException(
          name + " must be " + min + ".." + max + ", was " + value);
    }
  }

  private static void positive(String name, Duration value) {
    if (value == null || value.isNegative() || value.isZero()) {
      throw new IllegalArgumentException(name + " must be a positive duration, was " + value);
    }
  }
}
