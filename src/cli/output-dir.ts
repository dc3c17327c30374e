import { mkdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { UsageError } from './cli-error.js';

/** Creates the output folder if needed and returns the path of <name>.<suffix> inside it. */
export function prepareOutputDir(dir: string): (name: string, suffix: string) => string {
  try {
    mkdirSync(dir, { recursive: true });
  } catch (err) {
    throw new UsageError(`--out ${dir}: cannot create the output folder (${(err as NodeJS.ErrnoException).code ?? err})`);
  }
  if (!statSync(dir).isDirectory()) throw new UsageError(`--out ${dir}: expected a folder, found a file`);
  return (name, suffix) => join(dir, `${name}.${suffix}`);
}
