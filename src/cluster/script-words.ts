import { UsageError } from '../util/user-errors.js';

/**
 * Words for the scripts, manifests and hints the cluster commands write: a path or name either goes
 * in quoted for its reader (bash, sbatch) or is refused with one line, never pasted in raw.
 */

/** A single-quoted shell word: bash takes everything in it literally, and so does a pasted hint. */
export function shellQuote(word: string): string {
  return `'${word.replace(/'/g, `'\\''`)}'`;
}

/**
 * An `#SBATCH` option value as sbatch reads it (Slurm's src/sbatch/opt.c, _get_argument): in
 * double quotes, which keep whitespace and '#', with '"' and '\' escaped by a backslash.
 */
export function sbatchQuote(value: string): string {
  return `"${value.replace(/["\\]/g, '\\$&')}"`;
}

/**
 * A literal path inside an sbatch filename pattern (--output): '%' starts a replacement symbol
 * there (%j, %A, …), so it is doubled.
 */
export function sbatchLiteral(path: string): string {
  return path.replace(/%/g, '%%');
}

/**
 * Refuses a value with a control character (C0, DEL, C1): a newline would end a script's comment or
 * `#SBATCH` line and start a command of its own. `what` names it for the user (`--out`, `the spec
 * path`); the value is shown JSON-escaped, so the message stays one line.
 */
export function refuseControlCharacters(command: string, what: string, value: string): void {
  const bad = /\p{Cc}/u.exec(value);
  if (bad) {
    const code = bad[0].codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0');
    throw new UsageError(
      `${command}: ${what} ${JSON.stringify(value)} contains a control character (U+${code}), which a generated script cannot carry safely; rename it`,
    );
  }
}
