#!/usr/bin/env bash
# Fetches the Debian packages that hold the quality benchmark's evaluation photos (the old default
# model's training photos; the default model now trains on training-photos.sh) into a scratch folder
# (apt-get download + dpkg -x: nothing is installed system-wide) and writes photos.txt there: one
# photo per line, in a fixed order. Usage: photos.sh SCRATCH_DIR
set -euo pipefail
scratch="${1:?usage: photos.sh SCRATCH_DIR}"
mkdir -p "$scratch/debs" "$scratch/root"
cd "$scratch/debs"
# Debian bookworm versions these lists were made from (apt-get download takes the candidate; the
# versions actually used are printed into packages.txt)
packages=(plasma-workspace-wallpapers mate-backgrounds ukui-wallpapers palapeli-data opencv-doc python3-skimage)
for p in "${packages[@]}"; do
  ls "$p"_*.deb >/dev/null 2>&1 || apt-get download "$p"
done
: > ../packages.txt
for d in *.deb; do
  dpkg -x "$d" ../root
  dpkg-deb -f "$d" Package Version | paste -sd' ' >> ../packages.txt
done
cd ../root
{
  echo "# plasma-workspace-wallpapers (GPL-2+): the largest file of each wallpaper"
  for w in usr/share/wallpapers/*/; do
    ls -S "$w"contents/images/* 2>/dev/null | head -n1
  done
  echo "# mate-backgrounds (GPL-2+ / CC-BY-SA-4.0): nature photos"
  ls usr/share/backgrounds/mate/nature/*.jpg
  echo "# ukui-wallpapers (CC-BY-SA-3.0)"
  ls usr/share/backgrounds/*.jpg usr/share/backgrounds/*.png
  echo "# palapeli-data (GPL-2+ / CC0): puzzle photos"
  ls usr/share/palapeli/collection/*.jpg
  echo "# opencv-doc (BSD-3-Clause / Apache-2.0): natural sample photos"
  for f in aero1.jpg aero3.jpg aloeL.jpg apple.jpg baboon.jpg basketball1.png building.jpg \
      butterfly.jpg chicky_512.png fruits.jpg graf1.png HappyFish.jpg home.jpg leuvenA.jpg \
      messi5.jpg orange.jpg rubberwhale1.png smarties.png squirrel_cls.jpg starry_night.jpg; do
    echo "usr/share/doc/opencv-doc/examples/data/$f"
  done
  echo "# python3-skimage (BSD-3-Clause; per-image terms in skimage/data/README.txt)"
  for f in astronaut.png brick.png camera.png chelsea.png coffee.png coins.png grass.png \
      gravel.png hubble_deep_field.jpg moon.png motorcycle_left.png retina.jpg rocket.jpg; do
    echo "usr/lib/python3/dist-packages/skimage/data/$f"
  done
} | sed "s#^usr/#$scratch/root/usr/#" > ../photos.txt
grep -vc '^#' ../photos.txt | xargs echo "photos:" >&2
