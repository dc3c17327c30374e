/** A mistake on the command line (unknown flag, missing argument): exit 2, one line, no stack. */
export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}

/** Exit codes, documented in the README and in --help. */
export const EXIT = {
  ok: 0,
  failure: 1,
  usage: 2,
  interrupted: 130,
} as const;

/** A run that failed for a reason the user should read (not a bug): exit 1, one line, no stack. */
export class CommandFailure extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'CommandFailure';
  }
}

/**
 * For a sweep engine run's `.catch`: a worker's failure at a grid point (it crosses the thread
 * boundary as a plain Error, so it is recognised by its message) becomes a CommandFailure
 * "<command> failed at grid point …"; anything else is rethrown as it is.
 */
export function failedAtGridPoint(command: string): (err: unknown) => never {
  return (err) => {
    const message = err instanceof Error ? err.message : String(err);
    if (/^grid point \d+/.test(message)) throw new CommandFailure(`${command} failed at ${message}`);
    throw err;
  };
}
