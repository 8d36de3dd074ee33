#!/usr/bin/env python3
"""Writes benchmarks/results/crovca.json, the CroVCA issue's summary, from the two benchmark
results it is made of: quality.json (./hashstream bench-quality, via tools/quality/run.sh) and
training.json (./hashstream bench-training). Run from the repo root; run.sh calls it last.

Keys: map.<dataset>.<bits>.<method> (methods crovca, lsh, pca_rotation, itq, float),
copy_detection.<method>.overall, .per_transform.<transform> (each CopyTransform) and
.per_family.<family> (methods crovca64 (the shipped default model, uncalibrated), phash, dhash,
float, the fused detectors crovca64_or_phash and crovca64_or_dhash, pdq, pdq_x8 and
crovca64_or_pdq_x8 once bench-quality scores PDQ, and for reference crovca64_calibrated,
crovca64_retrieval, itq64, pca_rotation64, lsh64; recall at the radius whose false-match rate is
<= 1e-4; fused detectors: at the radius pair whose union's false-match rate is <= 1e-4),
train_seconds_5_epochs with train_images."""
import json
import pathlib

results = pathlib.Path("benchmarks/results")
quality = json.loads((results / "quality.json").read_text())
# bench-quality --copy-only writes copy detection alone; when it is there it is the newer run
copy_file = results / "copy-detection.json"
copy_run = json.loads(copy_file.read_text()) if copy_file.exists() else quality
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
copy = copy_run["copy_detection"]
for method, key in (("crovca64", "CroVCA-64"), ("phash", "phash-64"), ("dhash", "dhash-64"),
                    ("float", "float_cosine"), ("pdq", "pdq"), ("pdq_x8", "pdq-x8"),
                    ("crovca64_or_phash", "CroVCA-64 OR phash-64"),
                    ("crovca64_or_dhash", "CroVCA-64 OR dhash-64"),
                    ("crovca64_or_pdq_x8", "CroVCA-64 OR pdq-x8"),
                    ("crovca64_plus_regions", "CroVCA-64+regions"),
                    ("crovca64_calibrated", "CroVCA-64-calibrated"),
                    ("crovca64_retrieval", "CroVCA-64-retrieval"), ("itq64", "ITQ-64"),
                    ("pca_rotation64", "PCA-RR-64"), ("lsh64", "LSH-64")):
    if key not in copy:
        continue  # PDQ and regions are scored only where bench-quality has them
    m = copy[key]
    entry = {
        "overall": m["recall"],
        "per_transform": m["recall_by_transform"],
        "per_family": m["recall_by_family"],
        "top1": m["top1"],
        "measured_fmr": m["measured_fmr"],
    }
    if "threshold" in m:
        entry["radius_or_threshold"] = m["threshold"]
    else:
        entry["radii"] = {k: v for k, v in m.items() if k.endswith("_radius")}
    out["copy_detection"][method] = entry
out["train_seconds_5_epochs"] = training["training_seconds_10k_5epochs"]
out["train_images"] = training["rows"]
out["sources"] = {
    "quality": {"date": quality["meta"].get("date"), "machine": quality["meta"].get("machine")},
    "copy_detection": {"date": copy_run["meta"].get("date"), "machine": copy_run["meta"].get("machine"),
                       "file": copy_file.name if copy_file.exists() else "quality.json",
                       "queries": copy_run["copy_detection"]["queries"],
                       "database": copy_run["copy_detection"]["database"]},
    "training": {"date": training["date"], "machine": training["machine"],
                 "data": training["data"]},
    "note": ("crovca64 is the shipped default model as shipped (uncalibrated; trained on other"
             " photos); radius_or_threshold is the exclusive threshold (radius + 1 for Hamming);"
             " per_transform is per CopyTransform, per_family per transform family (REENCODE,"
             " SCALE, CROP, ...)"),
}
(results / "crovca.json").write_text(json.dumps(out, indent=2) + "\n")
print("wrote", results / "crovca.json")
