#!/usr/bin/python3
"""Make the small parity-test images from Debian python3-skimage's sample data.

Each source image is converted to RGB (grey is replicated), centre-cropped to a square of side
min(w, h) (offset floor((w - s) / 2), floor((h - s) / 2)), resized to 112x112 with Pillow's LANCZOS
filter and written as an 8-bit RGB PNG without colour-profile chunks. The PNG *is* the fixture: the
parity test and the reference both start from its decoded pixels, so this resize never has to be
reproduced bit-exactly.

For the TF.js reference (which has no PNG decoder) the decoded pixels are also written as raw
row-major RGB bytes (`<name>.rgb`, 112*112*3 bytes) into a scratch directory.

usage: make_images.py <skimage data dir> <png output dir> <raw scratch dir>
"""
import hashlib
import os
import sys

from PIL import Image

SIDE = 112
# (fixture name, file in skimage/data) -- licences are recorded in SOURCES.md beside the PNGs
IMAGES = [
    ("astronaut", "astronaut.png"),
    ("chelsea", "chelsea.png"),
    ("coffee", "coffee.png"),
    ("rocket", "rocket.jpg"),
    ("camera", "camera.png"),
    ("hubble_deep_field", "hubble_deep_field.jpg"),
]


def main(src_dir, png_dir, raw_dir):
    os.makedirs(png_dir, exist_ok=True)
    os.makedirs(raw_dir, exist_ok=True)
    for name, file in IMAGES:
        im = Image.open(os.path.join(src_dir, file)).convert("RGB")
        w, h = im.size
        s = min(w, h)
        left, top = (w - s) // 2, (h - s) // 2
        im = im.crop((left, top, left + s, top + s)).resize((SIDE, SIDE), Image.LANCZOS)
        png = os.path.join(png_dir, name + ".png")
        im.save(png, "PNG", optimize=True)
        # Read the PNG back so the raw bytes are exactly what a decoder of the fixture sees.
        back = Image.open(png)
        if back.mode != "RGB" or back.size != (SIDE, SIDE):
            raise SystemExit(f"{png}: unexpected {back.mode} {back.size}")
        raw = back.tobytes()
        with open(os.path.join(raw_dir, name + ".rgb"), "wb") as f:
            f.write(raw)
        print(f"{name}: {file} {w}x{h} -> {png} ({os.path.getsize(png)} B), "
              f"pixels sha256 {hashlib.sha256(raw).hexdigest()}")


if __name__ == "__main__":
    if len(sys.argv) != 4:
        raise SystemExit(__doc__)
    main(*sys.argv[1:])
