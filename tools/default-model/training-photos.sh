#!/usr/bin/env bash
# Fetches the default model's training photos into a scratch folder and writes training-photos.txt
# there, one photo per line, in a fixed order. Only public-domain photos are used, so the weights
# carry no copyleft question (PROVENANCE.md beside the model):
#   - endless-sky-data: the landscape photos under images/land whose entry in the package's
#     copyright file is public-domain (morgue-file / unsplash donations, NASA, USGS); the files it
#     lists as CC-BY-SA are left out by name;
#   - krank: the underwater backgrounds (levels/unera-backgrounds), "Author of new images: Slava
#     Anishenko, License: Public Domain".
# None of them is in the quality benchmark's photo list (tools/default-model/photos.sh) or its
# labelled sets, so the benchmark measures the default model on images it never saw.
# apt-get download + dpkg -x: nothing is installed system-wide. Usage: training-photos.sh SCRATCH_DIR
set -euo pipefail
scratch="${1:?usage: training-photos.sh SCRATCH_DIR}"
mkdir -p "$scratch/debs" "$scratch/root"
cd "$scratch/debs"
for p in endless-sky-data krank; do
  ls "$p"_*.deb >/dev/null 2>&1 || apt-get download "$p"
done
: > ../training-packages.txt
for d in endless-sky-data_*.deb krank_*.deb; do
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
} | sed "s#^usr/#$scratch/root/usr/#" > ../training-photos.txt
grep -vc '^#' ../training-photos.txt | xargs echo "training photos:" >&2
