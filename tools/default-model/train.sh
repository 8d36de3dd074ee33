#!/usr/bin/env bash
# Reproduces the default model core/src/main/resources/io/hashstream/model/default-crovca-64.hsm:
# a 64-bit CroVCA HashCoder for the bundled encoder, trained on two seeded CroVCA augmentations of
# each of 92 photos from Debian packages (see PROVENANCE.md beside the model). Everything bulky
# (debs, photos, embeddings) stays in the scratch folder; only the artifact and its .sha256 are
# written into the repository.
#
# Usage: tools/default-model/train.sh [SCRATCH_DIR]        (default /tmp/hashstream-default-model)
# Cost on 2 shared cores: ~280 MB of debs, ~25-40 min of embedding (20,608 views), ~3 min training.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
scratch="$(realpath -m "${1:-/tmp/hashstream-default-model}")"
pairs=112
seed=0
model="$ROOT/core/src/main/resources/io/hashstream/model/default-crovca-64.hsm"
encoder_id="mobilenet_v2_140_nsfwjs@sha256:d25f939da8ceeb87"   # BundledEncoder.ENCODER_ID

"$ROOT/tools/default-model/photos.sh" "$scratch"
if [[ ! -f "$scratch/views/view2.npy" ]]; then
  "$ROOT/hashstream" extract-views --photos "$scratch/photos.txt" --out "$scratch/views" \
    --pairs-per-photo "$pairs" --seed "$seed"
fi
"$ROOT/hashstream" train --view "$scratch/views/view1.npy" --view "$scratch/views/view2.npy" \
  --encoder-id "$encoder_id" --bits 64 --seed "$seed" --output "$model"
(cd "$(dirname "$model")" && sha256sum "$(basename "$model")" | cut -d' ' -f1 > "$(basename "$model").sha256")
echo "default model: $model sha256 $(cat "$model.sha256")"
