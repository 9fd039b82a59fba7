// The element's stylesheet: linked from web/app/styles/ when served as modules, or, in the
// bundled embed, carried as text (element/bundle-config.js) in one constructed stylesheet shared
// by every instance (allowed by a CSP without 'unsafe-inline', unlike a <style> element).
import { h } from '../views/dom.js';
import { INLINE_CSS } from './bundle-config.js';

const STYLE_URL = new URL('../styles/playground.css', import.meta.url).href;
let inlineSheet = null;

/**
 * Styles a shadow root; returns the elements to put in it before the content (a <link>, or
 * nothing). `content` stays hidden until a linked sheet has loaded, so it never shows unstyled.
 */
export function styleShadowRoot(root, content) {
  if (typeof INLINE_CSS !== 'string') {
    const link = h('link', { rel: 'stylesheet', href: STYLE_URL });
    content.style.visibility = 'hidden';
    const show = () => (content.style.visibility = '');
    link.addEventListener('load', show);
    link.addEventListener('error', show);
    return [link];
  }
  if ('adoptedStyleSheets' in ShadowRoot.prototype && 'replaceSync' in CSSStyleSheet.prototype) {
    if (!inlineSheet) {
      inlineSheet = new CSSStyleSheet();
      inlineSheet.replaceSync(INLINE_CSS);
    }
    root.adoptedStyleSheets = [...root.adoptedStyleSheets, inlineSheet];
    return [];
  }
  return [h('style', {}, INLINE_CSS)];
}
