#!/usr/bin/env bash
# Rebuilds the bundled default image encoder from npm nsfwjs@4.3.0:
#   npm pack -> verify the tarball's sha512 -> unpack -> dump the TF.js model -> convert to ONNX -> sha256.
#
# usage: tools/nsfwjs-onnx/convert.sh           write core/src/main/resources/io/hashstream/encoder/
#                                               mobilenet_v2_140_nsfwjs.onnx and .onnx.sha256
#        tools/nsfwjs-onnx/convert.sh --check   convert into the scratch dir only and fail unless the
#                                               result is byte-identical to the committed model
# env:   WORK  scratch directory (default /tmp/nsfwjs-onnx-work); nothing large is written to the repo
#              except the model itself.
# needs: node + npm (npm registry reachable), Debian python3-onnx and python3-numpy for /usr/bin/python3
#        (apt-get update && apt-get install -y python3-onnx python3-numpy), sha256sum, openssl.
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(cd "$HERE/../.." && pwd)"
WORK="${WORK:-/tmp/nsfwjs-onnx-work}"
PACKAGE="nsfwjs@4.3.0"
# npm's integrity for nsfwjs-4.3.0.tgz (registry metadata `dist.integrity`)
INTEGRITY="sha512-WTKDte0vp1X97N1h34P79G/hG+sVT3+TnDz9di1WseIJR93v11E4viNX7Vg9WsO6HYoR772Nzq2iM8jo3XBZ+g=="
MODEL="mobilenet_v2_mid"
NAME="mobilenet_v2_140_nsfwjs.onnx"
DEST_DIR="$ROOT/core/src/main/resources/io/hashstream/encoder"
PY=/usr/bin/python3

check=0
case "${1:-}" in
  --check) check=1 ;;
  "") ;;
  *) echo "usage: $0 [--check]" >&2; exit 2 ;;
esac

if ! "$PY" -c 'import onnx, numpy' 2>/dev/null; then
  echo "$PY lacks onnx/numpy: apt-get update && apt-get install -y python3-onnx python3-numpy" >&2
  exit 1
fi

mkdir -p "$WORK"
cd "$WORK"
tarball="nsfwjs-4.3.0.tgz"
if [[ ! -f "$tarball" ]]; then
  npm pack "$PACKAGE" --silent >/dev/null
fi
actual="sha512-$(openssl dgst -sha512 -binary "$tarball" | base64 -w0)"
if [[ "$actual" != "$INTEGRITY" ]]; then
  echo "$tarball integrity $actual, expected $INTEGRITY" >&2
  exit 1
fi
echo "$tarball: $actual"

rm -rf package "$MODEL"
tar xzf "$tarball" "package/LICENSE" "package/package.json" "package/dist/models/$MODEL"
node "$HERE/dump_tfjs_model.cjs" "package/dist/models/$MODEL" "$MODEL"

out="$WORK/$NAME"
"$PY" "$HERE/tfjs_graph_to_onnx.py" "$MODEL" "$out" \
  --source "npm $PACKAGE dist/models/$MODEL" --integrity "$INTEGRITY"
(cd "$WORK" && sha256sum "$NAME" > "$NAME.sha256")
cat "$WORK/$NAME.sha256"

if [[ $check == 1 ]]; then
  if cmp -s "$out" "$DEST_DIR/$NAME"; then
    echo "OK: identical to $DEST_DIR/$NAME"
  else
    echo "MISMATCH: $out differs from $DEST_DIR/$NAME" >&2
    exit 1
  fi
else
  mkdir -p "$DEST_DIR"
  cp "$out" "$WORK/$NAME.sha256" "$DEST_DIR/"
  echo "wrote $DEST_DIR/$NAME ($(stat -c %s "$DEST_DIR/$NAME") bytes)"
fi
