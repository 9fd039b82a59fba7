"""The two ways generate.py computes a call: as PyTorch users run it (F.* or nn.* modules), and
an independent float64 implementation of the contract (PYTORCH_SEMANTICS.md) that checks it.
"""
import numpy as np
import torch
import torch.nn as nn
import torch.nn.functional as F

from golden_common import resolve_padding


# --------------------------------------------------------------------------- torch dispatch

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



def same_tensor(a, b):
    """Bitwise-style equality that treats NaN == NaN."""
    return a.shape == b.shape and bool(torch.all((a == b) | (torch.isnan(a) & torch.isnan(b))))


# --------------------------------------------------------------------------- float64 reference

def float64_batched(ref):
    """ref on float64 copies of x and w, with an unbatched input run as a batch of one."""
    def run(x, w, b, p):
        x = np.asarray(x, np.float64)
        w = np.asarray(w, np.float64)
        unbatched = x.ndim == 2
        y = ref(x[None] if unbatched else x, w, b, p)
        return y[0] if unbatched else y
    return run


@float64_batched
def ref_conv1d(x, w, b, p):
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
    return y


@float64_batched
def ref_conv_transpose1d(x, w, b, p):
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
    return y
