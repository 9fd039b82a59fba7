// The hostile suites' in-page instrumentation (an init script, so it runs before any of the
// page's scripts): long tasks, long rendering, CSP violations. Chromium reports tasks itself
// ('longtask', Long Animation Frames); Firefox and WebKit have neither, so there the nearest thing
// is measured: the longest gap between the ticks of a 10 ms timer (the main thread was busy for
// that long), which also counts the engine's own work on a huge URL.
// 'longtask' entries leave out the browser's rendering tasks (style, layout, paint), where a
// megabyte of text in a textarea costs seconds; Long Animation Frames time those: their
// rendering part (from renderStart to the end of the frame) is one more main-thread task.
export function instrument() {
  window.__documentStart = performance.now(); // after the browser committed the navigation
  // The page's own work on a new hash starts with the hashchange event, which Chromium fires
  // in a task after the one where it digests the new URL (about 1 s per megabyte of URL).
  window.__markNavigation = () =>
    window.addEventListener('hashchange', () => (window.__afterNavigation = performance.now()), {
      capture: true,
      once: true,
    });
  window.__longTasks = [];
  window.__longRenders = [];
  window.__loafScripts = [];
  window.__cspViolations = [];
  const supported = globalThis.PerformanceObserver?.supportedEntryTypes ?? [];
  window.__loafSupported = supported.includes('long-animation-frame');
  if (!supported.includes('longtask')) {
    // No task timing in this engine: a heartbeat. A gap between 10 ms ticks is time the main
    // thread spent on something else.
    let last = performance.now();
    setInterval(() => {
      const now = performance.now();
      if (now - last > 60) window.__longTasks.push({ start: last, duration: now - last - 10 });
      last = now;
    }, 10);
  } else
    try {
      new PerformanceObserver((list) => {
        for (const e of list.getEntries()) window.__longTasks.push({ start: e.startTime, duration: e.duration });
      }).observe({ type: 'longtask', buffered: true });
      new PerformanceObserver((list) => {
        for (const e of list.getEntries()) {
          if (e.renderStart > 0)
            window.__longRenders.push({ start: e.renderStart, duration: e.startTime + e.duration - e.renderStart });
          for (const sc of e.scripts)
            window.__loafScripts.push({
              start: sc.startTime,
              source: sc.sourceURL,
              invoker: sc.invoker,
              duration: sc.duration,
            });
        }
      }).observe({ type: 'long-animation-frame', buffered: true });
    } catch {
      window.__longTasks = null; // the test fails on this: no measurement, no claim
    }
  document.addEventListener(
    'securitypolicyviolation',
    (e) => window.__cspViolations.push(`${e.violatedDirective} ${e.blockedURI} ${e.sourceFile}:${e.lineNumber}`),
    true,
  );
}
