// Pure pieces of the diagram: cell numbers keep the same precision whatever their sign, and the
// layout windows by width (what fits) rather than by a count.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { textFit } from '../../web/app/diagram/sheet.js';
import { LAYOUT, LIMITS } from '../../web/app/diagram/config.js';

test('a negative number keeps as many decimals as a positive one in the same cell', () => {
  for (const cw of [34, 40, 48]) {
    const { fmtShort } = textFit(cw, 4);
    const pos = fmtShort(0.5684);
    const neg = fmtShort(-0.0184);
    const decimals = (t) => t.split('.')[1]?.length ?? 0;
    assert.equal(decimals(neg), decimals(pos), `cw=${cw}: ${neg} vs ${pos}`);
  }
  assert.equal(textFit(40, 4).fmtShort(-0.0184), '-0.018');
  assert.equal(textFit(40, 4).fmtShort(0.5684), '0.568');
});

test('the layout constants allow a phone window and a narrow label column', () => {
  // 390 px: a card of about 330 px, a narrow label column and the output column leave room for
  // at least the narrowest window at the smallest cell width.
  const room = 330 - LAYOUT.narrowLabelWidth - 60 - 4;
  assert.ok(Math.floor(room / LAYOUT.minCell) >= LIMITS.minWindowCells);
  assert.equal('fullCells' in LIMITS, false, 'no count-based limit: windowing follows the width');
});
