#!/usr/bin/env bash
# Fetches more photos for the copy-detection benchmark only (bench-quality --copy-photos; they are
# never trained on): real photos from three Debian packages, about 378 in all. They are used as
# test data in the scratch folder and never committed, so their licences (mixed GPL-3+, CC-BY-SA,
# CC-BY, public domain; see each package's debian/copyright) only matter to whoever runs this.
#   - gcompris-qt-data: the photos inside the erase, explore_* and categorization Qt resource
#     bundles (animals, monuments, fish, tools, energy, objects), unpacked by a small .rcc reader;
#   - libdlib19.1: the example photos (street scenes, face crops of a few people: hard negatives);
#   - scratch: the photographic stage backgrounds.
# apt-get download + dpkg -x: nothing is installed system-wide. Usage: copy-photos.sh SCRATCH_DIR
set -euo pipefail
D="$(realpath -m "${1:?usage: copy-photos.sh SCRATCH_DIR}")"
mkdir -p "$D/debs" "$D/x"
cd "$D/debs"
for p in gcompris-qt-data libdlib19.1 scratch; do
  ls "$p"_*.deb >/dev/null 2>&1 || apt-get download "$p"
done
for f in gcompris-qt-data_*.deb libdlib19.1_*.deb scratch_*.deb; do
  p=${f%%_*}; [[ -d ../x/$p ]] || dpkg -x "$f" ../x/$p
done
cd "$D/x"
if [[ ! -d gcompris ]]; then
python3 - gcompris-qt-data/usr/share/gcompris-qt/rcc gcompris <<'PY'
import sys, struct, zlib, os
src, out = sys.argv[1:]
def unrcc(path):
    b = open(path, 'rb').read(); assert b[:4] == b'qres'
    ver, tree, data, names = struct.unpack('>IIII', b[4:20]); ns = 22 if ver >= 2 else 14
    def name(o):
        n = struct.unpack('>H', b[names+o:names+o+2])[0]
        return b[names+o+6:names+o+6+2*n].decode('utf-16-be')
    def walk(i, pre):
        o = tree + i*ns; no, fl = struct.unpack('>IH', b[o:o+6]); p = os.path.join(pre, name(no) if i else '')
        if fl & 2:
            c, first = struct.unpack('>II', b[o+6:o+14])
            for k in range(first, first+c): walk(k, p)
        else:
            do = struct.unpack('>I', b[o+10:o+14])[0]; n = struct.unpack('>I', b[data+do:data+do+4])[0]
            blob = b[data+do+4:data+do+4+n]
            if fl & 1: blob = zlib.decompress(blob[4:])
            dst = os.path.join(out, p.lstrip('/')); os.makedirs(os.path.dirname(dst), exist_ok=True)
            open(dst, 'wb').write(blob)
    walk(0, '')
for a in ['erase', 'explore_farm_animals', 'explore_world_animals', 'explore_monuments',
          'explore_world_music', 'categorization']:
    unrcc(os.path.join(src, a + '.rcc'))
PY
fi
A=gcompris/gcompris/src/activities
{
  ls $A/erase/resource/*.webp $A/explore_*/resource/*/*.webp \
     $A/categorization/resource/images/{fishes,monuments,tools,renewable,others}/*.webp | LC_ALL=C sort
  ls libdlib19.1/usr/share/doc/libdlib19.1/examples/*.jpg \
     libdlib19.1/usr/share/doc/libdlib19.1/examples/{faces,johns/*}/*.jpg | LC_ALL=C sort
  ls scratch/usr/share/scratch/Media/Backgrounds/*/*.jpg scratch/usr/share/scratch/Media/Backgrounds/Nature/flowers.gif \
    | grep -vE '/(party-room|room[123]|spotlight-stage|woods-and-bench|school2|graffiti)\.jpg$' | LC_ALL=C sort
} | sed "s#^#$D/x/#" > "$D/copy-photos.txt"
wc -l < "$D/copy-photos.txt" | xargs echo "copy-detection photos:" >&2
