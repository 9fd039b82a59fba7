// For engines where dark mode is a setting of the whole browser (Firefox's preference, WebKitGTK's
// GTK theme): one browser per colour scheme, the dark one started when a test first asks for it.

/** start(dark) -> a browser or session. -> {get(dark), all()}; all(): the ones started. */
export async function perColorScheme(start) {
  const started = { light: await start(false) };
  return {
    get: async (dark) => (dark ? (started.dark ??= await start(true)) : started.light),
    all: () => Object.values(started),
  };
}
