#!/usr/bin/python3
"""Generate backward_cases.json with real PyTorch autograd (Debian python3-torch 1.13.1).

    /usr/bin/python3 tests/golden/generate_backward.py

Each case runs the op the way PyTorch users do (F.conv1d / F.conv_transpose1d, nn.Conv1d for the
non-zero padding modes), calls backward() on sum(output * grad_output) and records the three
gradients. See FORMAT.md ("backward_cases.json"). Deterministic: each case's values come from a
generator seeded with crc32(case name).

Every case is also recomputed in float64 (the same call on double tensors) and, as an
independent check of the contract (PYTORCH_SEMANTICS.md, "Gradients"), through the identities
the API relies on: Conv1d's input gradient is conv_transpose1d of grad_output folded through the
padding mode, ConvTranspose1d's is conv1d of grad_output. "dyadic" and "int" values make every
sum exact in float32, so those gradients must match float64 bit for bit.
"""
import collections
import random

import torch
import torch.nn as nn
import torch.nn.functional as F

from golden_common import (MODES, batch_name, case_name, case_tensors, conv1d_ok, conv_params, convT_ok,
                           draw_layout, draw_length_batch, draw_stride_dilation, enc, make_values,
                           random_convT_config, resolve_padding, write_cases)


def forward(op, x, w, b, p):
    """The call a PyTorch user makes; returns (output, torch_call)."""
    s, pad, d, g, mode = p["stride"], p["padding"], p["dilation"], p["groups"], p["padding_mode"]
    if op == "conv_transpose1d":
        return F.conv_transpose1d(x, w, b, s, pad, p["output_padding"], g, d), "F.conv_transpose1d"
    if mode == "zeros":
        return F.conv1d(x, w, b, s, pad, d, g), "F.conv1d"
    m = nn.Conv1d(x.shape[-2], w.shape[0], w.shape[2], s, pad, d, g, b is not None, mode)
    m = m.to(x.dtype)
    del m.weight
    m.weight = w  # a plain tensor attribute keeps the autograd graph to our leaf
    if b is not None:
        del m.bias
        m.bias = b
    if x.dim() == 2 and mode == "circular":
        # torch 1.13.1's F.pad(mode='circular') rejects 2-D input; the module semantics for
        # unbatched input are the batched result with the batch dim removed.
        return m(x.unsqueeze(0)).squeeze(0), "nn.Conv1d(...)(x.unsqueeze(0)).squeeze(0)"
    return m(x), "nn.Conv1d(...)(x)"


def gradients(op, x, w, b, gy, p, dtype):
    leaves = [t.detach().to(dtype).requires_grad_() if t is not None else None for t in (x, w, b)]
    y, call = forward(op, leaves[0], leaves[1], leaves[2], p)
    assert tuple(y.shape) == tuple(gy.shape), (tuple(y.shape), tuple(gy.shape))
    (y * gy.to(dtype)).sum().backward()
    grads = [None if t is None else (t.grad if t.grad is not None else torch.zeros_like(t)) for t in leaves]
    return y.detach(), grads, call


def fold(grad_padded, L, left, mode):
    """The adjoint of padding: each padded cell's gradient added to the cell it copies."""
    out = torch.zeros(grad_padded.shape[:-1] + (L,), dtype=grad_padded.dtype)
    for j in range(grad_padded.shape[-1]):
        i = j - left
        if 0 <= i < L:
            src = i
        elif mode == "zeros":
            continue
        elif mode == "reflect":
            src = -i if i < 0 else 2 * (L - 1) - i
        elif mode == "replicate":
            src = 0 if i < 0 else L - 1
        else:
            src = i + L if i < 0 else i - L
        out[..., src] += grad_padded[..., j]
    return out


def identity_input_grad(op, w, gy, p, L):
    """The input gradient through the other op (float64), as PYTORCH_SEMANTICS.md states it."""
    s, d, g = p["stride"], p["dilation"], p["groups"]
    K = w.shape[2]
    if op == "conv1d":
        left, right = resolve_padding(p["padding"], K, d)
        padded = L + left + right
        lout = gy.shape[-1]
        op_pad = padded - ((lout - 1) * s + d * (K - 1) + 1)
        gp = F.conv_transpose1d(gy, w, None, s, 0, op_pad, g, d)
        return fold(gp, L, left, p["padding_mode"])
    gx = F.conv1d(gy, w, None, s, p["padding"], d, g)
    return gx[..., :L]


CASES = []
NAMES = set()
NONFINITE_DIFF = collections.Counter()
STATS = collections.Counter()
BATCHES = [None, 1, 2, 2, 3]  # what a random case's batch is drawn from (None: unbatched)


def add_case(op, N, Cin, Cout, K, L, s=1, padding=0, d=1, g=1, bias=True, mode="zeros", op_pad=0,
             kind="dyadic", grad_kind=None, special=None):
    grad_kind = grad_kind or kind
    params = conv_params(s, padding, d, g, mode, op_pad)
    batch = batch_name(N)
    name = case_name(op, N, Cin, Cout, K, L, s, padding, d, g, bias, mode, op_pad, kind) + "/grad_" + grad_kind
    if special:
        name += "/" + special
    if name in NAMES:
        return False
    ok = (conv1d_ok(Cin, Cout, K, L, s, padding, d, g, mode) if op == "conv1d"
          else convT_ok(Cin, Cout, K, L, s, padding, d, g, op_pad))
    assert ok, name
    gen, x, w, b = case_tensors(name, op, N, Cin, Cout, K, L, g, bias, kind)
    with torch.no_grad():
        y_shape = forward(op, x, w, b, params)[0].shape
    gy = make_values(tuple(y_shape), grad_kind, gen)
    # nonfinite_input / nonfinite_grad: a NaN and an Inf where they reach the weight gradient
    # (input) or every gradient (grad_output): the propagation pattern must match PyTorch's.
    target = {"nonfinite_input": x, "nonfinite_grad": gy}.get(special)
    if target is not None:
        flat = target.view(-1)
        flat[flat.numel() // 3] = float("nan")
        flat[(2 * flat.numel()) // 3] = float("inf")
    y, grads, call = gradients(op, x, w, b, gy, params, torch.float32)
    y64, grads64, _ = gradients(op, x, w, b, gy, params, torch.float64)
    # The identity the fast path uses, in float64 (unbatched: through a batch of one).
    gy64 = gy.to(torch.float64)
    gx_id = identity_input_grad(op, w.to(torch.float64), gy64 if N is not None else gy64.unsqueeze(0),
                                params, L)
    if N is None:
        gx_id = gx_id.squeeze(0)
    exact = kind in ("dyadic", "int", "ones") and grad_kind in ("dyadic", "int", "ones")
    for got, want, what in zip(grads, grads64, ("input", "weight", "bias")):
        if got is None:
            continue
        if special:
            # float32 and float64 take different CPU kernels, which disagree on where a NaN
            # appears (inf * 0 in the zero padding): only the finite cells are compared.
            fin = torch.isfinite(got) & torch.isfinite(want)
            assert torch.equal(got.to(torch.float64)[fin], want[fin]), (name, what)
        elif exact:
            assert torch.equal(got.to(torch.float64), want), (name, what)
        else:
            scale = 1.0 + float(want.abs().max()) if want.numel() else 1.0
            assert torch.allclose(got.to(torch.float64), want, rtol=1e-5, atol=1e-5 * scale), (name, what)
    if not special:
        assert torch.allclose(gx_id, grads64[0], rtol=1e-9, atol=1e-9), (name, "identity")
    ambiguous = None
    if special:
        # Cells where PyTorch's own kernels disagree on NaN: float64, and (conv1d, zero padding)
        # the explicitly padded form F.conv1d(F.pad(x), padding=0), which multiplies the padding.
        alternatives = [grads64]
        if op == "conv1d" and mode == "zeros":
            left, right = resolve_padding(padding, K, d)
            padded = dict(params, padding=0)
            leaves = [t.detach().clone().requires_grad_() if t is not None else None for t in (x, w, b)]
            xp = F.pad(leaves[0], [left, right])
            (forward(op, xp, leaves[1], leaves[2], padded)[0] * gy).sum().backward()
            alternatives.append([t.grad if t is not None else None for t in leaves])
        ambiguous = {}
        for i, what in enumerate(("input", "weight", "bias")):
            if grads[i] is None:
                continue
            differ = torch.zeros_like(grads[i], dtype=torch.bool)
            for alt in alternatives:
                differ |= torch.isnan(grads[i]) != torch.isnan(alt[i].to(torch.float32))
            ambiguous[what] = torch.nonzero(differ.reshape(-1)).reshape(-1).tolist()
            NONFINITE_DIFF[what] += len(ambiguous[what])
    case = {"name": name, "op": op, "input": enc(x), "weight": enc(w), "bias": enc(b), "params": params,
            "grad_output": enc(gy), "output": enc(y), "torch_call": call,
            "expected": {"input": enc(grads[0]), "weight": enc(grads[1]), "bias": enc(grads[2])}}
    if ambiguous is not None:
        case["nonfinite_ambiguous"] = ambiguous
    CASES.append(case)
    NAMES.add(name)
    STATS["op=" + op] += 1
    STATS["%s padding_mode=%s" % (op, mode)] += 1
    ptype = padding if isinstance(padding, str) else ("0" if padding == 0 else ">0")
    STATS["%s padding=%s" % (op, ptype)] += 1
    STATS["%s batch=%s" % (op, batch)] += 1
    STATS["kind=" + kind] += 1
    if g > 1:
        STATS["%s groups>1" % op] += 1
    if special:
        STATS["special=" + special] += 1
    if op_pad:
        STATS["conv_transpose1d output_padding>0"] += 1
        if op_pad >= s:
            STATS["conv_transpose1d output_padding>=stride"] += 1
    return True


def gen_cases():
    rng = random.Random(20261201)
    kinds = ["dyadic"] * 7 + ["randn"] * 2 + ["int"]

    def conv1d(mode, padding=None, s=None, d=None, g=None, N="rand", L=None, K=None, Cin=None,
               Cout=None):
        for _ in range(500):
            gg, ci, co, kk = draw_layout(rng, g, Cin, Cout, K, 4, 7)
            pp = padding if padding is not None else rng.randint(0 if mode == "zeros" else 1, 3)
            ss, dd = draw_stride_dilation(rng, 1 if pp == "same" else s, d, 3)
            ll, nn_ = draw_length_batch(rng, L, N, 24, BATCHES)
            if conv1d_ok(ci, co, kk, ll, ss, pp, dd, gg, mode):
                if add_case("conv1d", nn_, ci, co, kk, ll, ss, pp, dd, gg, rng.random() < 0.7, mode,
                            kind=rng.choice(kinds)):
                    return
        raise AssertionError("no conv1d config for %r" % ((mode, padding, s, d, g, N, L, K),))

    def convT(s=None, d=None, pad=None, op=None, g=None, N="rand", L=None, K=None, Cin=None, Cout=None):
        for _ in range(500):
            c = random_convT_config(rng, s, d, pad, op, g, N, L, K, Cin, Cout, 4, 7, 16, BATCHES)
            if c and add_case("conv_transpose1d", *c[:-1], rng.random() < 0.7, op_pad=c[-1],
                              kind=rng.choice(kinds)):
                return
        raise AssertionError("no convT config for %r" % ((s, d, pad, op, g, N, L, K),))

    # conv1d: every padding mode x stride x dilation (integer padding)
    for mode in MODES:
        for s in (1, 2, 3):
            for d in (1, 2, 3):
                conv1d(mode, s=s, d=d)
    # 'same' (odd and even kernels: uneven split) and 'valid', every mode
    for mode in MODES:
        for K in range(1, 7):
            for d in (1, 2):
                conv1d(mode, padding="same", K=K, d=d, L=rng.randint(max(1, d * (K - 1) // 2 + 2), 16))
        for _ in range(2):
            conv1d(mode, padding="valid")
    # groups: grouped and depthwise, both ops
    for mode in MODES:
        for g in (2, 3):
            conv1d(mode, g=g, Cin=g * rng.randint(1, 2), Cout=g * rng.randint(1, 2))
        C = rng.randint(2, 4)
        conv1d(mode, g=C, Cin=C, Cout=C * rng.randint(1, 2))
    for g in (2, 3):
        for _ in range(2):
            convT(g=g, Cin=g * rng.randint(1, 2), Cout=g * rng.randint(1, 2))
    C = rng.randint(2, 4)
    convT(g=C, Cin=C, Cout=C * 2)
    convT(g=C, Cin=C * 2, Cout=C)
    # batch 0..3 and unbatched, both ops
    for N in (None, 0, 1, 2, 3):
        for mode in MODES:
            conv1d(mode, N=N)
        convT(N=N)
        convT(N=N, s=rng.randint(2, 4))
    # conv_transpose1d: stride x dilation x output_padding (incl. output_padding >= stride < dilation)
    for s in range(1, 5):
        for d in range(1, 4):
            for op in range(0, max(s, d)):
                convT(s=s, d=d, op=op)
    for pad in range(0, 5):
        convT(pad=pad, K=rng.randint(3, 7), L=rng.randint(2, 10))
    # padding-mode boundaries: every ghost cell folds back (reflect pad L-1, circular pad L,
    # replicate pad > L), and lengths around the SIMD width
    for L in (1, 2, 3, 5):
        add_case("conv1d", 1, 2, 2, 3, L, 1, L, 1, 1, True, "circular", kind=rng.choice(kinds))
        add_case("conv1d", 2, 1, 2, 2, L, 1, L + 2, 1, 1, False, "replicate", kind=rng.choice(kinds))
        if L > 1:
            add_case("conv1d", 1, 2, 3, 3, L, 1, L - 1, 1, 1, True, "reflect", kind=rng.choice(kinds))
    for L in (4, 7, 8, 9, 16, 17, 33):
        conv1d(rng.choice(MODES), L=L)
        convT(L=L)
    # the seed notebook's shapes with grad_output = ones (what the playground shows by default)
    for s in (1, 2, 3, 4):
        add_case("conv_transpose1d", 1, 1, 1, 8 if s == 4 else 3, 2, s, 0, 1, 1, False, kind="ones")
    add_case("conv1d", 1, 1, 1, 3, 7, 1, 1, 1, 1, False, kind="ones")
    add_case("conv1d", 1, 1, 1, 3, 7, 1, 2, 1, 1, False, "reflect", kind="ones")
    # non-finite values in the input or in grad_output, every padding mode and both ops
    for special in ("nonfinite_input", "nonfinite_grad"):
        for mode in MODES:
            add_case("conv1d", 2, 2, 3, 3, 9, 2, 2, 1, 1, True, mode, special=special)
            add_case("conv1d", None, 2, 2, 4, 8, 1, "same", 2, 2, False, mode, special=special)
        add_case("conv_transpose1d", 2, 2, 3, 3, 6, 2, 1, 1, 1, True, op_pad=1, special=special)
        add_case("conv_transpose1d", None, 4, 2, 5, 5, 3, 2, 2, 2, False, op_pad=2, special=special)


def main():
    gen_cases()
    assert len(CASES) >= 150, len(CASES)
    size = write_cases("backward_cases.json", CASES)
    print("torch", torch.__version__)
    print("backward_cases.json: %d cases, %d bytes" % (len(CASES), size))
    print("cells where PyTorch's kernels disagree on NaN (nonfinite_ambiguous):", dict(NONFINITE_DIFF))
    for k in sorted(STATS):
        print("  %-46s %d" % (k, STATS[k]))


if __name__ == "__main__":
    main()
