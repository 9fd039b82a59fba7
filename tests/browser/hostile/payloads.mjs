// What the hostile suites attack the page with: script payloads, the fields and hash parameters
// they go into, and the valid case every payload is dropped into.
import { can } from '../harness.mjs';

/** Each one, if it ever ran, sets window.__pwned or opens a dialog. */
export const SCRIPT_PAYLOADS = [
  '<img src=x onerror="window.__pwned=1;alert(1)">',
  'javascript:window.__pwned=1;alert(1)//',
  '"><svg onload="window.__pwned=1;alert(1)">',
  '</textarea><script>window.__pwned=1;alert(1)</script>',
  '\'><iframe srcdoc="<script>parent.__pwned=1</script>"></iframe><a href="javascript:alert(1)">x</a>',
];

/** The parameters after the tensors, each a field and a hash key (the page quotes their values in its messages). */
export const PARAMS = ['stride', 'padding', 'dilation', 'groups', 'output_padding', 'padding_mode'];
export const HASH_PARAMS = ['op', 'input', 'weight', 'bias', ...PARAMS];
/** The controls the page shows for the hash parameters (op is a pair of radios, read apart). */
export const FIELDS = HASH_PARAMS.filter((name) => name !== 'op');
/** The fields the user types into (padding_mode is a select). */
export const TEXT_FIELDS = FIELDS.filter((name) => name !== 'padding_mode');

/** A valid case every payload is dropped into (transposed, so output_padding is checked too). */
export const BASE = {
  op: 'conv_transpose1d',
  input: 'torch.ones(1, 1, 2)',
  weight: 'torch.ones(1, 1, 8)',
  stride: '4',
  padding: '2',
};
export const BASE_OUTPUT = 'tensor([[[1., 1., 2., 2., 2., 2., 1., 1.]]])';

export const hashOf = (params) => `#${new URLSearchParams(params).toString()}`;

// "A megabyte" in a URL: 1 MiB where the engine takes it; Firefox refuses any URL longer than
// 1 MiB, so there the nearest thing is tested, a hash that leaves room for the rest of the URL.
const URL_ROOM = 4096;
export const MEGABYTE_IN_URL = Math.min(1 << 20, can.maxUrlChars - URL_ROOM);
