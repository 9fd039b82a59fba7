// Prints the seed notebook's 12 cells computed by the WASM module, the way PyTorch prints
// them, each checked against PyTorch's own printing (tests/golden/notebook.json).
import { readFileSync } from 'node:fs';
import { loadConvLab, formatTensor } from '../web/lib/index.js';

const cells = JSON.parse(readFileSync(new URL('../tests/golden/notebook.json', import.meta.url), 'utf8')).cases;
const lab = await loadConvLab();
let mismatches = 0;
for (const [i, cell] of cells.entries()) {
  const params = { ...cell.params };
  const tensor = (t) => t && { shape: t.shape, data: Float32Array.from(t.data) };
  let out;
  if (cell.op === 'conv1d') {
    delete params.output_padding;
    out = lab.conv1d(tensor(cell.input), tensor(cell.weight), tensor(cell.bias), params);
  } else {
    out = lab.convTranspose1d(tensor(cell.input), tensor(cell.weight), tensor(cell.bias), params);
  }
  const printed = formatTensor(out);
  const same = printed === cell.printed;
  if (!same) mismatches += 1;
  console.log(`[${i + 1}] ${cell.title}`);
  console.log(printed);
  console.log(same ? '    (identical to PyTorch)\n' : `    DIFFERS from PyTorch: ${cell.printed}\n`);
}
console.log(`${cells.length} cells, ${mismatches} differing from PyTorch (${lab.buildInfo})`);
process.exitCode = mismatches ? 1 : 0;
