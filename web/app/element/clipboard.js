// Copies text: the Clipboard API, or (where it is refused: no permission, an insecure page) a
// hidden textarea and execCommand inside the given root.
import { h } from '../views/dom.js';

/** -> true when the text was copied. */
export async function copyText(root, text) {
  try {
    await navigator.clipboard.writeText(text);
    return true;
  } catch {
    const area = h('textarea', { class: 'visually-hidden', 'aria-hidden': 'true' });
    area.value = text;
    root.append(area);
    area.select();
    let ok = false;
    try {
      ok = document.execCommand('copy');
    } catch {
      ok = false;
    }
    area.remove();
    return ok;
  }
}
