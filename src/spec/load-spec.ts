import type { z } from 'zod';
import { readJsonFile } from './json-source.js';
import { SpecError } from './spec-error.js';
import { describeFirstIssue } from './zod-issues.js';

/** Reads a spec file and validates it; throws a one-line SpecError naming file, field and expectation. */
export function loadSpec<S extends z.ZodType>(file: string, schema: S): z.output<S> {
  const raw = readJsonFile(file);
  const result = schema.safeParse(raw, { reportInput: true });
  if (!result.success) {
    const { field, detail } = describeFirstIssue(schema, result.error.issues);
    throw new SpecError(file, field, detail);
  }
  return result.data;
}
