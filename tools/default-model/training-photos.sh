#!/usr/bin/env bash
# Fetches the default model's training photos into a scratch folder and writes training-photos.txt
# there, one photo per line, in a fixed order. Only public-domain, CC0 and BSD/Apache photos are
# used, so the weights carry no copyleft or attribution question (PROVENANCE.md beside the model):
#   - endless-sky-data: the landscape photos under images/land and the photos under images/scene
#     whose entry in the package's copyright file is public-domain (morgue-file / unsplash
#     donations, NASA, USGS, Library of Congress, US Army); the files it lists as CC-BY-SA or
#     CC-BY are left out by name;
#   - krank: the underwater backgrounds (levels/unera-backgrounds), "Author of new images: Slava
#     Anishenko, License: Public Domain";
#   - opencv-doc: the natural sample photos of examples/data (Apache-2.0 AND BSD-3-Clause), one of
#     each stereo or sequence pair (aloeL, not aloeR);
#   - python3-skimage: the data images whose own terms in skimage/data/_fetchers.py are public
#     domain, CC0 or "no known copyright restrictions" (the package is BSD-3-Clause).
# The quality benchmark scores the default model on the evaluation-only photos of
# tools/quality/copy-photos.sh, none of which is here.
# apt-get download + dpkg -x: nothing is installed system-wide. Usage: training-photos.sh SCRATCH_DIR
set -euo pipefail
scratch="${1:?usage: training-photos.sh SCRATCH_DIR}"
mkdir -p "$scratch/debs" "$scratch/root"
cd "$scratch/debs"
for p in endless-sky-data krank opencv-doc python3-skimage; do
  ls "$p"_*.deb >/dev/null 2>&1 || apt-get download "$p"
done
: > ../training-packages.txt
for d in endless-sky-data_*.deb krank_*.deb opencv-doc_*.deb python3-skimage_*.deb; do
  [[ -d ../root/usr/share/doc/"${d%%_*}" ]] || dpkg -x "$d" ../root
  dpkg-deb -f "$d" Package Version | paste -sd' ' >> ../training-packages.txt
done
cd ../root
{
  echo "# endless-sky-data (public-domain entries of its copyright file)"
  ls usr/share/games/endless-sky/images/land/*.jpg | LC_ALL=C sort \
    | grep -vE '/(bwerner|myrabella|dmottl|mfield|lava5)[^/]*$|-(sfiera|striker|harro|iridium|spfld)[^/]*$'
  echo "# krank (public domain)"
  ls usr/share/games/krank/levels/unera-backgrounds/*.jpg | LC_ALL=C sort
  echo "# endless-sky-data scenes (public domain; geoscan is CC-BY-SA, eso CC-BY: left out)"
  ls usr/share/games/endless-sky/images/scene/*.jpg | LC_ALL=C sort | grep -vE '/(geoscan|eso)[^/]*$'
  echo "# opencv-doc (Apache-2.0 AND BSD-3-Clause): natural sample photos"
  for f in aero1.jpg aloeL.jpg apple.jpg baboon.jpg basketball1.png board.jpg box_in_scene.png \
      building.jpg butterfly.jpg cards.png chicky_512.png ela_original.jpg fruits.jpg graf1.png \
      HappyFish.jpg home.jpg left01.jpg leuvenA.jpg messi5.jpg orange.jpg rubberwhale1.png \
      smarties.png squirrel_cls.jpg starry_night.jpg stuff.jpg; do
    echo "usr/share/doc/opencv-doc/examples/data/$f"
  done
  echo "# python3-skimage (BSD-3-Clause; each image public domain, CC0 or no known restrictions)"
  for f in astronaut.png brick.png camera.png cell.png chelsea.png clock_motion.png coffee.png \
      coins.png grass.png gravel.png hubble_deep_field.jpg ihc.png microaneurysms.png retina.jpg \
      rocket.jpg text.png; do
    echo "usr/lib/python3/dist-packages/skimage/data/$f"
  done
} | sed "s#^usr/#$scratch/root/usr/#" > ../training-photos.txt
grep -vc '^#' ../training-photos.txt | xargs echo "training photos:" >&2
