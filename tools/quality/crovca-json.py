#!/usr/bin/env python3
"""Writes benchmarks/results/crovca.json, the CroVCA issue's summary, from the two benchmark
results it is made of: quality.json (./hashstream bench-quality, via tools/quality/run.sh) and
training.json (./hashstream bench-training). Run from the repo root; run.sh calls it last.

Keys: map.<dataset>.<bits>.<method> (methods crovca, lsh, pca_rotation, itq, float),
copy_detection.<method>.overall, .per_transform.<transform> (each CopyTransform) and
.per_family.<family> (methods crovca64 (the shipped default model, uncalibrated), phash, dhash,
float, pdq (the query's PDQ hash), pdq_dihedral (PDQ x8: the query's 8 rotations/flips, the
nearest counts), fused (the detector the job runs: CroVCA-64 OR PDQ x8), the other fused
detectors crovca64_or_phash, crovca64_or_dhash and crovca64_or_pdq, and for reference
crovca64_calibrated, crovca64_retrieval, itq64, pca_rotation64, lsh64; recall at the radius whose
false-match rate is <= 1e-4; fused detectors: at the radius pair whose union's false-match rate
is <= 1e-4), train_seconds_5_epochs with train_images, and from pdq.json (./hashstream bench-pdq)
pdq_parity (exact_fraction, max_bits over Meta's reference fixture) and pdq_images_per_second
(PDQ with all 8 rotations/flips of a decoded 1600x1004 photo, one thread; the other sizes and
paths in pdq_images_per_second_by_case)."""
import json
import pathlib

results = pathlib.Path("benchmarks/results")
quality = json.loads((results / "quality.json").read_text())
# bench-quality --copy-only writes copy detection alone; when it is there it is the newer run
copy_file = results / "copy-detection.json"
copy_run = json.loads(copy_file.read_text()) if copy_file.exists() else quality
training = json.loads((results / "training.json").read_text())
pdq_file = results / "pdq.json"
pdq_run = json.loads(pdq_file.read_text()) if pdq_file.exists() else None

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
                    ("float", "float_cosine"), ("pdq", "pdq"), ("pdq_dihedral", "pdq-x8"),
                    ("fused", "CroVCA-64 OR pdq-x8"),
                    ("crovca64_or_phash", "CroVCA-64 OR phash-64"),
                    ("crovca64_or_dhash", "CroVCA-64 OR dhash-64"),
                    ("crovca64_or_pdq", "CroVCA-64 OR pdq"),
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
    for k in ("useful_fraction_queries", "useful_fraction_database"):
        if k in m:
            entry[k] = m[k]
    if "threshold" in m:
        entry["radius_or_threshold"] = m["threshold"]
    else:
        entry["radii"] = {k: v for k, v in m.items() if k.endswith("_radius")}
    out["copy_detection"][method] = entry
if pdq_run is not None:
    if "pdq_parity" in pdq_run:
        out["pdq_parity"] = pdq_run["pdq_parity"]
    out["pdq_images_per_second"] = pdq_run["pdq_hash_dihedral.1600x1004.images_per_second"]
    out["pdq_images_per_second_by_case"] = {
        k[: -len(".images_per_second")]: v for k, v in pdq_run.items()
        if k.endswith(".images_per_second") and not k.startswith("bundled_encoder")}
# The demo's 16 photos and the 6 copies of each it can plant, judged with the shipped default
# model and PDQ by the job's fused rule and default radii (demo/.../DemoOnDefaultModelTest, which
# prints these counts; the demo itself still trains a model on its photos, see BENCHMARKS.md).
out["demo_default_model"] = {
    "copies_planted": 96, "copies_alerted": 73, "false_alerts": 0,
    "method": "offline, the job's fused rule (index.radius 4 OR PDQ x8 within index.pdq-radius 31,"
              " quality >= 50) over all 112 originals and copies; DemoOnDefaultModelTest, 2026-12-06",
    "missed": {"CENTER_CROP": 16, "CAPTION": 6, "HORIZONTAL_FLIP": 1},
}
out["train_seconds_5_epochs"] = training["training_seconds_10k_5epochs"]
out["train_images"] = training["rows"]
out["sources"] = {
    "quality": {"date": quality["meta"].get("date"), "machine": quality["meta"].get("machine")},
    "copy_detection": {"date": copy_run["meta"].get("date"), "machine": copy_run["meta"].get("machine"),
                       "file": copy_file.name if copy_file.exists() else "quality.json",
                       "queries": copy_run["copy_detection"]["queries"],
                       "database": copy_run["copy_detection"]["database"]},
    "pdq": None if pdq_run is None else {"date": pdq_run["date"], "machine": pdq_run["machine"],
                                         "command": pdq_run["command"],
                                         "load_average_at_start": pdq_run.get("load_average_at_start")},
    "training": {"date": training["date"], "machine": training["machine"],
                 "data": training["data"]},
    "note": ("crovca64 is the shipped default model as shipped (uncalibrated; trained on other"
             " photos); radius_or_threshold is the exclusive threshold (radius + 1 for Hamming);"
             " per_transform is per CopyTransform, per_family per transform family (REENCODE,"
             " SCALE, CROP, ...); fused is CroVCA-64 OR PDQ x8, its two radii chosen jointly so"
             " that the union's false-match rate is <= 1e-4; a PDQ pair where either hash's"
             " quality is below the job's minimum never matches (useful_fraction_*)"),
}
(results / "crovca.json").write_text(json.dumps(out, indent=2) + "\n")
print("wrote", results / "crovca.json")
