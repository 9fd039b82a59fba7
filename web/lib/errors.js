// The one error type the API throws: its message names the parameter, the value, the rule
// and a valid alternative.
export class ConvLabError extends Error {
  constructor(message) {
    super(message);
    this.name = 'ConvLabError';
  }
}
