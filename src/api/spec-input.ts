import type { z } from 'zod';
import { prepareSpec } from '../spec/load-spec.js';

/**
 * A library caller's spec object, validated exactly as the CLI validates a spec file: the same
 * schemas, the same one-line SpecError (with `<function>(spec)` where the file name would stand),
 * mathjs loaded for expression maps. An mlp's relative data or weights paths are resolved against
 * the working directory.
 */
export function specFromObject<S extends z.ZodType>(fn: string, raw: unknown, schema: S): Promise<z.output<S>> {
  return prepareSpec(`${fn}(spec)`, raw, schema, process.cwd());
}
