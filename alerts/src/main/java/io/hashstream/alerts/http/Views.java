package io.hashstream.alerts.http;

import io.hashstream.alerts.processor.ClusterState;
import io.hashstream.alerts.processor.FloodState;
import io.hashstream.schemas.ModerationAction;
import io.hashstream.schemas.ModerationVerdict;
import io.hashstream.schemas.NearDuplicate;
import java.time.Instant;
import java.util.List;

/** The JSON shapes of the HTTP API: plain records, times as ISO-8601 UTC strings. */
public final class Views {
  private Views() {}

  /** A verdict: the image's bank and the moderator's decision. */
  public record VerdictView(
      String tenant, String imageId, String bank, String verdict, String decidedBy, String decidedAt, String note) {
    static VerdictView of(ModerationVerdict v) {
      return new VerdictView(
          v.getTenant(), v.getImageId(), v.getBank(), v.getVerdict().name(), v.getDecidedBy(),
          v.getDecidedAt().toString(), v.getNote());
    }
  }

  /**
   * A raw match with its evidence: which signals matched ({@code CROVCA}, {@code PDQ}; empty in
   * records from before PDQ, which matched on CROVCA), the CroVCA distance, and the PDQ distance
   * with the rotation/flip that gave it when both images have a PDQ hash.
   */
  public record MatchView(
      String queryId,
      String matchId,
      List<String> signals,
      int distance,
      int bits,
      String modelVersion,
      Integer pdqDistance,
      String pdqTransform,
      String detectedAt,
      String queryUploadedAt,
      String matchUploadedAt) {
    static MatchView of(NearDuplicate m) {
      return new MatchView(
          m.getQueryId(), m.getMatchId(), m.getSignals().stream().map(Enum::name).toList(),
          m.getDistance(), m.getBits(), m.getModelVersion(), m.getPdqDistance(), m.getPdqTransform(),
          m.getDetectedAt().toString(), m.getQueryUploadedAt().toString(), m.getMatchUploadedAt().toString());
    }
  }

  /** A cluster (always a root) with its flood-control state. */
  public record ClusterView(
      String clusterId,
      String tenant,
      String seedId,
      long size,
      List<String> latestMembers,
      String createdAt,
      String lastActiveAt,
      String quarantinedUntil,
      long withheldActions) {
    static ClusterView of(ClusterState c, FloodState flood) {
      boolean quarantined = flood != null && flood.quarantinedUntilMs() > 0;
      return new ClusterView(
          c.clusterId(), c.tenant(), c.seedId(), c.size(), c.members(),
          Instant.ofEpochMilli(c.createdAtMs()).toString(),
          Instant.ofEpochMilli(c.lastActiveAtMs()).toString(),
          quarantined ? Instant.ofEpochMilli(flood.quarantinedUntilMs()).toString() : null,
          flood == null ? 0 : flood.suppressed());
    }
  }

  /**
   * An emitted action. {@code signal} says which signal matched; {@code bankContentId} is set when
   * the match was a bank entry (a hash from a list): {@code matchId} is then the entry's content id,
   * of which there is no image.
   */
  public record ActionView(
      String actionId,
      String tenant,
      String action,
      String imageId,
      String matchId,
      Integer distance,
      String modelVersion,
      String bank,
      String clusterId,
      String uploadedAt,
      String decidedAt,
      String detail,
      String signal,
      Long bankContentId) {
    static ActionView of(ModerationAction a) {
      return new ActionView(
          a.getActionId(), a.getTenant(), a.getAction().name(), a.getImageId(), a.getMatchId(),
          a.getDistance(), a.getModelVersion(), a.getBank(), a.getClusterId(),
          a.getUploadedAt().toString(), a.getDecidedAt().toString(), a.getDetail(),
          a.getSignal() == null ? null : a.getSignal().name(), a.getBankContentId());
    }
  }

  /**
   * Everything known about one image, in one answer: its verdict, its cluster, and its recent
   * matches (each with distance and model version).
   */
  public record CaseView(
      String tenant, String imageId, VerdictView verdict, ClusterView cluster, List<MatchView> matches) {}

  /** A list of actions; {@code partial} where an instance did not answer. */
  public record ActionList(List<ActionView> actions, boolean partial) {}

  /** A list of clusters; {@code partial} where an instance did not answer. */
  public record ClusterList(List<ClusterView> clusters, boolean partial) {}
}
