#!/usr/bin/python3
"""Writes the tiny TorchScript encoder used by TorchScriptImageEncoderTest.

  core/src/test/resources/encoder/tiny_encoder.pt    a traced module, a few KB
  core/src/test/resources/encoder/tiny_encoder.json  its input shape, sha256 and the outputs torch
                                                     computed for two deterministic inputs

The module stands in for a user's foundation model: NCHW float input [n, 3, 16, 16] ->
Conv(3->8, 3x3, stride 2) -> ReLU -> global mean -> Linear(8->6) -> [n, 6]. Its outputs can be negative,
like CLIP/DINO features. Weights come from a fixed seed; the committed .pt is the fixture, so
re-running only needs to reproduce it if the test changes.

Needs Debian python3-torch (bookworm: 1.13.1). usage: make_tiny_encoder.py <output dir>
"""
import hashlib
import json
import os
import sys

import torch

SIZE = 16


class TinyEncoder(torch.nn.Module):
    def __init__(self):
        super().__init__()
        self.conv = torch.nn.Conv2d(3, 8, kernel_size=3, stride=2, padding=1)
        self.fc = torch.nn.Linear(8, 6)

    def forward(self, x):
        y = torch.relu(self.conv(x))
        return self.fc(y.mean(dim=(2, 3)))


def pattern(n):
    """x[i, c, h, w] = ((7 i + 5 c + 3 h + w) mod 17) / 16, exactly representable in float32."""
    i = torch.arange(n).view(n, 1, 1, 1)
    c = torch.arange(3).view(1, 3, 1, 1)
    h = torch.arange(SIZE).view(1, 1, SIZE, 1)
    w = torch.arange(SIZE).view(1, 1, 1, SIZE)
    return (((7 * i + 5 * c + 3 * h + w) % 17).float() / 16.0).contiguous()


def main(out_dir):
    torch.manual_seed(20241128)
    model = TinyEncoder().eval()
    example = pattern(2)
    with torch.no_grad():
        traced = torch.jit.trace(model, example)
        expected = traced(example)
    os.makedirs(out_dir, exist_ok=True)
    pt = os.path.join(out_dir, "tiny_encoder.pt")
    traced.save(pt)
    data = open(pt, "rb").read()
    # Reload to make sure the saved file computes the same values.
    with torch.no_grad():
        again = torch.jit.load(pt)(example)
    assert torch.equal(again, expected)
    index = {
        "format": "hashstream tiny TorchScript encoder fixture v1",
        "torch": torch.__version__,
        "inputShape": [3, SIZE, SIZE],
        "layout": "NCHW",
        "input": "x[i,c,h,w] = ((7*i + 5*c + 3*h + w) mod 17) / 16, for i in 0..1",
        "embeddingSize": 6,
        "sha256": hashlib.sha256(data).hexdigest(),
        "expected": [[float(v) for v in row] for row in expected.tolist()],
    }
    with open(os.path.join(out_dir, "tiny_encoder.json"), "w") as f:
        json.dump(index, f, indent=2)
        f.write("\n")
    print(f"wrote {pt} ({len(data)} bytes, sha256 {index['sha256']}); expected {index['expected']}")


if __name__ == "__main__":
    if len(sys.argv) != 2:
        raise SystemExit(__doc__)
    main(sys.argv[1])
