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
"""
import collections
import json
import math
import os
import random
import sys
import warnings
import zlib

# torch builds some error messages from Python sets (e.g. the padding_mode list), whose order
# depends on string hashing: pin the hash seed so the golden files are byte-for-byte reproducible.
if os.environ.get("PYTHONHASHSEED") != "0":
    os.environ["PYTHONHASHSEED"] = "0"
    os.execv(sys.executable, [sys.executable] + sys.argv)

import numpy as np
import torch
import torch.nn as nn
import torch.nn.functional as F

HERE = os.path.dirname(os.path.abspath(__file__))
MODES = ["zeros", "reflect", "replicate", "circular"]

assert torch.__version__.startswith("1.13"), "expected Debian python3-torch 1.13.1, got " + torch.__version__
torch.set_num_threads(1)
warnings.filterwarnings("ignore", message="Using padding='same'")
torch.set_printoptions(profile="default")


# --------------------------------------------------------------------------- encoding

def fnum(v):
    if math.isnan(v):
        return "nan"
    if math.isinf(v):
        return "inf" if v > 0 else "-inf"
    return float(v)  # float32 -> float64 is exact; json/repr round-trips it


def enc(t):
    if t is None:
        return None
    t = t.detach().to(torch.float32).contiguous()
    return {"shape": list(t.shape), "data": [fnum(v) for v in t.reshape(-1).tolist()]}


def write_cases(fname, cases, key="cases"):
    path = os.path.join(HERE, fname)
    with open(path, "w") as f:
        f.write('{"%s": [\n' % key)
        f.write(",\n".join(json.dumps(c, allow_nan=False) for c in cases))
        f.write("\n]}\n")
    return os.path.getsize(path)


# --------------------------------------------------------------------------- values

def make_values(shape, kind, gen):
    if kind == "int":
        return torch.randint(-3, 4, shape, generator=gen).to(torch.float32)
    v = torch.randn(shape, generator=gen, dtype=torch.float32)
    if kind == "dyadic":  # multiples of 1/32: exact products and sums in float32
        return torch.round(v * 32) / 32
    assert kind == "randn"
    return v


# --------------------------------------------------------------------------- torch dispatch

def resolve_padding(padding, K, d):
    """(left, right) of the contract; padding is int | 'same' | 'valid'."""
    if padding == "valid":
        return 0, 0
    if padding == "same":
        total = d * (K - 1)
        return total // 2, total - total // 2
    return padding, padding


def torch_call_name(op, p):
    if op == "conv1d":
        return "F.conv1d" if p["padding_mode"] == "zeros" else "nn.Conv1d"
    if p["padding_mode"] != "zeros" or isinstance(p["padding"], str):
        return "nn.ConvTranspose1d"
    return "F.conv_transpose1d"


def run_torch(op, x, w, b, p):
    """Run the call the way PyTorch users would; returns (output, torch_call)."""
    call = torch_call_name(op, p)
    s, pad, d, g = p["stride"], p["padding"], p["dilation"], p["groups"]
    if call == "F.conv1d":
        return F.conv1d(x, w, b, s, pad, d, g), call
    if call == "F.conv_transpose1d":
        return F.conv_transpose1d(x, w, b, s, pad, p["output_padding"], g, d), call
    cin = x.shape[-2] if x.dim() >= 2 else 1
    if op == "conv1d":
        cout = w.shape[0] if w.dim() >= 1 else 1
        k = w.shape[-1] if w.dim() >= 1 else 1
        m = nn.Conv1d(cin, cout, k, s, pad, d, g, b is not None, p["padding_mode"])
    else:
        cout = w.shape[1] * g if w.dim() >= 2 else 1
        k = w.shape[-1] if w.dim() >= 1 else 1
        m = nn.ConvTranspose1d(cin, cout, k, s, pad, p["output_padding"], g, b is not None, d,
                               p["padding_mode"])
    m.weight = nn.Parameter(w)  # no shape check: forward reports mismatches the way F does
    if b is not None:
        m.bias = nn.Parameter(b)
    with torch.no_grad():
        return m(x), call + "(...)(x)"


# --------------------------------------------------------------------------- float64 reference

def ref_conv1d(x, w, b, p):
    x = np.asarray(x, np.float64)
    w = np.asarray(w, np.float64)
    unb = x.ndim == 2
    if unb:
        x = x[None]
    N, Cin, L = x.shape
    Cout, cpg, K = w.shape
    s, d, g = p["stride"], p["dilation"], p["groups"]
    l, r = resolve_padding(p["padding"], K, d)
    npmode = {"zeros": "constant", "reflect": "reflect", "replicate": "edge", "circular": "wrap"}
    xp = np.pad(x, ((0, 0), (0, 0), (l, r)), mode=npmode[p["padding_mode"]])
    Lp = xp.shape[2]
    Lout = (Lp - d * (K - 1) - 1) // s + 1
    y = np.zeros((N, Cout, Lout))
    opg = Cout // g
    for co in range(Cout):
        gi = co // opg
        for ci in range(cpg):
            for k in range(K):
                y[:, co, :] += w[co, ci, k] * xp[:, gi * cpg + ci, k * d: k * d + s * (Lout - 1) + 1: s]
        if b is not None:
            y[:, co, :] += float(b[co])
    return y[0] if unb else y


def ref_conv_transpose1d(x, w, b, p):
    x = np.asarray(x, np.float64)
    w = np.asarray(w, np.float64)
    unb = x.ndim == 2
    if unb:
        x = x[None]
    N, Cin, L = x.shape
    _, opg, K = w.shape
    s, pad, d, g, op = p["stride"], p["padding"], p["dilation"], p["groups"], p["output_padding"]
    Cout = opg * g
    ipg = Cin // g
    Lout = (L - 1) * s - 2 * pad + d * (K - 1) + op + 1
    y = np.zeros((N, Cout, Lout))
    for ci in range(Cin):
        gi = ci // ipg
        for j in range(opg):
            co = gi * opg + j
            for k in range(K):
                for i in range(L):
                    o = i * s + k * d - pad
                    if 0 <= o < Lout:
                        y[:, co, o] += x[:, ci, i] * w[ci, j, k]
    if b is not None:
        y += np.asarray(b, np.float64)[None, :, None]
    return y[0] if unb else y


# --------------------------------------------------------------------------- valid cases

CASES = []
NAMES = set()
STATS = collections.Counter()


def out_len_conv1d(L, K, s, padding, d):
    l, r = resolve_padding(padding, K, d)
    return (L + l + r - d * (K - 1) - 1) // s + 1


def conv1d_ok(N, Cin, Cout, K, L, s, padding, d, g, mode):
    """The contract's acceptance rules for conv1d (torch must agree: asserted)."""
    if g < 1 or Cin % g or Cout % g or L < 1 or K < 1 or s < 1 or d < 1:
        return False
    if padding == "same" and s != 1:
        return False
    l, r = resolve_padding(padding, K, d)
    if L + l + r < d * (K - 1) + 1:
        return False
    if mode == "reflect" and max(l, r) >= L:
        return False
    if mode == "circular" and max(l, r) > L:
        return False
    return True


def convT_ok(N, Cin, Cout, K, L, s, pad, d, g, op):
    if g < 1 or Cin % g or Cout % g or L < 1 or K < 1 or s < 1 or d < 1 or pad < 0 or op < 0:
        return False
    if op >= max(s, d):
        return False
    return (L - 1) * s - 2 * pad + d * (K - 1) + op + 1 >= 1


def same_tensor(a, b):
    """Bitwise-style equality that treats NaN == NaN."""
    return a.shape == b.shape and bool(torch.all((a == b) | (torch.isnan(a) & torch.isnan(b))))


def add_case(op, N, Cin, Cout, K, L, s=1, padding=0, d=1, g=1, bias=True, mode="zeros", op_pad=0,
             kind="dyadic", tags=(), special=None):
    """Build one valid case; returns False if it duplicates an existing name."""
    params = {"stride": s, "padding": padding, "dilation": d, "groups": g,
              "padding_mode": mode, "output_padding": op_pad}
    batch = "unbatched" if N is None else "N%d" % N
    opp = "_op%d" % op_pad if op == "conv_transpose1d" else ""
    name = "%s/%s/s%d_p%s_d%d_g%d%s/%s_Cin%d_Cout%d_K%d_L%d/%s/%s" % (
        op, mode, s, padding, d, g, opp, batch, Cin, Cout, K, L, "bias" if bias else "nobias", kind)
    if special:
        name += "/" + special
    if name in NAMES:
        return False
    if op == "conv1d":
        assert conv1d_ok(N, Cin, Cout, K, L, s, padding, d, g, mode), name
    else:
        assert mode == "zeros" and not isinstance(padding, str)
        assert convT_ok(N, Cin, Cout, K, L, s, padding, d, g, op_pad), name
    gen = torch.Generator().manual_seed(zlib.crc32(name.encode()))
    xshape = (Cin, L) if N is None else (N, Cin, L)
    wshape = (Cout, Cin // g, K) if op == "conv1d" else (Cin, Cout // g, K)
    x = make_values(xshape, kind, gen)
    w = make_values(wshape, kind, gen)
    b = make_values((Cout,), kind, gen) if bias else None
    if special == "nonfinite":
        flat = x.view(-1)
        if flat.numel() >= 3:
            flat[flat.numel() // 3] = float("nan")
            flat[(2 * flat.numel()) // 3] = float("inf")
    if special == "nonfinite_weight":
        # conv1d multiplies its zero padding (0 * inf = nan); conv_transpose1d never multiplies
        # anything outside the input: the kernels must reproduce both.
        flat = w.view(-1)
        flat[0] = float("inf")
        if flat.numel() >= 2:
            flat[flat.numel() - 1] = float("-inf")
        if flat.numel() >= 5:
            flat[flat.numel() // 2] = float("nan")
    note = None
    with torch.no_grad():
        if op == "conv1d" and mode == "circular" and N is None:
            # torch 1.13.1's F.pad(mode='circular') rejects 2-D input ("Invalid padding size,
            # expected 0 but got 2"); the module semantics for unbatched input are the batched
            # result with the batch dimension removed.
            y, call = run_torch(op, x.unsqueeze(0), w, b, params)
            y = y.squeeze(0)
            note = ("torch 1.13.1 rejects circular padding of unbatched input inside F.pad; "
                    "expected = batched result with the batch dim removed")
        else:
            y, call = run_torch(op, x, w, b, params)
        # cross-check functional vs module forms
        if op == "conv1d" and mode == "zeros":
            m = nn.Conv1d(Cin, Cout, K, s, padding, d, g, bias, mode)
            m.weight = nn.Parameter(w)
            if bias:
                m.bias = nn.Parameter(b)
            assert same_tensor(m(x), y), name
        if op == "conv1d" and mode != "zeros" and note is None:
            l, r = resolve_padding(padding, K, d)
            y2 = F.conv1d(F.pad(x, [l, r], mode=mode), w, b, s, 0, d, g)
            assert same_tensor(y2, y), name
        if op == "conv_transpose1d":
            m = nn.ConvTranspose1d(Cin, Cout, K, s, padding, op_pad, g, bias, d)
            m.weight = nn.Parameter(w)
            if bias:
                m.bias = nn.Parameter(b)
            assert same_tensor(m(x), y), name
    # shape rule + independent reference
    Lexp = (out_len_conv1d(L, K, s, padding, d) if op == "conv1d"
            else (L - 1) * s - 2 * padding + d * (K - 1) + op_pad + 1)
    eshape = (Cout, Lexp) if N is None else (N, Cout, Lexp)
    assert tuple(y.shape) == eshape, (name, tuple(y.shape), eshape)
    ref = (ref_conv1d if op == "conv1d" else ref_conv_transpose1d)(x.numpy(), w.numpy(),
                                                                   None if b is None else b.numpy(), params)
    yn = y.numpy().astype(np.float64)
    if special in ("nonfinite", "nonfinite_weight"):
        assert np.array_equal(np.isnan(yn), np.isnan(ref)), name
        fin = np.isfinite(ref)
        assert np.array_equal(np.isinf(yn), np.isinf(ref)), name
        assert np.allclose(yn[fin], ref[fin], rtol=1e-5, atol=1e-5), name
    elif kind in ("dyadic", "int"):
        assert np.array_equal(yn, ref), (name, np.abs(yn - ref).max())
    else:
        scale = 1.0 + (np.abs(ref).max() if ref.size else 0.0)
        assert np.allclose(yn, ref, rtol=1e-5, atol=1e-5 * scale), (name, np.abs(yn - ref).max())
    case = {"name": name, "op": op, "input": enc(x), "weight": enc(w), "bias": enc(b),
            "params": params, "expected": enc(y),
            "printed": str(y) if y.numel() <= 64 else None}
    if note:
        case["note"] = note
    CASES.append(case)
    NAMES.add(name)
    STATS["op=" + op] += 1
    STATS["padding_mode=" + mode] += 1
    STATS["kind=" + kind] += 1
    ptype = padding if isinstance(padding, str) else ("int0" if padding == 0 else "int>0")
    STATS["%s padding=%s" % (op, ptype)] += 1
    STATS["%s stride=%d" % (op, s)] += 1
    STATS["%s dilation=%d" % (op, d)] += 1
    if g > 1:
        STATS["%s %s" % (op, "depthwise" if g == Cin else "grouped")] += 1
    STATS["%s batch=%s" % (op, batch)] += 1
    STATS["%s bias=%s" % (op, bias)] += 1
    if op == "conv_transpose1d" and op_pad > 0:
        STATS["conv_transpose1d output_padding>0"] += 1
    if special:
        STATS["special=" + special] += 1
    return True


def gen_valid():
    rng = random.Random(20240601)
    kinds = ["dyadic"] * 11 + ["randn"] * 6 + ["int"] * 3

    def kind():
        return rng.choice(kinds)

    def rand_conv1d(mode, padding=None, s=None, d=None, g=None, N="rand", L=None, K=None,
                    Cin=None, Cout=None, tries=500):
        for _ in range(tries):
            gg = g if g is not None else rng.choice([1, 1, 1, 2, 3])
            ci = Cin if Cin is not None else gg * rng.randint(1, max(1, 6 // gg))
            co = Cout if Cout is not None else gg * rng.randint(1, max(1, 6 // gg))
            kk = K if K is not None else rng.randint(1, 9)
            ss = s if s is not None else rng.randint(1, 4)
            dd = d if d is not None else rng.choice([1, 1, 2, 3])
            pp = padding if padding is not None else rng.randint(0, 4)
            if pp == "same":
                ss = 1
            ll = L if L is not None else rng.randint(1, 40)
            nn_ = rng.choice([None, 0, 1, 1, 2, 2, 3]) if N == "rand" else N
            if conv1d_ok(nn_, ci, co, kk, ll, ss, pp, dd, gg, mode):
                if add_case("conv1d", nn_, ci, co, kk, ll, ss, pp, dd, gg, rng.random() < 0.7, mode,
                            kind=kind()):
                    return True
        raise AssertionError("no valid conv1d config for %r" % ((mode, padding, s, d, g, N, L, K),))

    def rand_convT(s=None, d=None, pad=None, op=None, g=None, N="rand", L=None, K=None,
                   Cin=None, Cout=None, tries=500):
        for _ in range(tries):
            gg = g if g is not None else rng.choice([1, 1, 1, 2, 3])
            ci = Cin if Cin is not None else gg * rng.randint(1, max(1, 6 // gg))
            co = Cout if Cout is not None else gg * rng.randint(1, max(1, 6 // gg))
            kk = K if K is not None else rng.randint(1, 9)
            ss = s if s is not None else rng.randint(1, 4)
            dd = d if d is not None else rng.choice([1, 1, 2, 3])
            pp = pad if pad is not None else rng.randint(0, 3)
            oo = op if op is not None else (rng.randint(0, max(ss, dd) - 1) if rng.random() < 0.5 else 0)
            ll = L if L is not None else rng.randint(1, 20)
            nn_ = rng.choice([None, 0, 1, 1, 2, 2, 3]) if N == "rand" else N
            if convT_ok(nn_, ci, co, kk, ll, ss, pp, dd, gg, oo):
                if add_case("conv_transpose1d", nn_, ci, co, kk, ll, ss, pp, dd, gg, rng.random() < 0.7,
                            op_pad=oo, kind=kind()):
                    return True
        raise AssertionError("no valid convT config for %r" % ((s, d, pad, op, g, N, L, K),))

    # 1. conv1d, every padding mode x stride x dilation with integer padding
    for mode in MODES:
        for s in range(1, 5):
            for d in range(1, 4):
                rand_conv1d(mode, padding=rng.randint(0 if mode == "zeros" else 1, 3), s=s, d=d)
    # 2. 'same': odd and even kernels, dilation 1..3, every mode
    for mode in MODES:
        for K in range(1, 10):
            for d in (1, 2, 3):
                if mode != "zeros" and (K + d) % 2 == 1 and K > 2:
                    continue  # keep the non-zero modes to about half the grid
                rand_conv1d(mode, padding="same", d=d, K=K, L=rng.randint(max(1, d * (K - 1) // 2 + 2), 24))
    # 3. 'valid'
    for mode in MODES:
        for _ in range(4):
            rand_conv1d(mode, padding="valid")
    # 4. groups: grouped (2,3,4) and depthwise (multiplier 1,2,3), both ops
    for mode in MODES:
        for g in (2, 3, 4):
            rand_conv1d(mode, g=g, Cin=g * rng.randint(1, 2), Cout=g * rng.randint(1, 3))
        for mult in (1, 2, 3):
            C = rng.randint(2, 6)
            rand_conv1d(mode, g=C, Cin=C, Cout=C * mult)
    for g in (2, 3, 4):
        for _ in range(2):
            rand_convT(g=g, Cin=g * rng.randint(1, 2), Cout=g * rng.randint(1, 3))
    for mult in (1, 2, 3):
        C = rng.randint(2, 6)
        rand_convT(g=C, Cin=C, Cout=C * mult)
        C = rng.randint(2, 6)
        rand_convT(g=C, Cin=C * mult, Cout=C)
    # 5. batch sizes 0..3 and unbatched, both ops, every mode
    for N in (None, 0, 1, 2, 3):
        for mode in MODES:
            rand_conv1d(mode, N=N)
            if mode != "zeros":
                rand_conv1d(mode, N=N, padding="same")
        rand_convT(N=N)
        rand_convT(N=N, op=None, s=rng.randint(2, 4))
    # 6. lengths around SIMD widths, channel counts 1..9, kernels 1..9
    for L in (1, 2, 3, 4, 5, 7, 8, 9, 15, 16, 17, 31, 32, 33):
        rand_conv1d(rng.choice(MODES), L=L)
        rand_conv1d("zeros", L=L, s=1, d=1, K=rng.choice([1, 3, 5]), padding=rng.randint(0, 2))
        rand_convT(L=L)
    for C in range(1, 10):
        rand_conv1d(rng.choice(MODES), Cin=C, Cout=rng.randint(1, 9), g=1)
        rand_conv1d("zeros", Cin=rng.randint(1, 9), Cout=C, g=1)
        rand_convT(Cin=C, Cout=rng.randint(1, 9), g=1)
        rand_convT(Cin=rng.randint(1, 9), Cout=C, g=1)
    for K in range(1, 10):
        rand_conv1d("zeros", K=K)
        rand_conv1d(rng.choice(MODES[1:]), K=K)
        rand_convT(K=K)
    # 7. conv_transpose1d: stride x dilation x padding x output_padding
    for s in range(1, 5):
        for d in range(1, 4):
            for op in range(0, max(s, d)):
                rand_convT(s=s, d=d, op=op, pad=rng.randint(0, 3))
    for pad in range(0, 5):
        rand_convT(pad=pad, K=rng.randint(3, 9), L=rng.randint(2, 12))
    # boundary: circular pad == L, reflect pad == L-1, replicate pad > L; kernel == padded length
    for L in (1, 2, 3, 5):
        add_case("conv1d", 1, 2, 2, 3, L, 1, L, 1, 1, True, "circular", kind=kind())
        add_case("conv1d", 1, 2, 2, 2, L, 1, L + 2, 1, 1, False, "replicate", kind=kind())
        if L > 1:
            add_case("conv1d", 1, 2, 3, 3, L, 1, L - 1, 1, 1, True, "reflect", kind=kind())
        add_case("conv1d", 2, 2, 3, L + 2, L, 1, 1, 1, 1, True, "zeros", kind=kind())  # L_out == 1
        add_case("conv1d", 1, 2, 2, 2, L, 2, 1, L + 1, 1, True, "zeros", kind=kind())  # dilated fit
    # 8. larger shapes
    add_case("conv1d", 2, 16, 16, 5, 40, 1, 2, 1, 1, True, "zeros", kind="randn")
    add_case("conv1d", 2, 16, 16, 3, 40, 2, 1, 2, 4, True, "reflect", kind="randn")
    add_case("conv1d", 1, 16, 32, 7, 40, 1, "same", 1, 16, True, "circular", kind="dyadic")
    add_case("conv1d", 3, 16, 8, 9, 40, 3, "valid", 1, 1, False, "replicate", kind="int")
    add_case("conv_transpose1d", 2, 16, 16, 4, 40, 2, 1, 1, 1, True, kind="randn")
    add_case("conv_transpose1d", 1, 16, 8, 8, 40, 4, 2, 1, 2, True, op_pad=1, kind="dyadic")
    add_case("conv_transpose1d", 2, 16, 16, 3, 40, 1, 1, 3, 16, False, op_pad=2, kind="int")
    # 9. non-finite inputs propagate through exactly the cells whose window holds them
    add_case("conv1d", 1, 2, 2, 3, 9, 1, 1, 1, 1, True, "zeros", kind="dyadic", special="nonfinite")
    add_case("conv1d", 1, 1, 2, 3, 8, 2, 2, 1, 1, False, "reflect", kind="dyadic", special="nonfinite")
    add_case("conv_transpose1d", 1, 2, 2, 3, 5, 2, 0, 1, 1, True, kind="dyadic", special="nonfinite")
    add_case("conv_transpose1d", 1, 1, 1, 2, 4, 3, 1, 1, 1, False, op_pad=1, kind="dyadic",
             special="nonfinite")
    # 9b. non-finite weights: padding cells multiply them in conv1d, never in conv_transpose1d
    add_case("conv1d", 1, 1, 1, 3, 6, 1, 1, 1, 1, False, "zeros", kind="int", special="nonfinite_weight")
    add_case("conv1d", 1, 1, 2, 2, 7, 1, "same", 2, 1, True, "zeros", kind="dyadic", special="nonfinite_weight")
    add_case("conv1d", 2, 2, 2, 3, 9, 2, 2, 1, 1, True, "reflect", kind="dyadic", special="nonfinite_weight")
    add_case("conv1d", 1, 2, 4, 5, 12, 1, 3, 1, 2, True, "zeros", kind="dyadic", special="nonfinite_weight")
    add_case("conv_transpose1d", 1, 1, 1, 3, 4, 2, 0, 1, 1, False, kind="int", special="nonfinite_weight")
    add_case("conv_transpose1d", 1, 2, 2, 4, 6, 3, 2, 1, 1, True, op_pad=1, kind="dyadic", special="nonfinite_weight")
    add_case("conv_transpose1d", 2, 2, 4, 5, 7, 2, 1, 2, 2, True, kind="dyadic", special="nonfinite_weight")
    # 10. fill with random configurations over everything
    while len(CASES) < 480:
        if rng.random() < 0.6:
            rand_conv1d(rng.choice(MODES), padding=rng.choice([None, None, None, "same", "valid"]))
        else:
            rand_convT()


# --------------------------------------------------------------------------- error cases

ERRORS = []
ENAMES = set()
ESTATS = collections.Counter()


def add_error(name, op, xshape, wshape, bshape, mentions, stride=1, padding=0, dilation=1, groups=1,
              padding_mode="zeros", output_padding=0):
    name = "error/%s/%s" % (op, name)
    assert name not in ENAMES, name
    assert mentions in ("groups", "padding", "padding_mode", "stride", "dilation", "output_padding",
                        "channels", "bias", "kernel", "input", "weight", "size"), mentions
    gen = torch.Generator().manual_seed(zlib.crc32(name.encode()))
    x = make_values(tuple(xshape), "dyadic", gen)
    w = make_values(tuple(wshape), "dyadic", gen)
    b = None if bshape is None else make_values(tuple(bshape), "dyadic", gen)
    params = {"stride": stride, "padding": padding, "dilation": dilation, "groups": groups,
              "padding_mode": padding_mode, "output_padding": output_padding}
    call = torch_call_name(op, params)
    try:
        y, call = run_torch(op, x, w, b, params)
    except (RuntimeError, ValueError, TypeError) as e:
        msg = str(e).strip().splitlines()[0]
        etype = type(e).__name__
    else:
        raise AssertionError("torch ACCEPTED error case %s -> %s" % (name, tuple(y.shape)))
    ERRORS.append({"name": name, "op": op, "input": enc(x), "weight": enc(w), "bias": enc(b),
                   "params": params, "torch_error": msg, "torch_exception": etype,
                   "torch_call": call, "mentions": mentions})
    ENAMES.add(name)
    ESTATS["op=" + op] += 1
    ESTATS["mentions=" + mentions] += 1
    ESTATS["exception=" + etype] += 1


def gen_errors():
    C1, T = "conv1d", "conv_transpose1d"
    # 1. groups
    add_error("groups_0", C1, (1, 4, 8), (6, 4, 3), None, "groups", groups=0)
    add_error("groups_neg1", C1, (1, 4, 8), (6, 4, 3), None, "groups", groups=-1)
    add_error("groups_neg2_reflect", C1, (1, 4, 8), (6, 2, 3), None, "groups", groups=-2,
              padding=1, padding_mode="reflect")
    add_error("groups_1.5", C1, (1, 4, 8), (6, 4, 3), None, "groups", groups=1.5)
    add_error("groups_0", T, (1, 4, 8), (4, 6, 3), None, "groups", groups=0)
    add_error("groups_neg1", T, (1, 4, 8), (4, 6, 3), None, "groups", groups=-1)
    add_error("groups_1.5", T, (1, 4, 8), (4, 6, 3), None, "groups", groups=1.5)
    add_error("out_channels_5_not_divisible_by_groups_2", C1, (1, 4, 8), (5, 2, 3), None, "groups", groups=2)
    add_error("out_channels_7_not_divisible_by_groups_3", C1, (2, 3, 8), (7, 1, 3), (7,), "groups", groups=3)
    add_error("in_channels_5_not_divisible_by_groups_2", C1, (1, 5, 8), (4, 2, 3), None, "channels", groups=2)
    add_error("in_channels_7_not_divisible_by_groups_3", C1, (7, 8), (6, 2, 3), None, "channels", groups=3)
    add_error("in_channels_5_not_divisible_by_groups_2", T, (1, 5, 8), (5, 2, 3), None, "groups", groups=2)
    add_error("in_channels_4_not_divisible_by_groups_3", T, (4, 8), (4, 1, 3), None, "groups", groups=3)
    # 2. padding strings / padding modes / 'same' with stride
    for bad in ("full", "SAME", "Same", "causal", ""):
        add_error("padding_string_%s" % (bad or "empty"), C1, (1, 2, 8), (2, 2, 3), None, "padding", padding=bad)
    add_error("padding_string_full_reflect", C1, (1, 2, 8), (2, 2, 3), None, "padding", padding="full",
              padding_mode="reflect")
    for bad in ("constant", "zero", "Reflect", "wrap", "symmetric"):
        add_error("padding_mode_%s" % bad, C1, (1, 2, 8), (2, 2, 3), None, "padding_mode", padding=1,
                  padding_mode=bad)
    add_error("same_stride2", C1, (1, 2, 8), (2, 2, 3), None, "padding", stride=2, padding="same")
    add_error("same_stride3_dilation2", C1, (1, 2, 8), (2, 2, 3), (2,), "padding", stride=3,
              padding="same", dilation=2)
    add_error("same_stride2_reflect", C1, (1, 2, 8), (2, 2, 3), None, "padding", stride=2, padding="same",
              padding_mode="reflect")
    add_error("same_stride4_circular", C1, (2, 8), (2, 2, 4), None, "padding", stride=4, padding="same",
              padding_mode="circular")
    # 3. conv_transpose1d: only zeros padding mode, no padding strings
    for m in ("reflect", "replicate", "circular", "constant"):
        add_error("padding_mode_%s" % m, T, (1, 2, 8), (2, 2, 3), None, "padding_mode", padding=1,
                  padding_mode=m)
    add_error("padding_same", T, (1, 2, 8), (2, 2, 3), None, "padding", padding="same")
    add_error("padding_valid", T, (1, 2, 8), (2, 2, 3), None, "padding", padding="valid")
    # 4. negative / zero / non-integer parameters
    add_error("padding_neg1", C1, (1, 2, 8), (2, 2, 3), None, "padding", padding=-1)
    add_error("padding_neg2_unbatched", C1, (2, 8), (3, 2, 3), (3,), "padding", padding=-2)
    add_error("padding_neg1", T, (1, 2, 8), (2, 2, 3), None, "padding", padding=-1)
    add_error("output_padding_neg1", T, (1, 2, 8), (2, 2, 3), None, "output_padding", stride=2,
              output_padding=-1)
    add_error("output_padding_neg2", T, (2, 8), (2, 3, 3), None, "output_padding", stride=3,
              output_padding=-2)
    add_error("stride_0", C1, (1, 2, 8), (2, 2, 3), None, "stride", stride=0)
    add_error("stride_neg1", C1, (1, 2, 8), (2, 2, 3), None, "stride", stride=-1)
    add_error("stride_0_reflect", C1, (1, 2, 8), (2, 2, 3), None, "stride", stride=0, padding=1,
              padding_mode="reflect")
    add_error("stride_0", T, (1, 2, 8), (2, 2, 3), None, "stride", stride=0)
    add_error("stride_neg2", T, (1, 2, 8), (2, 2, 3), None, "stride", stride=-2)
    add_error("dilation_0", C1, (1, 2, 8), (2, 2, 3), None, "dilation", dilation=0)
    add_error("dilation_neg1", C1, (1, 2, 8), (2, 2, 3), None, "dilation", dilation=-1)
    add_error("dilation_0", T, (1, 2, 8), (2, 2, 3), None, "dilation", dilation=0)
    add_error("dilation_neg1", T, (1, 2, 8), (2, 2, 3), None, "dilation", dilation=-1)
    add_error("stride_1.5", C1, (1, 2, 8), (2, 2, 3), None, "stride", stride=1.5)
    add_error("stride_0.5", C1, (1, 2, 8), (2, 2, 3), None, "stride", stride=0.5)
    add_error("padding_1.5", C1, (1, 2, 8), (2, 2, 3), None, "padding", padding=1.5)
    add_error("dilation_1.5", C1, (1, 2, 8), (2, 2, 3), None, "dilation", dilation=1.5)
    add_error("stride_1.5", T, (1, 2, 8), (2, 2, 3), None, "stride", stride=1.5)
    add_error("padding_0.5", T, (1, 2, 8), (2, 2, 3), None, "padding", padding=0.5)
    add_error("dilation_1.5", T, (1, 2, 8), (2, 2, 3), None, "dilation", dilation=1.5)
    add_error("output_padding_0.5", T, (1, 2, 8), (2, 2, 3), None, "output_padding", stride=2,
              output_padding=0.5)
    # 5. ranks and sizes
    add_error("input_rank1", C1, (8,), (2, 1, 3), None, "input")
    add_error("input_rank4", C1, (1, 1, 2, 8), (2, 2, 3), None, "input")
    add_error("input_rank0", C1, (), (1, 1, 1), None, "input")
    add_error("input_rank1", T, (8,), (1, 2, 3), None, "input")
    add_error("input_rank4", T, (1, 1, 2, 8), (2, 2, 3), None, "input")
    add_error("input_length0", C1, (1, 2, 0), (2, 2, 1), None, "input")
    add_error("input_length0_padding1", C1, (1, 2, 0), (2, 2, 1), None, "input", padding=1)
    add_error("input_length0_unbatched_padding2", C1, (2, 0), (2, 2, 3), None, "input", padding=2)
    add_error("input_length0", T, (1, 2, 0), (2, 2, 3), None, "input")
    add_error("input_length0_unbatched", T, (2, 0), (2, 2, 3), None, "input")
    add_error("weight_rank2", C1, (1, 2, 8), (2, 2), None, "weight")
    add_error("weight_rank4", C1, (1, 2, 8), (2, 2, 3, 1), None, "weight")
    add_error("weight_rank1", C1, (1, 2, 8), (3,), None, "weight")
    add_error("weight_rank2", T, (1, 2, 8), (2, 2), None, "weight")
    add_error("weight_rank4", T, (1, 2, 8), (2, 2, 3, 1), None, "weight")
    add_error("kernel_size0", C1, (1, 2, 8), (2, 2, 0), None, "kernel")
    add_error("kernel_size0", T, (1, 2, 8), (2, 2, 0), None, "kernel")
    add_error("out_channels0", C1, (1, 2, 8), (0, 2, 3), None, "channels")
    add_error("out_channels0", T, (1, 2, 8), (2, 0, 3), None, "channels")
    # 6. channel mismatch, bias
    add_error("channel_mismatch_weight3_input4", C1, (1, 4, 8), (6, 3, 3), None, "channels")
    add_error("channel_mismatch_unbatched", C1, (2, 8), (1, 3, 3), None, "channels")
    add_error("channel_mismatch_grouped", C1, (1, 6, 8), (4, 2, 3), None, "channels", groups=2)
    add_error("channel_mismatch_weight3_input4", T, (1, 4, 8), (3, 6, 3), None, "channels")
    add_error("channel_mismatch_conv1d_layout", T, (1, 2, 8), (5, 2, 3), None, "channels")
    add_error("bias_size5_cout6", C1, (1, 4, 8), (6, 4, 3), (5,), "bias")
    add_error("bias_rank2", C1, (1, 4, 8), (6, 4, 3), (1, 6), "bias")
    add_error("bias_rank0", C1, (1, 4, 8), (6, 4, 3), (), "bias")
    add_error("bias_size_cin_not_cout", T, (1, 4, 8), (4, 6, 3), (4,), "bias")
    add_error("bias_rank2", T, (1, 4, 8), (4, 6, 3), (6, 1), "bias")
    add_error("bias_size_grouped", T, (1, 4, 8), (4, 3, 3), (3,), "bias", groups=2)
    # 7. kernel larger than the padded input
    add_error("kernel9_gt_length8", C1, (1, 2, 8), (2, 2, 9), None, "kernel")
    add_error("dilated_kernel9_gt_length8", C1, (1, 2, 8), (2, 2, 3), None, "kernel", dilation=4)
    add_error("kernel7_gt_padded_length5", C1, (1, 2, 3), (2, 2, 7), None, "kernel", padding=1)
    add_error("kernel5_gt_length4_stride2_unbatched", C1, (2, 4), (2, 2, 5), None, "kernel", stride=2)
    add_error("kernel5_gt_length1_N0", C1, (0, 2, 1), (2, 2, 5), None, "kernel")
    add_error("kernel_gt_padded_length_replicate", C1, (1, 2, 3), (2, 2, 8), None, "kernel", padding=2,
              padding_mode="replicate")
    add_error("kernel_gt_length_valid", C1, (1, 2, 2), (2, 2, 3), None, "kernel", padding="valid")
    # 8. conv_transpose1d output_padding and output size
    add_error("output_padding2_stride2", T, (1, 2, 4), (2, 2, 3), None, "output_padding", stride=2,
              output_padding=2)
    add_error("output_padding1_stride1", T, (1, 2, 4), (2, 2, 3), None, "output_padding", output_padding=1)
    add_error("output_padding3_stride3_dilation2", T, (1, 2, 4), (2, 2, 3), None, "output_padding",
              stride=3, dilation=2, output_padding=3)
    add_error("output_padding3_stride2_dilation3", T, (2, 4), (2, 2, 3), None, "output_padding",
              stride=2, dilation=3, output_padding=3)
    add_error("output_size_neg1", T, (1, 2, 1), (2, 2, 1), None, "size", padding=1)
    add_error("output_size_0", T, (1, 2, 1), (2, 2, 2), None, "size", padding=1)
    add_error("output_size_neg_stride2", T, (1, 2, 2), (2, 2, 3), None, "size", stride=2, padding=3)
    # 9. reflect / circular limits
    add_error("reflect_pad8_eq_length8", C1, (1, 2, 8), (2, 2, 3), None, "padding", padding=8,
              padding_mode="reflect")
    add_error("reflect_pad5_gt_length3", C1, (1, 2, 3), (2, 2, 3), None, "padding", padding=5,
              padding_mode="reflect")
    add_error("reflect_pad1_length1", C1, (1, 2, 1), (2, 2, 1), None, "padding", padding=1,
              padding_mode="reflect")
    add_error("reflect_same_K9_length4", C1, (1, 2, 4), (2, 2, 9), None, "padding", padding="same",
              padding_mode="reflect")
    add_error("reflect_same_K4_dilation3_length4", C1, (2, 2, 4), (2, 2, 4), None, "padding",
              padding="same", dilation=3, padding_mode="reflect")
    add_error("circular_pad9_gt_length8", C1, (1, 2, 8), (2, 2, 3), None, "padding", padding=9,
              padding_mode="circular")
    add_error("circular_same_K9_length3", C1, (1, 2, 3), (2, 2, 9), None, "padding", padding="same",
              padding_mode="circular")
    add_error("circular_pad2_length1", C1, (3, 2, 1), (2, 2, 3), (2,), "padding", padding=2,
              padding_mode="circular")


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
                      "params": {"stride": s, "padding": p, "dilation": 1, "groups": 1,
                                 "padding_mode": "zeros", "output_padding": opad},
                      "expected": enc(y), "printed": str(y)})
    return cells


# --------------------------------------------------------------------------- main

def main():
    gen_valid()
    gen_errors()
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
