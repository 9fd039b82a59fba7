// Keeps location.hash and an element's state in step (the sync-hash attribute): edits reach the
// hash a moment later, a navigation (a preset link, Back) reaches the element at once.
import { extraQuery, queryNotes, queryToState, sameState, stateToHash, MAX_HASH_CHARS } from '../model/state.js';

// history.replaceState is slow in some browsers (and rate-limited), so the hash follows the
// edits a moment later instead of on every keystroke.
const HASH_DELAY_MS = 200;

export class HashSync {
  #getState;
  #setState;
  #timer = 0;
  #synced = ''; // location.hash as of our last read or write
  #note = null; // {state, notes}: what the link's unknown values were replaced by
  #onHash = () => this.load();
  #onHide = () => this.write();

  /** getState() -> the element's state; setState(state) replaces it. */
  constructor(getState, setState) {
    this.#getState = getState;
    this.#setState = setState;
  }

  listen() {
    window.addEventListener('hashchange', this.#onHash);
    window.addEventListener('pagehide', this.#onHide);
  }

  unlisten() {
    window.removeEventListener('hashchange', this.#onHash);
    window.removeEventListener('pagehide', this.#onHide);
  }

  /** The state the hash holds now (null for none), remembered as in step. */
  read() {
    this.#synced = location.hash;
    const state = queryToState(location.hash);
    const notes = state ? queryNotes(location.hash, state) : [];
    this.#note = notes.length ? { state, notes } : null;
    return state;
  }

  /** What the link's unknown values were replaced by ([{field, message}]), while `state` is still the link's case. */
  notesFor(state) {
    return this.#note && sameState(this.#note.state, state) ? this.#note.notes : [];
  }

  /** A navigation changed the hash: its state wins. */
  load() {
    if (location.hash === this.#synced) return; // already taken in by catchUp()
    clearTimeout(this.#timer);
    const state = this.read();
    if (state && !sameState(state, this.#getState())) this.#setState(state);
  }

  /**
   * An edit arrived while a navigation's hashchange is still queued (a keystroke right after a
   * preset click): the navigation happened first, so it is applied now and the edit goes on top.
   * Returns the navigation's state, or null when nothing is pending.
   */
  catchUp() {
    if (location.hash === this.#synced) return null;
    clearTimeout(this.#timer);
    return this.read();
  }

  schedule() {
    clearTimeout(this.#timer);
    this.#timer = setTimeout(() => this.write(), HASH_DELAY_MS);
  }

  write() {
    clearTimeout(this.#timer);
    // Someone navigated (a preset link, Back) since we last synced: their hashchange is on its
    // way and must win over this older edit.
    if (location.hash !== this.#synced) return;
    // A case too long for the address bar (a pasted megabyte) is dropped from a short URL; a URL
    // that long (a link opened) is kept: replacing it alone blocks the page for 0.1 s.
    const current = location.hash;
    const own = stateToHash(this.#getState());
    const hash = own === null ? null : own + extraQuery(current); // the page's tools keep their keys
    if (hash === null ? current && current.length <= MAX_HASH_CHARS : current !== hash) {
      history.replaceState(history.state, '', hash ?? location.pathname + location.search);
    }
    this.#synced = location.hash;
  }
}
