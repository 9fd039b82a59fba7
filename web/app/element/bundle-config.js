// What differs when <conv-playground> is bundled into the single-file embed (web/dist/, see
// scripts/bundle.mjs, which replaces this module). Served unbundled (web/index.html,
// web/embed.html) the element links styles/playground.css and initialises at once; the embed
// carries the minified CSS as text and, as a figure in a long post, initialises each instance
// when it first nears the viewport. The `loading` attribute ("lazy" | "eager") overrides either
// default. WEB_ROOT: web/, relative to the element's module (web/app/element/ here, web/dist/
// in the bundle), where "Embed" finds dist/ and embed.html. THREAD_POOL: whether large cases
// can compute on workers (the single-file embed carries none; the bundled page does).
export const INLINE_CSS = null;
export const LAZY_BY_DEFAULT = false;
export const WEB_ROOT = '../../';
export const THREAD_POOL = true;
