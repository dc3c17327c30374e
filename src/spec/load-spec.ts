import { dirname } from 'node:path';
import type { z } from 'zod';
import { loadMathjs, needsMathjs } from '../models/expression/mathjs-loader.js';
import { parseJsonText, readJsonFile } from './json-source.js';
import { modelKindOf } from '../models/registry.js';
import { SpecError } from './spec-error.js';
import { otherCommandHint } from './command-hint.js';
import { describeFirstIssue, knownKeysAt } from './zod-issues.js';

/**
 * Reads a spec file and validates it; throws a one-line SpecError naming file, field and
 * expectation. Loads mathjs first when the spec defines an expression map.
 */
export async function loadSpec<S extends z.ZodType>(file: string, schema: S): Promise<z.output<S>> {
  return prepareSpec(file, readJsonFile(file), schema, dirname(file));
}

/** loadSpec for a spec file's text, already read (a spec or one SpecError, whatever the text). */
export async function specFromText<S extends z.ZodType>(file: string, text: string, schema: S): Promise<z.output<S>> {
  return prepareSpec(file, parseJsonText(file, text), schema, dirname(file));
}

/**
 * Everything loadSpec does after reading the file, for a spec that is already a value (a spec
 * file's JSON, or a library caller's object): loads mathjs for expression maps, validates with the
 * same readable one-line errors (`source` stands where the file name would), resolves an mlp's
 * data and weights paths against `folder` and checks them. Files and objects give the same message.
 */
export async function prepareSpec<S extends z.ZodType>(source: string, raw: unknown, schema: S, folder: string): Promise<z.output<S>> {
  if (needsMathjs(raw)) await loadMathjs();
  const spec = validateSpec(source, raw, schema);
  const model = spec && typeof spec === 'object' && 'model' in spec ? (spec.model as { kind?: unknown }) : null;
  const resolveFiles = model && typeof model.kind === 'string' ? modelKindOf({ kind: model.kind }).info.resolveFiles : undefined;
  if (resolveFiles) return (await resolveFiles(spec as { model: unknown }, source, folder)) as z.output<S>;
  return spec;
}

/** Validates an already parsed spec (mathjs must be loaded if it defines an expression map). */
export function validateSpec<S extends z.ZodType>(file: string, raw: unknown, schema: S): z.output<S> {
  const result = schema.safeParse(raw, { reportInput: true });
  if (!result.success) {
    const { field, detail } = describeFirstIssue(schema, result.error.issues);
    const hint = otherCommandHint(raw, knownKeysAt(schema, []));
    throw new SpecError(file, field, hint ? `${hint}; ${detail}` : detail);
  }
  return result.data;
}

/** loadSpec for JSON already read from `file` (a part file carries its spec's JSON). */
export async function parseSpec<S extends z.ZodType>(file: string, raw: unknown, schema: S): Promise<z.output<S>> {
  return prepareSpec(file, raw, schema, dirname(file));
}
