#!/usr/bin/env python3
"""Writes the fuzzer's seed corpus (tests/fuzz/corpus/) in the byte format conv_fuzzer.cpp
decodes: the seed notebook's 12 cells plus edge cases. Rerun after changing the format:
python3 tests/fuzz/make_corpus.py"""
import math
import re
import os
import shutil
import struct

HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.join(HERE, 'corpus')

# Must match kIntEdges in conv_fuzzer.cpp (index = byte - 0xD0).
P, L = 1 << 24, 1 << 26
INT_EDGES = [-1, -2, 65535, 65536, 65537, 1000, 4096, P - 1, P, P + 1, L - 1, L, L + 1,
             1 << 31, 1 << 40, -(1 << 40), (1 << 63) - 1, -(1 << 63), 9000000000000000, 100000,
             12345, 31, 33, 63, 64, 65, 127, 128, 129, 255, 256, 257, 511, 1 << 20, (1 << 20) + 1,
             3 << 20, 1 << 22, 1 << 23]
# Must match kDoubleEdges (index = byte - 0xC0).
DOUBLE_EDGES = ['nan', 'inf', '-inf', 0.5, -0.5, 1.5, '-0']


def enc_int(v):
    if 0 <= v < 20:
        return bytes([v])
    if v in INT_EDGES:
        return bytes([0xD0 + INT_EDGES.index(v)])
    if 20 <= v < 276:
        return bytes([0xF6, v - 20])
    return bytes([0xFF]) + struct.pack('<q', v)


def enc_double(v):
    if isinstance(v, int) and -4 <= v < 20:
        return bytes([v + 4])
    if v in DOUBLE_EDGES:
        return bytes([0xC0 + DOUBLE_EDGES.index(v)])
    return bytes([0xFF]) + struct.pack('<d', float(v))


STYLE = {'dyadic': 0, 'special': 1, 'raw': 2, 'int': 3}


def read_slots():
    """The call block's slot numbers, read from cpp/include/convlab/call_block.hpp (the one
    definition) rather than copied: `name = expression,` or `name,` (previous + 1)."""
    header = os.path.join(HERE, '..', '..', 'cpp', 'include', 'convlab', 'call_block.hpp')
    with open(header) as f:
        text = f.read()
    names = {'max_rank': int(re.search(r'constexpr int max_rank = (\d+);', text).group(1))}
    body = re.search(r'enum Slot : int \{(.*?)\};', text, re.S).group(1)
    slots, last = {}, -1
    for line in body.splitlines():
        entry = re.match(r'\s*(\w+)\s*(?:=\s*([^,/]+))?,?', line.split('//')[0])
        if not entry or not entry.group(1):
            continue
        name, expr = entry.group(1), entry.group(2)
        last = eval(expr, {}, {**names, **slots}) if expr else last + 1
        slots[name] = last
    return slots


SLOT = read_slots()
MODES = {'zeros': 0, 'reflect': 1, 'replicate': 2, 'circular': 3}


def enc_value(v, style):
    if style == 3:
        return bytes([(int(v) + 8) % 16])
    if style == 2:
        return struct.pack('<f', v)
    specials = {'nan': 0xF0, 'inf': 0xF1, '-inf': 0xF2, '-0': 0xF3}
    if isinstance(v, str):
        assert style == 1
        return bytes([specials[v]])
    b = int(round(v * 16))
    assert -128 <= b < 128 and b / 16 == v, v
    return bytes([b & 0xFF])


def case(op='conv1d', input=(1, 1, 7), weight=(1, 1, 3), bias=None, stride=1, padding=0,
         dilation=1, groups=1, mode='zeros', output_padding=0, style='dyadic', values=None,
         mutations=(), ranks=None):
    """values: list of numbers for input, weight and bias in order (cycled), or None for ones."""
    flags = (1 if op == 'conv_transpose1d' else 0) | (STYLE[style] << 1)
    flags |= (8 if bias is not None else 0) | (16 if len(input) == 3 else 0)
    assert len(mutations) <= 4
    flags |= (len(mutations) + 3 if mutations else 0) << 5
    out = bytearray([flags])
    if ranks is None:
        out.append(0)
        for d in list(input) + list(weight) + (list(bias) if bias is not None else []):
            out += enc_int(d)
    else:  # irregular ranks
        out += bytes([0xF0, len(input), len(weight), len(bias) if bias is not None else 0])
        for d in list(input) + list(weight) + (list(bias) if bias is not None else []):
            out += enc_int(d)
    kind = {'same': 1, 'valid': 2}.get(padding, 0) if isinstance(padding, str) else 0
    out += enc_int(stride) + bytes([kind]) + enc_int(padding if kind == 0 else 0)
    out += enc_int(dilation) + enc_int(groups) + bytes([MODES[mode]]) + enc_int(output_padding)
    for slot, v in mutations:
        out += bytes([SLOT[slot]]) + enc_double(v)
    s = STYLE[style]
    n = math.prod(input) + math.prod(weight) + (math.prod(bias) if bias is not None else 0)
    if 0 < n <= 4096:
        vals = values or [1.0]
        for i in range(n):
            out += enc_value(vals[i % len(vals)], s)
    return bytes(out)


seeds = {}
# The seed notebook's 12 cells (weights all ones; cell 3's randn weight as dyadic values).
seeds['nb01_conv1d_k3'] = case(input=(1, 1, 7), weight=(1, 1, 3))
seeds['nb02_conv1d_k3_p1'] = case(input=(1, 1, 7), weight=(1, 1, 3), padding=1)
seeds['nb03_convT_L1_k3'] = case('conv_transpose1d', (1, 1, 1), (1, 1, 3),
                                 values=[1.0, 1.5, -0.3125, -2.125])
seeds['nb04_convT_L2_k3'] = case('conv_transpose1d', (1, 1, 2), (1, 1, 3))
for s in (2, 3, 4):
    seeds[f'nb0{3 + s}_convT_s{s}_k3'] = case('conv_transpose1d', (1, 1, 2), (1, 1, 3), stride=s)
seeds['nb08_convT_s4_k4'] = case('conv_transpose1d', (1, 1, 2), (1, 1, 4), stride=4)
seeds['nb09_convT_s4_k8'] = case('conv_transpose1d', (1, 1, 2), (1, 1, 8), stride=4)
seeds['nb10_convT_s4_k8_p2'] = case('conv_transpose1d', (1, 1, 2), (1, 1, 8), stride=4, padding=2)
seeds['nb11_convT_s4_k8_op1'] = case('conv_transpose1d', (1, 1, 2), (1, 1, 8), stride=4,
                                     output_padding=1)
seeds['nb12_convT_s4_k8_p2_op1'] = case('conv_transpose1d', (1, 1, 2), (1, 1, 8), stride=4,
                                        padding=2, output_padding=1)

mixed = [0.5, -1.25, 2.0, 0.0625, -0.75, 1.0, -3.0]
# Every padding mode and kind, strides/dilations, groups, bias, batch 0, unbatched.
for mode in MODES:
    seeds[f'conv1d_{mode}_p3_s2_d2'] = case(input=(2, 2, 9), weight=(4, 2, 3), bias=(4,),
                                            stride=2, padding=3, dilation=2, mode=mode, values=mixed)
seeds['conv1d_same_even_k'] = case(input=(1, 2, 8), weight=(3, 2, 4), padding='same', values=mixed)
seeds['conv1d_same_reflect_d3'] = case(input=(1, 1, 10), weight=(1, 1, 3), padding='same',
                                       dilation=3, mode='reflect', values=mixed)
seeds['conv1d_valid'] = case(input=(1, 3, 17), weight=(2, 3, 5), padding='valid', values=mixed)
seeds['conv1d_depthwise_g4'] = case(input=(1, 4, 33), weight=(8, 1, 3), groups=4, padding=1,
                                    bias=(8,), values=mixed)
seeds['conv1d_unbatched_circular'] = case(input=(3, 6), weight=(3, 1, 3), groups=3, padding=6,
                                          mode='circular', values=mixed)
seeds['conv1d_batch0'] = case(input=(0, 2, 5), weight=(2, 2, 2))
seeds['conv1d_nonfinite'] = case(input=(1, 1, 6), weight=(1, 1, 3), padding=2, style='special',
                                 values=[1.0, 'nan', 2.0, 'inf', -1.0, '-inf', '-0', 0.5, 'inf'])
seeds['conv1d_int_values'] = case(input=(2, 3, 20), weight=(6, 3, 7), bias=(6,), stride=3,
                                  style='int', values=[3, -2, 7, 0, -8, 1])
seeds['conv1d_raw_floats'] = case(input=(1, 1, 4), weight=(1, 1, 2), style='raw',
                                  values=[3.0e38, -3.0e38, 1e-40, 7.5])
seeds['convT_groups_bias'] = case('conv_transpose1d', (2, 4, 5), (4, 3, 3), bias=(6,), stride=3,
                                  padding=1, dilation=2, groups=2, output_padding=2, values=mixed)
seeds['convT_unbatched_d3_op2'] = case('conv_transpose1d', (2, 7), (2, 1, 4), stride=3,
                                       dilation=3, output_padding=2, values=mixed)
seeds['convT_inf_weight'] = case('conv_transpose1d', (1, 1, 3), (1, 1, 3), stride=2,
                                 style='special', values=[1.0, 1.0, 1.0, 'inf', 1.0, 1.0])
seeds['convT_nan_input_s3'] = case('conv_transpose1d', (1, 1, 3), (1, 1, 2), stride=3,
                                   style='special', values=[1.0, 'nan', 1.0, 1.0, 1.0])
# Rejections: each a different rule.
seeds['err_groups_not_dividing'] = case(input=(1, 2, 8), weight=(3, 1, 3), groups=2)
seeds['err_huge_groups'] = case(input=(1, 4, 8), weight=(3, 65536, 1), groups=1 << 24)
seeds['err_reflect_pad_too_big'] = case(input=(1, 1, 3), weight=(1, 1, 3), padding=3,
                                        mode='reflect')
seeds['err_same_stride2'] = case(input=(1, 1, 8), weight=(1, 1, 3), padding='same', stride=2)
seeds['err_output_padding'] = case('conv_transpose1d', (1, 1, 4), (1, 1, 3), stride=2,
                                   output_padding=2)
seeds['err_kernel_too_long'] = case(input=(1, 1, 2), weight=(1, 1, 5))
seeds['err_billion_elements'] = case(input=(1000, 1000, 1000), weight=(1, 1000, 3))
seeds['err_negative_dim'] = case(input=(1, -1, 8), weight=(1, 1, 3))
seeds['err_int64_extremes'] = case(input=(1, 1, 8), weight=(1, 1, 3), stride=(1 << 63) - 1,
                                   dilation=-(1 << 63), groups=(1 << 63) - 1)
seeds['err_rank4_input'] = case(input=(1, 1, 1, 8), weight=(1, 1, 3), ranks=True)
seeds['err_convT_crop_all'] = case('conv_transpose1d', (1, 1, 2), (1, 1, 3), padding=3)
# Valid but extreme: huge stride or dilation on tiny tensors.
seeds['convT_huge_stride'] = case('conv_transpose1d', (1, 1, 1), (1, 1, 4096), stride=1 << 24)
seeds['convT_huge_dilation'] = case('conv_transpose1d', (1, 4, 1), (4, 1, 2), dilation=1 << 20)
seeds['conv1d_huge_stride'] = case(input=(1, 1, 4096), weight=(1, 1, 4096), stride=1 << 24)
seeds['conv1d_huge_padding'] = case(input=(1, 1, 1), weight=(1, 1, 1), padding=1 << 20)
# The JS wire format: non-integers, NaN, infinities and huge numbers in the block.
seeds['block_fractional_stride'] = case(mutations=[('stride', 1.5)])
seeds['block_nan_rank'] = case(mutations=[('input_rank', 'nan')])
seeds['block_inf_dim'] = case(mutations=[('input_dims', 'inf')])
seeds['block_huge_padding'] = case(mutations=[('padding', 1e300)])
seeds['block_bad_op'] = case(mutations=[('op', 0.5), ('padding_mode', -1)])
seeds['block_negative_zero'] = case(mutations=[('padding', '-0'), ('bias_rank', '-0')])
seeds['block_convT_reflect'] = case('conv_transpose1d', (1, 1, 4), (1, 1, 3),
                                    mutations=[('padding_mode', 1)])

if __name__ == '__main__':
    shutil.rmtree(OUT, ignore_errors=True)
    os.makedirs(OUT)
    for name, data in seeds.items():
        with open(os.path.join(OUT, name), 'wb') as f:
            f.write(data)
    print(f'{len(seeds)} seeds, {sum(map(len, seeds.values()))} bytes in {OUT}')
