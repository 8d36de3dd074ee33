#!/usr/bin/env bash
# The hashing-quality benchmark (BENCHMARKS.md, "Hashing quality"): fetches the labelled sets
# (fetch-data.sh; AGPL IFCT photos stay in the scratch folder) and the evaluation photos
# (tools/default-model/photos.sh), embeds the unlabelled training views (once; cached in
# DATA_SCRATCH/views-*), then runs './hashstream bench-quality', which writes
# benchmarks/results/quality.json, and tools/quality/crovca-json.py (benchmarks/results/crovca.json).
#
# Retrieval (mAP): training rows of every method (CroVCA, LSH, PCA-RR, ITQ), all unlabelled:
#   - views-labelled-s0, -s1: the paper's augmentations of every image of the labelled sets, 4 pairs
#     per image per seed (the paper trains on the target data set's own images, without labels);
#   - views-labelled-copy: 8 pairs of copy-like views (a fifth the paper's) of the same images;
#   - views-copy: 24 pairs per non-held-out photo, each view the paper's augmentation (p 0.5) or a
#     chain of copy-like edits; the held-out photos (index % 4 == 0) are skipped, never embedded.
# Copy detection: originals are the 378 evaluation-only photos of copy-photos.sh (never trained or
# tuned on), each with its 30 CopyTransforms as queries; the labelled images are distractors.
# CroVCA-64 is the shipped default model as shipped (trained on other, permissively licensed
# photos), scored beside the same model calibrated on the database, pHash, dHash, the float
# embedding, the fused CroVCA-64 OR pHash/dHash, and CroVCA-64 with region codes (centre and four
# corner windows of 60% of each side indexed as extra codes of every database item).
# Usage: tools/quality/run.sh [PHOTO_SCRATCH] [DATA_SCRATCH]
#        COPY_ONLY=1 tools/quality/run.sh ...   copy detection only (no training views, no mAP):
#        writes benchmarks/results/copy-detection.json, which crovca-json.py then prefers
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
photos="$(realpath -m "${1:-/tmp/hashstream-default-model}")"
data="$(realpath -m "${2:-/tmp/hashstream-quality}")"
"$ROOT/tools/quality/fetch-data.sh" "$data"
"$ROOT/tools/default-model/photos.sh" "$photos"
"$ROOT/tools/quality/copy-photos.sh" "$data/copy-photos"
# the experiments runner (io.hashstream.bench.experiments.CrovcaExperiments) on the job benchmarks' classpath
"$ROOT/hashstream" bench-quality --help >/dev/null   # builds benchmarks/job if needed
if [[ "${COPY_ONLY:-0}" == 1 ]]; then
  "$ROOT/hashstream" bench-quality --copy-only --region-fraction 0.6 \
    --copy-photos "$data/copy-photos/copy-photos.txt" \
    --labelled "tuxpaint=$data/tuxpaint.tsv" --labelled "ifct=$data/ifct.tsv" \
    --out "$ROOT/benchmarks/results/copy-detection.json"
  (cd "$ROOT" && python3 tools/quality/crovca-json.py)
  exit 0
fi
experiments() {
  (cd "$ROOT" && OMP_NUM_THREADS=1 java -Dai.djl.offline=true -Dai.djl.pytorch.num_threads=1 \
    -Dai.djl.pytorch.num_interop_threads=1 -DENGINE_CACHE_DIR="${ENGINE_CACHE_DIR:-$HOME/.cache/hashstream/djl}" \
    -cp "$ROOT/benchmarks/job/target/classes:$(cat "$ROOT/benchmarks/job/target/classpath.txt")" \
    io.hashstream.bench.experiments.CrovcaExperiments "$@")
}
cat "$data/tuxpaint.tsv" "$data/ifct.tsv" > "$data/labelled-all.tsv"
for s in 0 1; do
  [[ -f "$data/views-labelled-s$s/view2.npy" ]] || experiments views --images "$data/labelled-all.tsv" \
    --pairs 4 --seed "$s" --out "$data/views-labelled-s$s"
done
[[ -f "$data/views-labelled-copy/view2.npy" ]] || experiments views --images "$data/labelled-all.tsv" \
  --aug copy --crovca-probability 0.2 --pairs 8 --seed 0 --out "$data/views-labelled-copy"
[[ -f "$data/views-copy/view2.npy" ]] || experiments views --images "$photos/photos.txt" --aug copy \
  --crovca-probability 0.5 --skip-holdout-every 4 --pairs 24 --seed 0 --out "$data/views-copy"
"$ROOT/hashstream" bench-quality --epochs "${EPOCHS:-10}" --region-fraction 0.6 \
  --copy-photos "$data/copy-photos/copy-photos.txt" \
  --train-views "$data/views-labelled-s0" --train-views "$data/views-labelled-s1" \
  --train-views "$data/views-labelled-copy" --train-views "$data/views-copy" \
  --labelled "tuxpaint=$data/tuxpaint.tsv" --labelled "ifct=$data/ifct.tsv"

# the CroVCA issue summary (benchmarks/results/crovca.json) from quality.json and training.json
(cd "$ROOT" && python3 tools/quality/crovca-json.py)
