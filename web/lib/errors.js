// The one error type the API throws: its message names the parameter, the value, the rule
// and a valid alternative. `field` names the parameter or tensor at fault ('stride',
// 'padding', 'input', 'weight', ...), so a page can point at the control without reading prose.
export class ConvLabError extends Error {
  constructor(message, options = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'ConvLabError';
    this.field = options.field ?? null;
    // lab.plan(): when the lengths fail (a kernel longer than the padded input, padding that
    // crops the whole output), the geometry C++ planned, so a page can draw the axis anyway.
    if (options.geometry) this.geometry = options.geometry;
  }
}
