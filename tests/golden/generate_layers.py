#!/usr/bin/python3
"""Generate layer_cases.json: what real PyTorch (Debian python3-torch 1.13.1) builds from pasted
layer text, for parseLayer's node tests.

    /usr/bin/python3 tests/golden/generate_layers.py

Each case is a string a user might paste. It is evaluated with eval() in a namespace holding
torch, nn, Conv1d and ConvTranspose1d (PyTorch's own repr, e.g. `padding=same`, is evaluated in
the namespace of its module: see REPR_SOURCES), then the built layer is called on an input long
enough that no input-dependent rule applies (so a failure there fails on every input). Recorded:

  {"text", "outcome": "built" | "build_error" | "call_error",
   "layer": {op, in_channels, ..., weight_shape}   (built: the module's own attributes)
   "probe": {input_shape, output_shape}            (built: the call that succeeded)
   "torch_exception", "torch_error"                 (errors: PyTorch's type and message)
   "mentions"}                                      (errors: a word ConvLab's message must hold)
"""
import json
import os
import re
import sys
import warnings

if os.environ.get("PYTHONHASHSEED") != "0":  # torch prints sets in its messages
    os.environ["PYTHONHASHSEED"] = "0"
    os.execv(sys.executable, [sys.executable] + sys.argv)

import torch
import torch.nn as nn

HERE = os.path.dirname(os.path.abspath(__file__))
assert torch.__version__.startswith("1.13"), "expected Debian python3-torch 1.13.1, got " + torch.__version__
warnings.filterwarnings("ignore")
torch.manual_seed(0)

# (text, mentions): mentions is only used when torch rejects the text.
CASES = [
    # --- what people paste, all accepted
    ("nn.Conv1d(1, 1, 3)", None),
    ("torch.nn.Conv1d(16, 33, 3, stride=2)", None),
    ("Conv1d(4, 8, kernel_size=5, padding=2, bias=False)", None),
    ("nn.Conv1d(kernel_size=3, out_channels=4, in_channels=2)", None),
    ("nn.Conv1d(4, 8, 3, 1, 1, 1, 2, False, 'reflect')", None),
    ("nn.ConvTranspose1d(4, 8, 3, 2, 1, 1, 2, False, 2)", None),
    ("nn.ConvTranspose1d(4, 8, 3, 2, 1, 1, 2, False, 2, 'zeros')", None),
    ("nn.Conv1d(1, 1, (3,), stride=(2,), padding=(1,), dilation=(1,))", None),
    ("nn.Conv1d(1, 1, [3], stride=[2])", None),
    ("nn.Conv1d(1, 1, (3))", None),
    ("nn.Conv1d(2, 2, 3, padding='same')", None),
    ("nn.Conv1d(2, 2, 4, padding='same', dilation=3)", None),
    ('nn.Conv1d(2, 2, 3, padding="same", padding_mode="circular")', None),
    ("nn.Conv1d(2, 2, 5, padding='valid', stride=3)", None),
    ("nn.Conv1d(2, 2, 3, padding=2, padding_mode='replicate')", None),
    ("nn.Conv1d(8, 8, 3, groups=8, bias=False)", None),
    ("nn.Conv1d(6, 4, 3, groups=2)", None),
    ("nn.ConvTranspose1d(1, 1, 8, stride=4, padding=2, output_padding=1)", None),
    ("nn.ConvTranspose1d(1, 1, 3, dilation=3, output_padding=2)", None),
    ("nn.ConvTranspose1d(6, 9, 4, stride=2, groups=3)", None),
    ("torch.nn.modules.conv.ConvTranspose1d(2, 4, 4, stride=2, padding=1)", None),
    ("nn.Conv1d(1, 1, 3, bias=0)", None),
    ("nn.Conv1d(1, 1, 3, bias=1)", None),
    ("nn.Conv1d(1, 1, 3, bias=None)", None),
    ("nn.Conv1d(1, 1, 3, bias=True, device='cpu', dtype=torch.float32)", None),
    ("nn.Conv1d(1, 1, 3, dtype=torch.float, device=None)", None),
    ("nn.Conv1d(1, 1, 0x3, padding=1_0)", None),
    ("nn.Conv1d(1, 1, 3, stride=+2, padding=-0)", None),
    ("nn.Conv1d(1, 1, 3,)", None),
    ("nn.Conv1d(\n    in_channels=1,\n    out_channels=4,\n    kernel_size=3,  # taps\n)", None),
    ("nn.Conv1d(1, 1, 3, padding='same', stride=1)", None),
    ("nn.Conv1d(2, 4, 3, padding=(0,), dilation=(2,), groups=2)", None),
    ("nn.ConvTranspose1d(in_channels=2, out_channels=2, kernel_size=3, bias=False, dilation=2)", None),
    # --- rejected when the layer is built (Python's call rules and nn's __init__)
    ("nn.Conv1d(1, 1)", "kernel_size"),
    ("nn.Conv1d(1)", "out_channels"),
    ("nn.ConvTranspose1d()", "in_channels"),
    ("nn.Conv1d(1, 1, 3, strides=2)", "strides"),
    ("nn.Conv1d(1, 1, 3, 2, stride=2)", "stride"),
    ("nn.Conv1d(1, 1, 3, stride=2, stride=2)", "stride"),
    ("nn.Conv1d(1, 1, kernel_size=3, 2)", "positional"),
    ("nn.Conv1d(1, 1, 3, 1, 0, 1, 1, True, 'zeros', None, None, 5)", "positional"),
    ("nn.ConvTranspose1d(1, 1, 3, 1, 0, 0, 1, True, 1, 'zeros', None, None, 5)", "positional"),
    ("nn.Conv1d(2, 4, 3, groups=0)", "groups"),
    ("nn.Conv1d(2, 4, 3, groups=-2)", "groups"),
    ("nn.Conv1d(3, 4, 3, groups=2)", "groups"),
    ("nn.Conv1d(4, 6, 3, groups=4)", "groups"),
    ("nn.ConvTranspose1d(4, 6, 3, groups=4)", "groups"),
    ("nn.Conv1d(1, 1, 3, padding='Same')", "padding"),
    ("nn.Conv1d(1, 1, 3, padding='full')", "padding"),
    ("nn.Conv1d(1, 1, 3, stride=2, padding='same')", "same"),
    ("nn.Conv1d(1, 1, 3, padding_mode='zero')", "padding_mode"),
    ("nn.Conv1d(1, 1, 3, padding_mode='constant')", "padding_mode"),
    ("nn.ConvTranspose1d(1, 1, 3, padding_mode='reflect')", "padding_mode"),
    ("nn.ConvTranspose1d(1, 1, 3, padding_mode='circular')", "padding_mode"),
    ("nn.Conv1d(1, 1, -3)", "kernel_size"),
    ("nn.Conv1d(-1, 1, 3)", "in_channels"),
    ("nn.Conv1d(1, -4, 3)", "out_channels"),
    ("nn.Conv1d(1, 1, 3.0)", "kernel_size"),
    ("nn.Conv1d(1.5, 1, 3)", "in_channels"),
    ("nn.Conv1d(1, 1, 3, groups=1.0)", "groups"),
    ("nn.Conv1d(1, 1, 3, groups=(1,))", "groups"),
    ("nn.Conv1d(1, 1, 03)", "syntax"),
    ("nn.Conv1d(1, 1, 3", "syntax"),
    ("nn.Conv1d(1, 1, 'three')", "kernel_size"),
    # --- built, but rejected when called on any input
    ("nn.Conv1d(1, 1, 0)", "kernel_size"),
    ("nn.Conv1d(1, 0, 3)", "out_channels"),
    ("nn.ConvTranspose1d(1, 0, 3)", "out_channels"),
    ("nn.ConvTranspose1d(0, 1, 3)", "in_channels"),
    ("nn.Conv1d(1, 1, 3, stride=0)", "stride"),
    ("nn.Conv1d(1, 1, 3, stride=-1)", "stride"),
    ("nn.Conv1d(1, 1, 3, padding=-1)", "padding"),
    ("nn.Conv1d(1, 1, 3, dilation=0)", "dilation"),
    ("nn.ConvTranspose1d(1, 1, 3, output_padding=-1)", "output_padding"),
    ("nn.ConvTranspose1d(1, 1, 3, stride=2, output_padding=2)", "output_padding"),
    ("nn.ConvTranspose1d(1, 1, 3, output_padding=1)", "output_padding"),
    ("nn.ConvTranspose1d(1, 1, 3, stride=2, dilation=3, output_padding=3)", "output_padding"),
    ("nn.ConvTranspose1d(1, 1, 3, padding='same')", "padding"),
    ("nn.ConvTranspose1d(1, 1, 3, padding='valid')", "padding"),
    ("nn.Conv1d(1, 1, 3, stride=1.5)", "stride"),
    ("nn.Conv1d(1, 1, 3, padding=True)", "padding"),
    ("nn.Conv1d(1, 1, 3, stride=(1, 1))", "stride"),
    ("nn.Conv1d(1, 1, (3, 3))", "kernel_size"),
    ("nn.Conv1d(1, 1, 3, stride=())", "stride"),
    ("nn.Conv1d(1, 1, 3, dilation=(2, 2))", "dilation"),
    # --- what PyTorch accepts but ConvLab refuses (the node test lists why)
    ("nn.Conv1d(0, 4, 3)", None),
    ("nn.Conv1d(1, 1, 3, dtype=torch.float64)", None),
    ("nn.Conv1d(1, 1, 3, bias='False')", None),
]

# PyTorch's own repr: the text is repr(module) of each source, so it is exactly what print(model)
# shows (`padding=same`, `padding_mode=reflect`: unquoted, which eval() cannot read back).
REPR_SOURCES = [
    "nn.Conv1d(1, 1, 3, bias=False)",
    "nn.Conv1d(16, 32, 3, stride=2, padding=1, dilation=2, groups=2, padding_mode='circular')",
    "nn.Conv1d(1, 1, 3, padding='same', padding_mode='reflect', bias=False)",
    "nn.Conv1d(3, 6, 4, padding='valid')",
    "nn.ConvTranspose1d(4, 8, 3, stride=2, padding=1, output_padding=1, groups=2, dilation=2, bias=False)",
    "nn.ConvTranspose1d(1, 1, 8, stride=4)",
]
# print(model) prefixes each child with its name.
SEQUENTIAL_LINE = "(0): Conv1d(1, 16, kernel_size=(3,), stride=(1,), padding=(1,))"


def namespace():
    return {"torch": torch, "nn": nn, "Conv1d": nn.Conv1d, "ConvTranspose1d": nn.ConvTranspose1d}


def attributes(m):
    transposed = isinstance(m, nn.ConvTranspose1d)
    padding = m.padding if isinstance(m.padding, str) else m.padding[0]
    return {
        "op": "conv_transpose1d" if transposed else "conv1d",
        "in_channels": m.in_channels,
        "out_channels": m.out_channels,
        "kernel_size": m.kernel_size[0],
        "stride": m.stride[0],
        "padding": padding,
        "dilation": m.dilation[0],
        "groups": m.groups,
        "bias": m.bias is not None,
        "padding_mode": m.padding_mode,
        "output_padding": m.output_padding[0] if transposed else 0,
        "weight_shape": list(m.weight.shape),
    }


def probe_input(m):
    """An input no length rule can reject: the layer's failure here is a failure on any input."""
    def num(v, default):
        v = v[0] if isinstance(v, tuple) and len(v) == 1 else v
        return v if isinstance(v, int) and not isinstance(v, bool) and v >= 0 else default
    k = num(m.kernel_size, 1)
    d = num(m.dilation, 1)
    p = num(m.padding, 0)
    length = d * max(k - 1, 0) + 2 * p + 9
    return torch.randn(1, max(m.in_channels, 0), length, dtype=m.weight.dtype)


def run(text, source):
    entry = {"text": text}
    try:
        m = eval(source, namespace())
    except Exception as e:  # SyntaxError included: eval compiles the text
        entry.update(outcome="build_error", torch_exception=type(e).__name__, torch_error=message(e))
        return entry
    try:
        x = probe_input(m)
        with torch.no_grad():
            y = m(x)
    except Exception as e:
        entry.update(outcome="call_error", torch_exception=type(e).__name__, torch_error=message(e))
        return entry
    entry.update(outcome="built", layer=attributes(m), probe={"input_shape": list(x.shape), "output_shape": list(y.shape)})
    return entry


def message(e):
    text = e.msg if isinstance(e, SyntaxError) else str(e)
    # Keep the first line; overload listings after it are noise for a reader.
    return re.sub(r"\s+", " ", text.strip().split("\n")[0])[:300]


def main():
    cases = []
    for text, mentions in CASES:
        entry = run(text, text)
        if entry["outcome"] != "built":
            assert mentions, "give a 'mentions' word for rejected case " + text
            entry["mentions"] = mentions
        cases.append(entry)
    for source in REPR_SOURCES:
        text = repr(eval(source, namespace()))
        entry = run(text, source)
        entry["repr_of"] = source
        assert entry["outcome"] == "built", source
        cases.append(entry)
    entry = run(SEQUENTIAL_LINE, "nn.Conv1d(1, 16, kernel_size=(3,), stride=(1,), padding=(1,))")
    entry["repr_of"] = "print(nn.Sequential(nn.Conv1d(1, 16, 3, padding=1)))"
    assert repr(nn.Sequential(nn.Conv1d(1, 16, 3, padding=1))).split("\n")[1].strip() == SEQUENTIAL_LINE
    cases.append(entry)
    path = os.path.join(HERE, "layer_cases.json")
    with open(path, "w") as f:
        f.write('{"torch": "%s", "cases": [\n' % torch.__version__)
        f.write(",\n".join(json.dumps(c) for c in cases))
        f.write("\n]}\n")
    counts = {}
    for c in cases:
        counts[c["outcome"]] = counts.get(c["outcome"], 0) + 1
    print("layer_cases.json:", len(cases), "cases", counts)


if __name__ == "__main__":
    main()
