// One IntersectionObserver for every <conv-playground>: lazy initialisation near the viewport
// and pausing off-screen.
let observer = null;
const callbacks = new WeakMap();

/** Calls onChange(visible) as el enters and leaves the viewport (with a margin). False where unsupported. */
export function watchViewport(el, onChange) {
  if (typeof IntersectionObserver !== 'function') return false;
  observer ??= new IntersectionObserver(
    (entries) => {
      for (const e of entries) callbacks.get(e.target)?.(e.isIntersecting);
    },
    { rootMargin: '200px 0px' },
  );
  callbacks.set(el, onChange);
  observer.observe(el);
  return true;
}

export function unwatchViewport(el) {
  observer?.unobserve(el);
}
