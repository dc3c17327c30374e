import { SpecError } from '../spec/spec-error.js';
import { defaultWorkerCount, WORKERS_PER_CORE } from '../util/worker-count.js';
import { closestName } from '../util/closest-name.js';

/** Options every function that runs worker threads accepts. */
export interface RunOptions {
  /** worker threads; default one per core, at most 4 per core (more only add memory) */
  workers?: number;
  /** aborting it stops the workers; the call rejects with the signal's reason */
  signal?: AbortSignal;
  /** called as grid points finish, with the number done and the total */
  onProgress?: (done: number, total: number) => void;
}

type Check = (value: unknown) => string | null;

const RUN_OPTION_CHECKS: Record<keyof RunOptions, Check> = {
  workers: (v) => (Number.isInteger(v) && (v as number) >= 1 ? null : `expected an integer ≥ 1, got ${describe(v)}`),
  signal: (v) => (v instanceof AbortSignal ? null : `expected an AbortSignal, got ${describe(v)}`),
  onProgress: (v) => (typeof v === 'function' ? null : `expected a function, got ${describe(v)}`),
};

/**
 * Checks a library function's options object: every key known (a typo is an error with a
 * suggestion, never ignored) and every value of the right kind. Errors are SpecErrors labelled
 * `<function>(options)`, so one catch handles every input mistake.
 */
export function checkOptions<O extends object>(fn: string, options: unknown, checks: Record<string, Check> = RUN_OPTION_CHECKS): O {
  const label = `${fn}(options)`;
  if (options === undefined) return {} as O;
  if (options === null || typeof options !== 'object' || Array.isArray(options))
    throw new SpecError(label, null, `expected an object, got ${describe(options)}`);
  const known = Object.keys(checks);
  for (const [key, value] of Object.entries(options)) {
    if (!Object.hasOwn(checks, key)) {
      const near = closestName(key, known);
      throw new SpecError(
        label,
        key,
        `unknown option${near ? ` (did you mean "${near}"?)` : ''}; expected ${known.length ? known.join(', ') : 'no options'}`,
      );
    }
    if (value === undefined) continue;
    const problem = checks[key](value);
    if (problem) throw new SpecError(label, key, problem);
  }
  return options as O;
}

/** The worker count: the caller's, capped at WORKERS_PER_CORE per core, or one per core. */
export function resolveWorkers(requested: number | undefined): number {
  const cores = defaultWorkerCount();
  return requested === undefined ? cores : Math.min(requested, WORKERS_PER_CORE * cores);
}

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'string') return JSON.stringify(value);
  if (typeof value === 'object' || typeof value === 'function') return `a ${typeof value}`;
  return String(value);
}
