#!/usr/bin/env python3
"""Writes benchmarks/results/crovca.json, the CroVCA issue's summary, from the two benchmark
results it is made of: quality.json (./hashstream bench-quality, via tools/quality/run.sh) and
training.json (./hashstream bench-training). Run from the repo root; run.sh calls it last.

Keys: map.<dataset>.<bits>.<method> (methods crovca, lsh, pca_rotation, itq, float),
copy_detection.<method>.overall and .per_transform.<family> (methods crovca64, phash, dhash, float;
recall at the radius whose false-match rate is <= 1e-4, per transform family of CopyTransform),
train_seconds_5_epochs with train_images."""
import json
import pathlib

results = pathlib.Path("benchmarks/results")
quality = json.loads((results / "quality.json").read_text())
training = json.loads((results / "training.json").read_text())

out = {"map": {}, "copy_detection": {}}
for dataset, scores in quality["retrieval_map_at_k"].items():
    out["map"][dataset] = {}
    for bits in (16, 32, 64):
        out["map"][dataset][str(bits)] = {
            "crovca": scores[f"CroVCA-{bits}"],
            "lsh": scores[f"LSH-{bits}"],
            "pca_rotation": scores[f"PCA-RR-{bits}"],
            "itq": scores[f"ITQ-{bits}"],
            "float": scores["float_cosine"],
        }
copy = quality["copy_detection"]
for method, key in (("crovca64", "CroVCA-64"), ("phash", "phash-64"), ("dhash", "dhash-64"),
                    ("float", "float_cosine")):
    m = copy[key]
    out["copy_detection"][method] = {
        "overall": m["recall"],
        "per_transform": m["recall_by_family"],
        "radius_or_threshold": m["threshold"],
        "measured_fmr": m["measured_fmr"],
    }
out["train_seconds_5_epochs"] = training["training_seconds_10k_5epochs"]
out["train_images"] = training["rows"]
out["sources"] = {
    "quality": {"date": quality["meta"].get("date"), "machine": quality["meta"].get("machine")},
    "training": {"date": training["date"], "machine": training["machine"],
                 "data": training["data"]},
    "note": "per_transform is per transform family (REENCODE, SCALE, CROP, ...), as quality.json records it",
}
(results / "crovca.json").write_text(json.dumps(out, indent=2) + "\n")
print("wrote", results / "crovca.json")
