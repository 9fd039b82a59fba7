// The diagram's visual constants, in one place (pixels unless said otherwise).
export const LIMITS = Object.freeze({
  // An axis whose cells do not fit the width at minCell each is windowed (cells plus an overview
  // strip), as is a diagram with more rows than fullRows.
  fullRows: 64,
  windowCells: 24, // the widest window
  minWindowCells: 4, // the narrowest window (a phone)
  maxOptions: 256, // a channel picker lists at most this many values (65,536 <option>s take a second)
});

export const LAYOUT = Object.freeze({
  labelWidth: 100, // the row-label column on the left
  narrowLabelWidth: 56, // … below narrowBelow px of room
  narrowBelow: 520,
  minCell: 34, // cell width, at least …
  maxCell: 48, // … and at most
  maxScale: 1.3, // small diagrams are drawn up to this much larger
  fallbackWidth: 720, // before the first ResizeObserver report
  redrawAfter: 24, // a width change smaller than this keeps the drawing
  band: 22, // the band of brackets over the axis
  index: 16, // an index row (the full axis, then y's or x's)
  kernelRow: 30, // the kernel w[0] … w[K−1]
  terms: 20, // a row of formula-term brackets
  axisRow: 30, // the input row (conv1d) and the sum rows (conv_transpose1d)
  counts: 34, // the overlap-count row
  countBar: 18, // its tallest bar
  countBarUneven: 28, // … taller when the counts are uneven (the checkerboard)
  gap: 8, // between blocks of rows
});

/** Row height for n rows: roomy for a few, compact (no numbers in cells) for many. */
export const ROW_HEIGHTS = Object.freeze([
  { upTo: 16, height: 30 },
  { upTo: 32, height: 22 },
  { upTo: Infinity, height: 14 },
]);

export const TEXT = Object.freeze({
  charAdvance: 0.62, // monospace advance per font-size unit
  cellFont: 11, // in cells at least wideCell wide
  narrowCellFont: 10,
  wideCell: 42,
  smallFont: 9, // row labels and sums when rows are compact
  bandFont: 11,
});

// Tap colours: tap k is drawn in colour k % TAP_COLOURS (styles/diagram-taps.css), so the
// repeated kernel is visible even when every weight is 1.
export const TAP_COLOURS = 6;

export const STRIP = Object.freeze({ minWidth: 280, maxWidth: 900, height: 34, barHeight: 22 });

// Beyond these the channel map would be a wall of lines, and hundreds of thousands of SVG
// elements (512 × 512 channels: 262,144 lines, seconds to build): a sentence says it instead.
export const CHANNEL_MAP = Object.freeze({ maxNodes: 128, maxEdges: 2048, width: 260, left: 54, right: 206 });
