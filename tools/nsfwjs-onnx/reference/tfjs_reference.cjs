#!/usr/bin/env node
// Reference embeddings for the ONNX parity test, computed by TF.js itself (tfjs-core + tfjs-converter
// with the pure-JavaScript CPU backend) from the *unconverted* TF.js graph model. It shares no code
// with the ONNX converter, so agreement checks the conversion end to end.
//
// Inputs: the dumped model (model.json + weights.bin from dump_tfjs_model.cjs), and raw 112x112 RGB
// pixels (make_images.py). Each image is upscaled 2x by pixel replication to 224x224 (out[y][x] =
// in[y>>1][x>>1]), divided by 255 and fed as NHWC [1,224,224,3] (the TF.js signature); the output is
// the node ending in feature_vector/SpatialSqueeze, 1792 floats.
//
// Writes <out>/reference_embeddings.f32le.bin (little-endian float32, row-major [images, 1792]) and
// <out>/reference.json (the index the Java test reads).
//
// usage: node tfjs_reference.cjs <tfjs install dir> <model dir> <raw dir> <out dir> name [name ...]
'use strict';
const crypto = require('crypto');
const fs = require('fs');
const path = require('path');
const { createRequire } = require('module');

const SIDE = 112;
const SIZE = 224;

async function main() {
  const [tfjsDir, modelDir, rawDir, outDir, ...names] = process.argv.slice(2);
  if (!names.length) {
    console.error('usage: node tfjs_reference.cjs <tfjs dir> <model dir> <raw dir> <out dir> name...');
    process.exit(2);
  }
  const req = createRequire(path.join(path.resolve(tfjsDir), 'package.json'));
  const tf = req('@tensorflow/tfjs-core');
  req('@tensorflow/tfjs-backend-cpu');
  const tfconv = req('@tensorflow/tfjs-converter');
  await tf.setBackend('cpu');

  const modelJson = JSON.parse(fs.readFileSync(path.join(modelDir, 'model.json'), 'utf8'));
  const weightBytes = fs.readFileSync(path.join(modelDir, 'weights.bin'));
  const handler = {
    load: async () => ({
      modelTopology: modelJson.modelTopology,
      format: modelJson.format,
      generatedBy: modelJson.generatedBy,
      convertedBy: modelJson.convertedBy,
      userDefinedMetadata: modelJson.userDefinedMetadata,
      weightSpecs: modelJson.weightsManifest.flatMap((g) => g.weights),
      weightData: weightBytes.buffer.slice(weightBytes.byteOffset, weightBytes.byteOffset + weightBytes.length),
    }),
  };
  const model = await tfconv.loadGraphModel(handler);
  const embNode = modelJson.modelTopology.node.map((n) => n.name).filter((n) => n.endsWith('feature_vector/SpatialSqueeze'));
  if (embNode.length !== 1) throw new Error(`embedding node not unique: ${embNode}`);
  const inputName = model.inputs[0].name;

  const images = [];
  const out = Buffer.alloc(names.length * 1792 * 4);
  for (let i = 0; i < names.length; i++) {
    const raw = fs.readFileSync(path.join(rawDir, names[i] + '.rgb'));
    if (raw.length !== SIDE * SIDE * 3) throw new Error(`${names[i]}.rgb has ${raw.length} bytes`);
    const pixels = new Float32Array(SIZE * SIZE * 3);
    for (let y = 0; y < SIZE; y++) {
      for (let x = 0; x < SIZE; x++) {
        for (let c = 0; c < 3; c++) {
          pixels[(y * SIZE + x) * 3 + c] = raw[((y >> 1) * SIDE + (x >> 1)) * 3 + c] / 255;
        }
      }
    }
    const input = tf.tensor4d(pixels, [1, SIZE, SIZE, 3]);
    const [emb, probs] = model.execute({ [inputName]: input }, [embNode[0], model.outputs[0].name]);
    const e = emb.dataSync();
    if (e.length !== 1792) throw new Error(`embedding has ${e.length} values`);
    for (let k = 0; k < e.length; k++) out.writeFloatLE(e[k], (i * 1792 + k) * 4);
    const p = Array.from(probs.dataSync()).map((v) => Number(v.toFixed(6)));
    console.log(`${names[i]}: embedding mean ${(e.reduce((a, b) => a + b, 0) / e.length).toFixed(5)}, ` +
      `max ${Math.max(...e).toFixed(4)}, nsfwjs probabilities ${p.join(' ')}`);
    images.push({
      name: names[i],
      file: `images/${names[i]}.png`,
      pixelsSha256: crypto.createHash('sha256').update(raw).digest('hex'),
    });
    tf.dispose([input, emb, probs]);
  }
  fs.mkdirSync(outDir, { recursive: true });
  fs.writeFileSync(path.join(outDir, 'reference_embeddings.f32le.bin'), out);
  const versions = ['tfjs-core', 'tfjs-converter', 'tfjs-backend-cpu']
    .map((p) => `@tensorflow/${p}@${req(`@tensorflow/${p}/package.json`).version}`);
  const index = {
    format: 'hashstream encoder parity fixtures v1',
    model: 'npm nsfwjs@4.3.0 dist/models/mobilenet_v2_mid, node feature_vector/SpatialSqueeze',
    reference: `TF.js graph model on the pure-JS CPU backend (${versions.join(', ')}), Node ${process.version}`,
    preprocessing: 'decode the 112x112 RGB PNG; upscale 2x by pixel replication to 224x224 ' +
      '(out[y][x] = in[y/2][x/2]); value/255 as float32 (computed in double, then rounded); ' +
      'the ONNX model takes NCHW [N,3,224,224]',
    embeddingSize: 1792,
    embeddings: 'reference_embeddings.f32le.bin: little-endian float32, row-major [images, embeddingSize], in images order',
    images,
  };
  fs.writeFileSync(path.join(outDir, 'reference.json'), JSON.stringify(index, null, 2) + '\n');
  console.log(`wrote ${names.length} reference embeddings to ${outDir}`);
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
