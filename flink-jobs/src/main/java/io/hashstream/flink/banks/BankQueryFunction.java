package io.hashstream.flink.banks;

import io.hashstream.flink.config.JobConfig;
import io.hashstream.flink.inference.HashedUpload;
import io.hashstream.flink.inference.PdqSignal;
import org.apache.flink.api.common.functions.FlatMapFunction;
import org.apache.flink.util.Collector;

/**
 * Hashed upload → {@link BankQuery}: its PDQ variants if its hash is of useful quality ({@code
 * index.pdq-min-quality}; all eight or the original only, {@code banks.pdq-variants}) and its codes.
 * Failed uploads (the match step dead-letters them) and uploads with nothing to look up ask nothing.
 */
public final class BankQueryFunction implements FlatMapFunction<HashedUpload, BankQuery> {
  private static final long serialVersionUID = 1L;

  private final int pdqMinQuality;
  private final boolean allVariants;

  /**
   * @param pdqMinQuality PDQ hashes of lower quality are not looked up
   * @param variants which of the upload's PDQ rotations/flips are looked up
   */
  public BankQueryFunction(int pdqMinQuality, JobConfig.PdqVariants variants) {
    this.pdqMinQuality = pdqMinQuality;
    this.allVariants = variants == JobConfig.PdqVariants.ALL;
  }

  @Override
  public void flatMap(HashedUpload upload, Collector<BankQuery> out) {
    if (upload.failed()) {
      return;
    }
    BankQuery q = new BankQuery();
    q.tenant = upload.tenant;
    q.imageId = upload.imageId;
    q.uploadedAt = upload.uploadedAt;
    if (upload.hasPdq() && upload.pdqQuality >= pdqMinQuality) {
      q.pdq = allVariants ? upload.pdqDihedral : PdqSignal.original(upload.pdqDihedral);
    }
    q.codes.putAll(upload.codes);
    if (q.pdq != null || !q.codes.isEmpty()) {
      out.collect(q);
    }
  }
}
