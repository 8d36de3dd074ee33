#!/usr/bin/env bash
# The hashing-quality benchmark (BENCHMARKS.md, "Hashing quality"): fetches the labelled sets
# (fetch-data.sh; AGPL IFCT photos stay in the scratch folder), reuses or rebuilds the default
# model's photo views (tools/default-model/train.sh's first two steps), then runs
# './hashstream bench-quality', which writes benchmarks/results/quality.json.
# Usage: tools/quality/run.sh [PHOTO_SCRATCH] [DATA_SCRATCH]
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
photos="$(realpath -m "${1:-/tmp/hashstream-default-model}")"
data="$(realpath -m "${2:-/tmp/hashstream-quality}")"
pairs=112
"$ROOT/tools/quality/fetch-data.sh" "$data"
"$ROOT/tools/default-model/photos.sh" "$photos"
if [[ ! -f "$photos/views/view2.npy" ]]; then
  "$ROOT/hashstream" extract-views --photos "$photos/photos.txt" --out "$photos/views" \
    --pairs-per-photo "$pairs" --seed 0
fi
"$ROOT/hashstream" bench-quality --photos "$photos/photos.txt" --views "$photos/views" \
  --pairs-per-photo "$pairs" --labelled "tuxpaint=$data/tuxpaint.tsv" --labelled "ifct=$data/ifct.tsv"
