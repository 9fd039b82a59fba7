// What differs when <conv-playground> is bundled into the single-file embed (web/dist/, see
// scripts/bundle.mjs, which replaces this module). Served unbundled (web/index.html,
// web/embed.html) the element links ./playground.css and initialises at once; the embed carries
// the minified CSS as text and, as a figure in a long post, initialises each instance when it
// first nears the viewport. The `loading` attribute ("lazy" | "eager") overrides either default.
export const INLINE_CSS = null;
export const LAZY_BY_DEFAULT = false;
