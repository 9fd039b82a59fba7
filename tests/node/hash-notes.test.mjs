// A link's unknown values (op=conv1D, a misspelt padding_mode) open the default and say so.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { queryNotes, queryToState } from '../../web/app/model/state.js';

test('an unknown op in the hash is named, with what is shown instead', () => {
  const hash = '#op=conv1D&input=torch.ones(1,1,8)&weight=torch.ones(1,1,3)';
  assert.equal(queryToState(hash).op, 'conv_transpose1d');
  const [note] = queryNotes(hash);
  assert.equal(note.field, 'op');
  assert.match(note.message, /op='conv1D' is not an operation.*showing conv_transpose1d instead/);
});

test('a misspelt padding_mode in the hash is kept (the link round-trips) and named', () => {
  const hash = '#op=conv_transpose1d&input=torch.ones(1,1,8)&weight=torch.ones(1,1,3)&padding_mode=reflekt';
  assert.equal(queryToState(hash).padding_mode, 'reflekt');
  const [note] = queryNotes(hash);
  assert.equal(note.field, 'padding_mode');
  assert.match(note.message, /padding_mode='reflekt' is not one of 'zeros', 'reflect'.*conv_transpose1d uses 'zeros'/);
  // conv1d rejects it itself, by name, as an error: no note needed.
  assert.deepEqual(queryNotes('#op=conv1d&padding_mode=reflekt'), []);
});

test('known values give no note', () => {
  assert.deepEqual(queryNotes('#op=conv1d&padding_mode=circular'), []);
});
