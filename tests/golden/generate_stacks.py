#!/usr/bin/env python3
"""Layer stacks as the page's "Copy as PyTorch" builds them: nn.Sequential of the pasted layers,
weights ones or randn seeded with the layer's index, zero bias, the input drawn after
torch.manual_seed(0). Writes stack_cases.json (printed = str(y) under no_grad).
Run: /usr/bin/python3 tests/golden/generate_stacks.py"""
import json
import os

import torch
import torch.nn as nn

CASES = [
    ('torch.ones(1, 1, 4)', ['nn.ConvTranspose1d(1, 1, kernel_size=3, stride=2)'] * 2, 'ones'),
    ('torch.ones(1, 1, 5)', ['nn.ConvTranspose1d(1, 1, kernel_size=4, stride=2, padding=1)'] * 3, 'ones'),
    (
        'torch.randn(2, 3, 9)',
        [
            'nn.Conv1d(3, 4, 3, stride=2, padding=1, bias=True)',
            'nn.ConvTranspose1d(4, 2, kernel_size=4, stride=2, padding=1, output_padding=1, groups=2)',
            "nn.Conv1d(2, 2, 3, padding='same', padding_mode='reflect', dilation=2)",
        ],
        'randn',
    ),
    ('torch.arange(12.).reshape(2, 6)', ['nn.Conv1d(2, 3, 2, dilation=2, bias=False)', 'Conv1d(3, 1, 1)'], 'randn'),
    ('torch.ones(1, 2, 8)', ["nn.Conv1d(2, 2, 3, padding_mode='circular', padding=2, groups=2)"], 'ones'),
]


def run(input_text, layers, weights):
    model = nn.Sequential(*[eval(text, {'nn': nn, 'Conv1d': nn.Conv1d}) for text in layers])
    with torch.no_grad():
        for i, layer in enumerate(model):
            if weights == 'randn':
                layer.weight.copy_(torch.randn(layer.weight.shape, generator=torch.Generator().manual_seed(i)))
            else:
                layer.weight.fill_(1.0)
            if layer.bias is not None:
                layer.bias.zero_()
        torch.manual_seed(0)
        x = eval(input_text, {'torch': torch})
        y = model(x)
    return {
        'input': input_text,
        'layers': layers,
        'weights': weights,
        'shapes': [list(model[: i + 1](x).shape) for i in range(len(layers))],
        'expected': {'shape': list(y.shape), 'data': y.flatten().tolist()},
        'printed': str(y),
    }


if __name__ == '__main__':
    out = {'torch': torch.__version__, 'cases': [run(*c) for c in CASES]}
    path = os.path.join(os.path.dirname(os.path.abspath(__file__)), 'stack_cases.json')
    with open(path, 'w') as f:
        json.dump(out, f)
        f.write('\n')
    print(f'wrote {len(out["cases"])} stacks to {path}')
