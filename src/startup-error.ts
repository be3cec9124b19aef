/**
 * A problem that stops the bot at start-up, told to the operator as one line that names what to fix
 * (the variable, the file), without a stack trace.
 */
export class StartupError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'StartupError';
  }
}
