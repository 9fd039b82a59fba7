// The playground's CSS as text, for the single-file embed. Served unbundled (web/index.html,
// web/embed.html) this stays null and <conv-playground> links ./playground.css; scripts/bundle.mjs
// replaces this module with the minified playground.css so web/dist/ needs no other file.
export const INLINE_CSS = null;
