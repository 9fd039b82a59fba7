"""generate.py's error cases (error_cases.json): calls torch rejects, with torch's message and
what the message is about (`mentions`), counted in ESTATS.
"""
import collections
import zlib

import torch

from golden_common import conv_params, enc, make_values
from golden_torch import run_torch, torch_call_name

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
    params = conv_params(stride, padding, dilation, groups, padding_mode, output_padding)
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
