#!/usr/bin/python3
"""Generate ConvLab's golden files with real PyTorch (Debian python3-torch 1.13.1).

    /usr/bin/python3 tests/golden/generate.py

Writes, next to this script:
  conv_cases.json    valid conv1d / conv_transpose1d calls and torch's outputs
  error_cases.json   calls torch rejects, with torch's message
  notebook.json      the 12 seed-notebook cells of PYTORCH_SEMANTICS.md (the contract)

See FORMAT.md for the layout. Everything is deterministic: each case's random values come
from a generator seeded with crc32(case name), so adding or removing a case does not change
the values of the others.

Every valid case is also recomputed with an independent float64 reference implementation of
the contract (PYTORCH_SEMANTICS.md); for exactly-representable value kinds ("dyadic", "int")
torch's float32 output must match it bit for bit, for "randn" within float32 rounding.

The cases live in golden_valid.py, golden_errors.py and (the seed notebook) below; golden_common.py
and golden_torch.py hold what they share with generate_backward.py.
"""
import os
import sys

# torch builds some error messages from Python sets (e.g. the padding_mode list), whose order
# depends on string hashing: pin the hash seed so the golden files are byte-for-byte reproducible.
if os.environ.get("PYTHONHASHSEED") != "0":
    os.environ["PYTHONHASHSEED"] = "0"
    os.execv(sys.executable, [sys.executable] + sys.argv)

import torch  # noqa: E402  (after the re-exec above)
import torch.nn as nn  # noqa: E402

import golden_errors  # noqa: E402
import golden_valid  # noqa: E402
from golden_common import conv_params, enc, write_cases  # noqa: E402

torch.set_printoptions(profile="default")


# --------------------------------------------------------------------------- notebook

NOTEBOOK = [
    # (title, op, K, L, stride, padding, output_padding, expected or None for "= the weight")
    ("Conv1d(1, 1, kernel_size=3), padding=0", "conv1d", 3, 7, 1, 0, 0, [3, 3, 3, 3, 3]),
    ("Conv1d(1, 1, kernel_size=3), padding=1", "conv1d", 3, 7, 1, 1, 0, [2, 3, 3, 3, 3, 3, 2]),
    ("ConvTranspose1d(1, 1, kernel_size=3), random weight: one input element copies the kernel",
     "conv_transpose1d", 3, 1, 1, 0, 0, None),
    ("ConvTranspose1d: stride=1, kernel_size=3", "conv_transpose1d", 3, 2, 1, 0, 0, [1, 2, 2, 1]),
    ("ConvTranspose1d: stride=2, kernel_size=3", "conv_transpose1d", 3, 2, 2, 0, 0, [1, 1, 2, 1, 1]),
    ("ConvTranspose1d: stride=3, kernel_size=3", "conv_transpose1d", 3, 2, 3, 0, 0, [1, 1, 1, 1, 1, 1]),
    ("ConvTranspose1d: stride=4, kernel_size=3", "conv_transpose1d", 3, 2, 4, 0, 0, [1, 1, 1, 0, 1, 1, 1]),
    ("ConvTranspose1d: stride=4, kernel_size=4", "conv_transpose1d", 4, 2, 4, 0, 0, [1] * 8),
    ("ConvTranspose1d: stride=4, kernel_size=8", "conv_transpose1d", 8, 2, 4, 0, 0,
     [1, 1, 1, 1, 2, 2, 2, 2, 1, 1, 1, 1]),
    ("ConvTranspose1d: stride=4, kernel_size=8, padding=2", "conv_transpose1d", 8, 2, 4, 2, 0,
     [1, 1, 2, 2, 2, 2, 1, 1]),
    ("ConvTranspose1d: stride=4, kernel_size=8, output_padding=1", "conv_transpose1d", 8, 2, 4, 0, 1,
     [1, 1, 1, 1, 2, 2, 2, 2, 1, 1, 1, 1, 0]),
    ("ConvTranspose1d: stride=4, kernel_size=8, padding=2, output_padding=1", "conv_transpose1d", 8, 2, 4,
     2, 1, [1, 1, 2, 2, 2, 2, 1, 1, 1]),
]


def gen_notebook():
    cells = []
    for i, (title, op, K, L, s, p, opad, want) in enumerate(NOTEBOOK, 1):
        x = torch.ones(1, 1, L)
        with torch.no_grad():
            if op == "conv1d":
                m = nn.Conv1d(1, 1, K, stride=s, padding=p, bias=False)
            else:
                m = nn.ConvTranspose1d(1, 1, K, stride=s, padding=p, output_padding=opad, bias=False)
            if want is None:
                torch.manual_seed(0)
                m.weight.copy_(torch.randn(1, 1, 3))
            else:
                m.weight.fill_(1.0)
            y = m(x)
        w = m.weight.detach().clone()
        if want is None:
            assert torch.equal(y, w), (y, w)
        else:
            assert y.reshape(-1).tolist() == [float(v) for v in want], (title, y)
        name = "notebook/%02d_%s_K%d_L%d_s%d_p%d_op%d" % (i, op, K, L, s, p, opad)
        cells.append({"name": name, "title": title, "op": op, "input": enc(x), "weight": enc(w),
                      "bias": None,
                      "params": conv_params(s, p, 1, 1, "zeros", opad),
                      "expected": enc(y), "printed": str(y)})
    return cells


# --------------------------------------------------------------------------- main

def main():
    CASES, STATS = golden_valid.CASES, golden_valid.STATS
    ERRORS, ESTATS = golden_errors.ERRORS, golden_errors.ESTATS
    golden_valid.gen_valid()
    golden_errors.gen_errors()
    nb = gen_notebook()
    assert len(CASES) >= 350 and len(ERRORS) >= 60 and len(nb) == 12
    assert len({c["name"] for c in CASES}) == len(CASES)
    sizes = {
        "conv_cases.json": write_cases("conv_cases.json", CASES),
        "error_cases.json": write_cases("error_cases.json", ERRORS),
        "notebook.json": write_cases("notebook.json", nb),
    }
    total = sum(sizes.values())
    assert total < 3 * 1024 * 1024, total
    print("torch", torch.__version__)
    for k, v in sizes.items():
        print("  %-18s %8d bytes" % (k, v))
    print("valid cases: %d" % len(CASES))
    for k in sorted(STATS):
        print("  %-42s %d" % (k, STATS[k]))
    print("error cases: %d" % len(ERRORS))
    for k in sorted(ESTATS):
        print("  %-42s %d" % (k, ESTATS[k]))
    print("notebook cells: %d" % len(nb))


if __name__ == "__main__":
    main()
