package io.hashstream.index;

import io.hashstream.code.CodeLength;

/**
 * Every implementation (and every shape of the multi-index one worth testing apart), for tests
 * that run over implementations × code lengths.
 */
public enum IndexKind {
  /** The linear scan. */
  SCAN {
    @Override
    public HammingIndex create(CodeLength length) {
      return new ScanIndex(length);
    }
  },
  /** Multi-index hashing with the default configuration. */
  MIH {
    @Override
    public HammingIndex create(CodeLength length) {
      return new MultiIndexHashIndex(length);
    }
  },
  /**
   * Multi-index hashing with a 64-item buffer and level ratio 2 (many segments, many merges) and
   * the scan fallback off, so probing answers at every radius.
   */
  MIH_MANY_SEGMENTS_PROBE_ONLY {
    @Override
    public HammingIndex create(CodeLength length) {
      return new MultiIndexHashIndex(
          length, new MultiIndexHashConfig(64, 2, 0, false));
    }
  },
  /**
   * Multi-index hashing with an odd substring count, so substrings have unequal widths and, for
   * 128 and 256 bits, span word boundaries; probing only.
   */
  MIH_ODD_SUBSTRINGS_PROBE_ONLY {
    @Override
    public HammingIndex create(CodeLength length) {
      int m = switch (length) {
        case BITS_16 -> 3;
        case BITS_32 -> 3;
        case BITS_64 -> 5;
        case BITS_128 -> 6;
        case BITS_256 -> 11;
      };
      return new MultiIndexHashIndex(length, new MultiIndexHashConfig(256, 4, m, false));
    }
  },
  /** One whole-id-space shard (scan, promoting to multi-index hashing past 4096 items). */
  SHARD {
    @Override
    public HammingIndex create(CodeLength length) {
      return new IndexShard(length, 1L, ShardSpec.WHOLE);
    }
  };

  /** Creates an empty index of this kind. */
  public abstract HammingIndex create(CodeLength length);
}
