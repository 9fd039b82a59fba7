// Loads the thread pool (./threaded-lab.js) on demand. A module of its own so the single-file
// embed can replace it (scripts/bundle.mjs): a classic script can neither import() nor start
// module workers, so there the import fails and the lab runs on one thread.
export function loadThreadedLab() {
  // Computed, so bundlers leave the pool out of the page bundle too.
  return import(new URL('./threaded-lab.js', import.meta.url).href);
}
