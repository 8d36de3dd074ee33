#!/usr/bin/env bash
# Regenerates the encoder parity fixtures in core/src/test/resources/encoder/:
#   images/*.png                     six 112x112 RGB photos from Debian python3-skimage (CC0 / public domain)
#   reference_embeddings.f32le.bin   their 1792-d embeddings computed by TF.js (pure-JS CPU backend)
#                                    from the original, unconverted nsfwjs graph model
#   reference.json                   the index the Java parity test reads
# Run tools/nsfwjs-onnx/convert.sh first (it leaves the dumped TF.js model in $WORK).
#
# env:   WORK  scratch directory shared with convert.sh (default /tmp/nsfwjs-onnx-work)
# needs: apt-get (download only, nothing is installed), Debian python3-pil for /usr/bin/python3,
#        node + npm (installs @tensorflow/tfjs-* 4.22.0 into $WORK/tfjs with --ignore-scripts).
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(cd "$HERE/../../.." && pwd)"
WORK="${WORK:-/tmp/nsfwjs-onnx-work}"
DEST="$ROOT/core/src/test/resources/encoder"
SKIMAGE_DEB_VERSION="0.19.3-8"
TFJS_VERSION="4.22.0"
NAMES=(astronaut chelsea coffee rocket camera hubble_deep_field)

if [[ ! -f "$WORK/mobilenet_v2_mid/model.json" ]]; then
  echo "run tools/nsfwjs-onnx/convert.sh first (no $WORK/mobilenet_v2_mid)" >&2
  exit 1
fi
if ! /usr/bin/python3 -c 'import PIL' 2>/dev/null; then
  echo "/usr/bin/python3 lacks PIL: apt-get install -y python3-pil" >&2
  exit 1
fi

mkdir -p "$WORK/skimage"
cd "$WORK/skimage"
if ! ls python3-skimage_*.deb >/dev/null 2>&1; then
  apt-get download "python3-skimage=$SKIMAGE_DEB_VERSION"
fi
dpkg -x python3-skimage_*.deb x
/usr/bin/python3 "$HERE/make_images.py" x/usr/lib/python3/dist-packages/skimage/data "$DEST/images" "$WORK/raw"

mkdir -p "$WORK/tfjs"
cd "$WORK/tfjs"
if [[ ! -d node_modules/@tensorflow/tfjs-converter ]]; then
  [[ -f package.json ]] || echo '{"private": true}' > package.json
  npm install --ignore-scripts --no-audit --no-fund --silent \
    "@tensorflow/tfjs-core@$TFJS_VERSION" "@tensorflow/tfjs-converter@$TFJS_VERSION" \
    "@tensorflow/tfjs-backend-cpu@$TFJS_VERSION"
fi
node "$HERE/tfjs_reference.cjs" "$WORK/tfjs" "$WORK/mobilenet_v2_mid" "$WORK/raw" "$DEST" "${NAMES[@]}"
ls -l "$DEST" "$DEST/images"
