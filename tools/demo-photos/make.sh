#!/usr/bin/env bash
# Re-makes the demo's sample photos (demo/src/main/resources/io/hashstream/demo/photos/):
# fetches two Debian packages with `apt-get download` into a scratch folder, unpacks them with
# `dpkg-deb -x` (nothing is installed system-wide), and writes each selected photo shrunk so its
# longest side is at most 480 px (Lanczos; never enlarged), as a baseline JPEG of quality 85 with
# no metadata (grey photos stay grey), plus index.csv (file,source,license,sha256).
#
# Usage: tools/demo-photos/make.sh [SCRATCH_DIR] [OUT_DIR]
#   SCRATCH_DIR  where the .deb files are fetched and unpacked (default /tmp/hs-demo-photos);
#                .deb files already there are reused
#   OUT_DIR      default: the resources folder above
# Needs: apt-get, dpkg-deb, sha256sum, and python3 with PIL (Debian: apt-get install python3-pil).
#
# The JPEG bytes depend on the libjpeg that PIL links: another libjpeg can give other bytes (and
# so other sha256s in index.csv) for the same pixels. The committed files were made on Debian 12
# (bookworm) with python3-pil 9.4.0. PROVENANCE.md beside the photos is written by hand; update
# its sha256 column from index.csv when the photos change.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
repo="$(cd "$here/../.." && pwd)"
scratch="${1:-/tmp/hs-demo-photos}"
out="${2:-$repo/demo/src/main/resources/io/hashstream/demo/photos}"

# The Debian bookworm versions the committed photos come from.
declare -A want=([python3-skimage]=0.19.3-8 [opencv-doc]=4.6.0+dfsg-12)

python=""
for p in python3 /usr/bin/python3; do
  if command -v "$p" >/dev/null && "$p" -c 'import PIL' 2>/dev/null; then python="$p"; break; fi
done
[ -n "$python" ] || { echo "need python3 with PIL: apt-get install python3-pil" >&2; exit 1; }

mkdir -p "$scratch/debs" "$scratch/root" "$out"
cd "$scratch/debs"
for p in "${!want[@]}"; do
  ls "$p"_*.deb >/dev/null 2>&1 || apt-get download "$p"
  deb="$(ls "$p"_*.deb | head -n1)"
  got="$(dpkg-deb -f "$deb" Version)"
  if [ "$got" != "${want[$p]}" ]; then
    echo "warning: $p is $got, the committed photos come from ${want[$p]}" >&2
  fi
  dpkg-deb -x "$deb" ../root
done

sk="usr/lib/python3/dist-packages/skimage/data"
cv="usr/share/doc/opencv-doc/examples/data"
skv="python3-skimage ${want[python3-skimage]}"
cvv="opencv-doc ${want[opencv-doc]}"
cvlic="Apache-2.0 AND BSD-3-Clause (OpenCV; debian/copyright Files: *)"
# Left out after measuring (see PROVENANCE.md): skimage clock_motion.png and ihc.png, whose codes
# under the default model move by 5-16 bits for most mild copies, and moon.png, cell.png (no photo
# terms stated, or not a photo).
# output name | package and version | path inside the package | licence (for skimage: the terms
# stated for that image in skimage/data/_fetchers.py of the same package)
selection="$(cat <<LIST
astronaut.jpg|$skv|$sk/astronaut.png|Public domain (NASA photo of Eileen Collins)
camera.jpg|$skv|$sk/camera.png|CC0-1.0 (photographer Lav Varshney)
chelsea.jpg|$skv|$sk/chelsea.png|CC0-1.0 (photographer Stefan van der Walt)
coffee.jpg|$skv|$sk/coffee.png|CC0-1.0 (photographer Rachel Michetti)
hubble_deep_field.jpg|$skv|$sk/hubble_deep_field.jpg|Public domain (NASA)
retina.jpg|$skv|$sk/retina.jpg|CC0-1.0 (Wikimedia Commons Fundus_photograph_of_normal_left_eye)
rocket.jpg|$skv|$sk/rocket.jpg|Public domain (SpaceX launch photo)
brick.jpg|$skv|$sk/brick.png|CC0-1.0 (cc0textures Bricks25)
grass.jpg|$skv|$sk/grass.png|CC0-1.0 (DeviantArt linolafett Grass-01)
gravel.jpg|$skv|$sk/gravel.png|CC0-1.0 (cc0textures Gravel04)
coins.jpg|$skv|$sk/coins.png|No known copyright restrictions (Brooklyn Museum via skimage)
starry_night.jpg|$cvv|$cv/starry_night.jpg|$cvlic; painting by Van Gogh (public domain)
fruits.jpg|$cvv|$cv/fruits.jpg|$cvlic
butterfly.jpg|$cvv|$cv/butterfly.jpg|$cvlic
squirrel.jpg|$cvv|$cv/squirrel_cls.jpg|$cvlic
building.jpg|$cvv|$cv/building.jpg|$cvlic
LIST
)"

ROOT="$scratch/root" OUT="$out" SELECTION="$selection" "$python" - <<'PY'
import csv, hashlib, io, os
from PIL import Image

root, out = os.environ["ROOT"], os.environ["OUT"]
rows = []
for line in os.environ["SELECTION"].strip().splitlines():
    name, package, path, licence = line.split("|")
    im = Image.open(os.path.join(root, path))
    im.load()
    im = im.convert("L" if im.mode in ("L", "I", "I;16", "1") else "RGB")
    scale = 480 / max(im.size)
    if scale < 1:
        size = (max(1, round(im.width * scale)), max(1, round(im.height * scale)))
        im = im.resize(size, Image.LANCZOS)
    buf = io.BytesIO()
    im.save(buf, "JPEG", quality=85, optimize=True, progressive=False)
    data = buf.getvalue()
    with open(os.path.join(out, name), "wb") as f:
        f.write(data)
    rows.append([name, f"{package}:{path}", licence, hashlib.sha256(data).hexdigest()])
    print(f"{name:24s} {im.width}x{im.height} {im.mode:3s} {len(data):7d} bytes")
with open(os.path.join(out, "index.csv"), "w", newline="") as f:
    w = csv.writer(f, lineterminator="\n")
    w.writerow(["file", "source", "license", "sha256"])
    w.writerows(rows)
print(f"{len(rows)} photos, {sum(os.path.getsize(os.path.join(out, r[0])) for r in rows)} bytes")
PY
