"""generate.py's valid cases (conv_cases.json): every padding mode, padding kind, stride,
dilation, groups layout, batch and length class, each run through torch, cross-checked against
the module form and against the float64 reference, and counted in STATS.
"""
import collections
import random

import numpy as np
import torch
import torch.nn as nn
import torch.nn.functional as F

from golden_common import (MODES, batch_name, case_name, case_tensors, conv1d_ok, conv_params, convT_ok,
                           draw_layout, draw_length_batch, draw_stride_dilation, enc, random_convT_config,
                           resolve_padding)
from golden_torch import ref_conv1d, ref_conv_transpose1d, run_torch, same_tensor

CASES = []
NAMES = set()
STATS = collections.Counter()
BATCHES = [None, 0, 1, 1, 2, 2, 3]  # what a random case's batch is drawn from (None: unbatched)


def out_len_conv1d(L, K, s, padding, d):
    l, r = resolve_padding(padding, K, d)
    return (L + l + r - d * (K - 1) - 1) // s + 1



def add_case(op, N, Cin, Cout, K, L, s=1, padding=0, d=1, g=1, bias=True, mode="zeros", op_pad=0,
             kind="dyadic", tags=(), special=None):
    """Build one valid case; returns False if it duplicates an existing name."""
    params = conv_params(s, padding, d, g, mode, op_pad)
    batch = batch_name(N)
    name = case_name(op, N, Cin, Cout, K, L, s, padding, d, g, bias, mode, op_pad, kind)
    if special:
        name += "/" + special
    if name in NAMES:
        return False
    if op == "conv1d":
        assert conv1d_ok(Cin, Cout, K, L, s, padding, d, g, mode), name
    else:
        assert mode == "zeros" and not isinstance(padding, str)
        assert convT_ok(Cin, Cout, K, L, s, padding, d, g, op_pad), name
    _, x, w, b = case_tensors(name, op, N, Cin, Cout, K, L, g, bias, kind)
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
            gg, ci, co, kk = draw_layout(rng, g, Cin, Cout, K, 6, 9)
            ss, dd = draw_stride_dilation(rng, s, d, 4)
            pp = padding if padding is not None else rng.randint(0, 4)
            if pp == "same":
                ss = 1
            ll, nn_ = draw_length_batch(rng, L, N, 40, BATCHES)
            if conv1d_ok(ci, co, kk, ll, ss, pp, dd, gg, mode):
                if add_case("conv1d", nn_, ci, co, kk, ll, ss, pp, dd, gg, rng.random() < 0.7, mode,
                            kind=kind()):
                    return True
        raise AssertionError("no valid conv1d config for %r" % ((mode, padding, s, d, g, N, L, K),))

    def rand_convT(s=None, d=None, pad=None, op=None, g=None, N="rand", L=None, K=None,
                   Cin=None, Cout=None, tries=500):
        for _ in range(tries):
            c = random_convT_config(rng, s, d, pad, op, g, N, L, K, Cin, Cout, 6, 9, 20, BATCHES)
            if c and add_case("conv_transpose1d", *c[:-1], rng.random() < 0.7, op_pad=c[-1], kind=kind()):
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
