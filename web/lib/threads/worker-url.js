// Where the pool's workers start from (./worker.js beside this file). A module of its own so the
// bundled playground page can point it at its own bundled worker (scripts/bundle.mjs).
export function workerUrl() {
  return new URL('./worker.js', import.meta.url);
}
