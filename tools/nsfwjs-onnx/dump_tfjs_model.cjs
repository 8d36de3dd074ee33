#!/usr/bin/env node
// Extracts one TF.js model bundled in the nsfwjs npm package into the plain TF.js layout
// (model.json + one weights.bin holding every shard concatenated in manifest order).
//
// nsfwjs ships each model as browserify UMD modules: model.min.js exports the model JSON object,
// and each group1-shardKofN.min.js exports that shard's bytes as one base64 string. The modules are
// evaluated in an isolated vm context that only provides `module`/`exports`, so nothing from the
// package can touch the file system or the network.
//
// usage: node dump_tfjs_model.cjs <package/dist/models/MODEL dir> <output dir>
'use strict';
const fs = require('fs');
const path = require('path');
const vm = require('vm');

function loadUmd(file) {
  const sandbox = { module: { exports: {} } };
  sandbox.exports = sandbox.module.exports;
  vm.runInNewContext(fs.readFileSync(file, 'utf8'), sandbox, { filename: file, timeout: 60000 });
  return sandbox.module.exports;
}

function main() {
  const [modelDir, outDir] = process.argv.slice(2);
  if (!modelDir || !outDir) {
    console.error('usage: node dump_tfjs_model.cjs <model dir> <output dir>');
    process.exit(2);
  }
  const model = loadUmd(path.join(modelDir, 'model.min.js'));
  if (!model || !Array.isArray(model.weightsManifest)) {
    throw new Error(`${modelDir}/model.min.js did not export a TF.js model JSON`);
  }
  const buffers = [];
  const paths = [];
  for (const group of model.weightsManifest) {
    for (const shard of group.paths) {
      const b64 = loadUmd(path.join(modelDir, shard + '.min.js'));
      if (typeof b64 !== 'string') throw new Error(`${shard}.min.js did not export a base64 string`);
      buffers.push(Buffer.from(b64, 'base64'));
      paths.push(shard);
    }
  }
  const weights = Buffer.concat(buffers);

  // The byte count the manifest implies, so a truncated or re-ordered shard fails loudly here.
  const bytesPer = { float32: 4, int32: 4, uint8: 1, uint16: 2, bool: 1 };
  let expected = 0;
  for (const group of model.weightsManifest) {
    for (const w of group.weights) {
      const n = w.shape.reduce((a, b) => a * b, 1);
      const dtype = w.quantization ? w.quantization.dtype : w.dtype;
      if (!(dtype in bytesPer)) throw new Error(`unsupported dtype ${dtype} for ${w.name}`);
      expected += n * bytesPer[dtype];
    }
  }
  if (expected !== weights.length) {
    throw new Error(`weights are ${weights.length} bytes but the manifest describes ${expected}`);
  }

  // Rewrite the manifest to point at the single concatenated file.
  const weightsSpecs = model.weightsManifest.flatMap((g) => g.weights);
  const out = Object.assign({}, model, {
    weightsManifest: [{ paths: ['weights.bin'], weights: weightsSpecs }],
  });
  fs.mkdirSync(outDir, { recursive: true });
  fs.writeFileSync(path.join(outDir, 'model.json'), JSON.stringify(out));
  fs.writeFileSync(path.join(outDir, 'weights.bin'), weights);
  console.log(`${path.basename(modelDir)}: ${model.format}, ${weightsSpecs.length} tensors, ` +
    `${weights.length} weight bytes from ${paths.join(', ')}`);
}

main();
