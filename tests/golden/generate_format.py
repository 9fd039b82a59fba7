#!/usr/bin/python3
"""Writes format_cases.json and random_cases.json with real PyTorch (1.13.1).

Run with Debian's torch:  /usr/bin/python3 tests/golden/generate_format.py

format_cases.json  {"cases": [{"name", "expr", "tensor": {shape, data}, "printed"}]}
                   printed = str(tensor) with default print options (see FORMAT.md).
random_cases.json  {"cases": [...], "expression_cases": [...]}, each case
                   {"name", "expr", "expected": {shape, data}}: `expr` is text that
                   parseTensor must turn into exactly `expected`. Statements are split on
                   ';' and run in order; the last one's value is the tensor. Every case
                   starts from torch.manual_seed(0), which is also parseTensor's default.
"""

import json
import math
import os
import sys

import torch

HERE = os.path.dirname(os.path.abspath(__file__))


def encode_value(v):
    if math.isnan(v):
        return "nan"
    if math.isinf(v):
        return "inf" if v > 0 else "-inf"
    return v


def encode_tensor(t):
    t = t.detach().to(torch.float32).contiguous()
    return {"shape": list(t.shape), "data": [encode_value(v) for v in t.reshape(-1).tolist()]}


def run(expr):
    """Evaluates `expr` the way parseTensor does: statements in order, last is the value."""
    torch.manual_seed(0)
    env = {"torch": torch, "math": math, "tensor": torch.tensor, "nan": float("nan"), "inf": float("inf")}
    *statements, last = [s.strip() for s in expr.split(";")]
    for s in statements:
        exec(s, env)
    value = eval(last, env)
    if not isinstance(value, torch.Tensor):
        value = torch.tensor(value, dtype=torch.float32)
    return value.to(torch.float32)


def g(seed):
    return f"generator=torch.Generator().manual_seed({seed})"


# ---------------------------------------------------------------- format cases

FORMAT_EXPRS = [
    # integer-valued mode
    ("int/1x1x4", "[[[1., 2., 2., 1.]]]"),
    ("int/arange10", "torch.arange(10.)"),
    ("int/mixed_sign", "[-3., 0., 5., 12.]"),
    ("int/2d", "[[1., 2.], [3., 4.]]"),
    ("int/sci_ratio_big", "[12345678., 2.]"),
    ("int/eight_digits", "[12345678., -20000.]"),
    ("int/sci_ratio", "[1., 10000.]"),
    ("int/sci_max_1e9", "[1e9, 2e9]"),
    ("int/sci_huge_only", "[123456789.]"),
    ("int/negative_wide", "torch.arange(-50., 50.)"),
    ("int/zeros", "[0., 0., 0.]"),
    ("int/zeros_2d", "torch.zeros(2, 3)"),
    ("int/ones_3d", "torch.ones(2, 2, 3)"),
    ("int/nan_and_ints", "[nan, 2., -3.]"),
    ("int/inf_and_ints", "[inf, -inf, 1.]"),
    # fixed-point precision 4
    ("fixed/randn_1x1x3", "torch.randn(1, 1, 3, %s)" % g(3)),
    ("fixed/randn_5", "torch.randn(5, %s)" % g(0)),
    ("fixed/randn_2x3", "torch.randn(2, 3, %s)" % g(1)),
    ("fixed/randn_2x3x4", "torch.randn(2, 3, 4, %s)" % g(42)),
    ("fixed/randn_3x1x5", "torch.randn(3, 1, 5, %s)" % g(1234)),
    ("fixed/randn_4d", "torch.randn(2, 2, 2, 2, %s)" % g(7)),
    ("fixed/rand_2x4", "torch.rand(2, 4, %s)" % g(5)),
    ("fixed/mixed_sign", "[-1.5, 2.25, 0.125]"),
    ("fixed/all_negative", "[-0.5, -0.25, -10.75]"),
    ("fixed/min_above_1e-4", "[1.01e-4, 0.05]"),
    ("sci/ratio_4950", "[1.01e-4, 0.5]"),
    ("fixed/ratio_999", "[0.01, 9.99]"),
    ("fixed/width_100s", "[123.456, -0.5]"),
    ("fixed/neg_zero_with_fraction", "[-0., 1.5]"),
    ("fixed/scaled_randn", "torch.randn(6, %s) * 100" % g(2)),
    # scientific mode
    ("sci/tiny", "[1e-5, 2e-5]"),
    ("sci/tiny_and_one", "[1e-5, 1.0]"),
    ("sci/min_just_below_1e-4", "[0.0001, 0.5]"),
    ("sci/ratio", "[0.001, 1.5]"),
    ("sci/huge", "[1.5e10, 2.5]"),
    ("sci/very_tiny", "[1e-30, 3e-35]"),
    ("sci/denormal", "[1e-40, 1.0]"),
    ("sci/max_float", "[3.4e38, -1.5]"),
    ("sci/randn_scaled", "torch.randn(2, 3, %s) * 1e-6" % g(9)),
    ("sci/with_nan_inf", "[1e-5, nan, inf, -inf]"),
    ("sci/carry_9.99996e-5", "[9.99996e-5, 1.0]"),
    ("sci/tie_1.03125", "[1.03125, 1e-5]"),
    ("sci/neg_zero", "[-0., 1e-5]"),
    # non-finite and signed zero
    ("nonfinite/nan_only", "[nan]"),
    ("nonfinite/nan_inf", "[nan, inf, -inf]"),
    ("nonfinite/nan_fixed", "[nan, 1.5]"),
    ("nonfinite/nan_2d", "[[nan, 0.5], [inf, -2.25]]"),
    ("negzero/alone", "[-0.]"),
    ("negzero/with_int", "[-0., 1.]"),
    ("negzero/mixed", "[0., -0., 2.]"),
    # rounding ties: Python rounds the exact binary value half to even
    ("ties/fixed_32nds", "[0.03125, 0.09375, 0.15625, 0.21875]"),
    ("ties/negative", "[-0.03125, -0.53125, 1.96875]"),
    ("ties/carry_9.99995", "[9.99996, 0.5]"),
    ("ties/half_ulp_values", "[0.00015, 0.00025, 0.00035]"),
    # wrapping at linewidth 80
    ("wrap/randn_30", "torch.randn(30, %s)" % g(0)),
    ("wrap/randn_2x25", "torch.randn(2, 25, %s)" % g(1)),
    ("wrap/randn_1x1x50", "torch.randn(1, 1, 50, %s)" % g(42)),
    ("wrap/int_1000s", "torch.arange(40.) * 1000"),
    ("wrap/sci_1x1x20", "torch.randn(1, 1, 20, %s) * 1e-5" % g(3)),
    ("wrap/randn_100", "torch.randn(100, %s)" % g(1234)),
    ("wrap/2x3x16", "torch.randn(2, 3, 16, %s)" % g(8)),
    ("wrap/sci_2x12", "torch.randn(2, 12, %s) * 1e5" % g(11)),
    # summarisation above 1000 elements
    ("summary/randn_1001", "torch.randn(1001, %s)" % g(0)),
    ("summary/randn_2000", "torch.randn(2000, %s)" % g(1)),
    ("summary/arange_2000", "torch.arange(2000.)"),
    ("summary/randn_40x30", "torch.randn(40, 30, %s)" % g(42)),
    ("summary/randn_3x20x20", "torch.randn(3, 20, 20, %s)" % g(1234)),
    ("summary/randn_10x200", "torch.randn(10, 200, %s)" % g(2)),
    ("summary/randn_2x1000", "torch.randn(2, 1000, %s)" % g(3)),
    ("summary/randn_1001x1", "torch.randn(1001, 1, %s)" % g(4)),
    ("summary/1x8x200", "torch.randn(1, 8, 200, %s)" % g(5)),
    ("summary/hidden_tiny_value", "torch.cat([torch.ones(500), torch.full((1,), 1e-7), torch.ones(500)])"),
    ("summary/exactly_1000", "torch.randn(1000, %s)" % g(6)),
    # empty and 0-d
    ("empty/0", "torch.zeros(0)"),
    ("empty/0x1x4", "torch.zeros(0, 1, 4)"),
    ("empty/2x0", "torch.zeros(2, 0)"),
    ("empty/1x0x3", "torch.zeros(1, 0, 3)"),
    ("scalar/3", "torch.tensor(3.)"),
    ("scalar/0.5", "torch.tensor(0.5)"),
    ("scalar/1e-5", "torch.tensor(1e-5)"),
    ("scalar/nan", "torch.tensor(float('nan'))"),
    ("scalar/neg_zero", "torch.tensor(-0.)"),
    ("scalar/randn", "torch.randn((), %s)" % g(0)),
]


def format_cases():
    cases = []
    for name, expr in FORMAT_EXPRS:
        t = run(expr)
        cases.append({"name": name, "expr": expr, "tensor": encode_tensor(t), "printed": str(t)})
    return cases


# ---------------------------------------------------------------- random cases

def random_exprs():
    out = []
    for seed in [0, 1, 42, 1234]:
        for n in [1, 3, 15, 16, 17, 32, 33, 100]:
            out.append((f"randn/seed{seed}/n{n}", f"torch.randn({n}, {g(seed)})"))
    out += [
        ("randn/shape_1x1x8", "torch.randn(1, 1, 8, %s)" % g(0)),
        ("randn/tuple_size", "torch.randn((2, 3, 5), %s)" % g(1)),
        ("randn/size_kw", "torch.randn(size=(4, 5), %s)" % g(42)),
        ("randn/manual_seed", "torch.manual_seed(0); torch.randn(2, 3)"),
        ("randn/manual_seed_1234", "torch.manual_seed(1234); torch.randn(1, 2, 50)"),
        ("randn/default_seed_0", "torch.randn(7)"),
        ("randn/cache_carries_over", "torch.manual_seed(42); torch.randn(3); torch.randn(5)"),
        ("randn/cache_across_16", "torch.manual_seed(1); torch.randn(1); torch.randn(20); torch.randn(1)"),
        ("randn/reseed_clears_cache", "torch.manual_seed(1); torch.randn(1); torch.manual_seed(1); torch.randn(2)"),
        ("randn/negative_seed", "torch.randn(20, %s)" % g(-1)),
        ("randn/big_seed", "torch.randn(5, %s)" % g(2**40 + 5)),
        ("randn/seed_above_2^53", "torch.randn(5, %s)" % g(2**63 + 12345)),
        ("randn/unseeded_generator", "torch.randn(6, generator=torch.Generator())"),
        ("randn/1000", "torch.randn(1000, %s)" % g(3)),
    ]
    for seed in [0, 1, 42, 1234]:
        for n in [1, 16, 17, 100]:
            out.append((f"rand/seed{seed}/n{n}", f"torch.rand({n}, {g(seed)})"))
    out += [
        ("rand/manual_seed", "torch.manual_seed(42); torch.rand(2, 3)"),
        ("rand_then_randn", "torch.manual_seed(0); torch.rand(5); torch.randn(17)"),
    ]
    return out


EXPRESSION_EXPRS = [
    ("literal/3d", "[[[1., 2., 2., 1.]]]"),
    ("literal/ints", "[1, 2, 3]"),
    ("literal/tensor_call", "tensor([[1, 2]])"),
    ("literal/torch_tensor_dtype", "torch.tensor([[1.5, -2e-3]], dtype=torch.float32)"),
    ("literal/trailing_commas", "[[1., 2.,], [3., 4.,],]"),
    ("literal/float32_rounding", "[0.1, 1e-46, 3.4028235e38, 16777217]"),
    ("literal/scalar", "tensor(3.)"),
    ("ones", "torch.ones(1, 1, 7)"),
    ("ones/tuple", "torch.ones((1, 1, 7))"),
    ("zeros", "torch.zeros(2, 3)"),
    ("full", "torch.full((1, 1, 4), 2.5)"),
    ("full/tenth", "torch.full((3,), 0.1)"),
    ("arange/end_float", "torch.arange(6.)"),
    ("arange/ints", "torch.arange(1, 7)"),
    ("arange/quarters", "torch.arange(0, 1, 0.25)"),
    ("arange/tenths", "torch.arange(0, 1, 0.1)"),
    ("arange/tenths_40", "torch.arange(0, 4, 0.1)"),
    ("arange/negative_step", "torch.arange(2, -2, -0.3)"),
    ("arange/odd_step_100", "torch.arange(-1.3, 5.2, 0.065)"),
    ("arange/dtype", "torch.arange(5, dtype=torch.float32)"),
    ("linspace/5", "torch.linspace(0, 1, 5)"),
    ("linspace/1", "torch.linspace(2, 3, 1)"),
    ("linspace/0", "torch.linspace(2, 3, 0)"),
    ("linspace/33", "torch.linspace(-1, 1, 33)"),
    ("linspace/100", "torch.linspace(0, 1, 100)"),
    ("linspace/57_odd", "torch.linspace(-3.7, 2.1, 57)"),
    ("linspace/descending", "torch.linspace(10, -10, 21)"),
    ("reshape/minus_one", "torch.arange(6.).reshape(2, -1)"),
    ("reshape/tuple", "torch.arange(6.).reshape((1, 2, 3))"),
    ("view/float", "torch.arange(12.).view(2, 3, 2).float()"),
    ("unsqueeze", "torch.arange(4.).unsqueeze(0).unsqueeze(0)"),
    ("randn_reshape", "torch.randn(6, %s).reshape(1, 2, 3)" % g(0)),
]


def random_cases():
    cases = [{"name": n, "expr": e, "expected": encode_tensor(run(e))} for n, e in random_exprs()]
    exprs = [{"name": n, "expr": e, "expected": encode_tensor(run(e))} for n, e in EXPRESSION_EXPRS]
    return cases, exprs


def write(name, payload):
    path = os.path.join(HERE, name)
    with open(path, "w") as f:
        json.dump(payload, f, indent=1, allow_nan=False)
        f.write("\n")
    print(f"wrote {path}")


def main():
    if not torch.__version__.startswith("1.13"):
        sys.exit(f"expected PyTorch 1.13.x, found {torch.__version__}")
    print(torch.__config__.show().split("CPU capability usage:")[1].split("\n")[0].strip(), "kernels")
    write("format_cases.json", {
        "about": "str(tensor) of float32 tensors, PyTorch " + torch.__version__ + "; see FORMAT.md",
        "cases": format_cases(),
    })
    cases, exprs = random_cases()
    write("random_cases.json", {
        "about": (
            "parseTensor text -> the float32 tensor PyTorch " + torch.__version__ + " makes "
            "(CPU, AVX2 kernels). `cases`: torch.randn / torch.rand; `expression_cases`: "
            "literals and deterministic factories. Statements split on ';' run in order, "
            "each case starting from torch.manual_seed(0)."
        ),
        "cases": cases,
        "expression_cases": exprs,
    })


if __name__ == "__main__":
    main()
