"""What the golden generators share (generate.py, generate_backward.py): the torch they need, the
JSON encoding of tensors, the value kinds, the contract's padding split and acceptance rules, and
how a case is named, parameterised and filled with values.

A case's values come from a generator seeded with crc32(case name), so adding or removing a case
does not change the values of the others.
"""
import json
import math
import os
import warnings
import zlib

import torch

HERE = os.path.dirname(os.path.abspath(__file__))
MODES = ["zeros", "reflect", "replicate", "circular"]

assert torch.__version__.startswith("1.13"), "expected Debian python3-torch 1.13.1, got " + torch.__version__
torch.set_num_threads(1)
warnings.filterwarnings("ignore", message="Using padding='same'")


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
    """One case per line; returns the file's size."""
    path = os.path.join(HERE, fname)
    with open(path, "w") as f:
        f.write('{"%s": [\n' % key)
        f.write(",\n".join(json.dumps(c, allow_nan=False) for c in cases))
        f.write("\n]}\n")
    return os.path.getsize(path)


# --------------------------------------------------------------------------- values

def make_values(shape, kind, gen):
    if kind == "ones":
        return torch.ones(shape)
    if kind == "int":
        return torch.randint(-3, 4, shape, generator=gen).to(torch.float32)
    v = torch.randn(shape, generator=gen, dtype=torch.float32)
    if kind == "dyadic":  # multiples of 1/32: exact products and sums in float32
        return torch.round(v * 32) / 32
    assert kind == "randn"
    return v


# --------------------------------------------------------------------------- the contract

def resolve_padding(padding, K, d):
    """(left, right) of the contract; padding is int | 'same' | 'valid'."""
    if padding == "valid":
        return 0, 0
    if padding == "same":
        total = d * (K - 1)
        return total // 2, total - total // 2
    return padding, padding


def conv1d_ok(Cin, Cout, K, L, s, padding, d, g, mode):
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


def convT_ok(Cin, Cout, K, L, s, pad, d, g, op):
    if g < 1 or Cin % g or Cout % g or L < 1 or K < 1 or s < 1 or d < 1 or pad < 0 or op < 0:
        return False
    if op >= max(s, d):
        return False
    return (L - 1) * s - 2 * pad + d * (K - 1) + op + 1 >= 1


# --------------------------------------------------------------------------- cases

def conv_params(s, padding, d, g, mode, op_pad):
    """A case's params, in the key order every golden file uses."""
    return {"stride": s, "padding": padding, "dilation": d, "groups": g, "padding_mode": mode,
            "output_padding": op_pad}


def batch_name(N):
    return "unbatched" if N is None else "N%d" % N


def case_name(op, N, Cin, Cout, K, L, s, padding, d, g, bias, mode, op_pad, kind):
    opp = "_op%d" % op_pad if op == "conv_transpose1d" else ""
    return "%s/%s/s%d_p%s_d%d_g%d%s/%s_Cin%d_Cout%d_K%d_L%d/%s/%s" % (
        op, mode, s, padding, d, g, opp, batch_name(N), Cin, Cout, K, L, "bias" if bias else "nobias", kind)


def case_tensors(name, op, N, Cin, Cout, K, L, g, bias, kind):
    """(generator, input, weight, bias or None): values seeded by the case's name."""
    gen = torch.Generator().manual_seed(zlib.crc32(name.encode()))
    xshape = (Cin, L) if N is None else (N, Cin, L)
    wshape = (Cout, Cin // g, K) if op == "conv1d" else (Cin, Cout // g, K)
    x = make_values(xshape, kind, gen)
    w = make_values(wshape, kind, gen)
    b = make_values((Cout,), kind, gen) if bias else None
    return gen, x, w, b


# --------------------------------------------------------------------------- random configurations
# Each draws only what the caller leaves as None, in a fixed order (the golden files depend on it).

def draw_layout(rng, g, Cin, Cout, K, max_channels, max_kernel):
    """(groups, in_channels, out_channels, kernel_size)."""
    gg = g if g is not None else rng.choice([1, 1, 1, 2, 3])
    ci = Cin if Cin is not None else gg * rng.randint(1, max(1, max_channels // gg))
    co = Cout if Cout is not None else gg * rng.randint(1, max(1, max_channels // gg))
    kk = K if K is not None else rng.randint(1, max_kernel)
    return gg, ci, co, kk


def draw_stride_dilation(rng, s, d, max_stride):
    ss = s if s is not None else rng.randint(1, max_stride)
    dd = d if d is not None else rng.choice([1, 1, 2, 3])
    return ss, dd


def draw_output_padding(rng, op, ss, dd):
    return op if op is not None else (rng.randint(0, max(ss, dd) - 1) if rng.random() < 0.5 else 0)


def draw_length_batch(rng, L, N, max_length, batches):
    """(length, batch); N == "rand" draws the batch from `batches` (None: unbatched)."""
    ll = L if L is not None else rng.randint(1, max_length)
    nn_ = rng.choice(batches) if N == "rand" else N
    return ll, nn_


def random_convT_config(rng, s, d, pad, op, g, N, L, K, Cin, Cout, max_channels, max_kernel, max_length,
                        batches):
    """(N, Cin, Cout, K, L, stride, padding, dilation, groups, output_padding) of a random
    conv_transpose1d, or None when the contract rejects what was drawn."""
    gg, ci, co, kk = draw_layout(rng, g, Cin, Cout, K, max_channels, max_kernel)
    ss, dd = draw_stride_dilation(rng, s, d, 4)
    pp = pad if pad is not None else rng.randint(0, 3)
    oo = draw_output_padding(rng, op, ss, dd)
    ll, nn_ = draw_length_batch(rng, L, N, max_length, batches)
    return (nn_, ci, co, kk, ll, ss, pp, dd, gg, oo) if convT_ok(ci, co, kk, ll, ss, pp, dd, gg, oo) else None
