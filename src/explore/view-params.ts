import { z } from 'zod';
import { describeFirstIssue, knownKeysAt } from '../spec/zod-issues.js';
import { closestName } from '../util/closest-name.js';
import { ApiError } from './api-error.js';
import { EXPLORE_LIMITS } from './explore-limits.js';

/**
 * The query parameters of the explorer's API. A view is what the page's URL holds too: the swept
 * range, the observable's range (none: from a pilot run), the observable, the steps and the
 * number of grid points. Every value arrives as text and is checked here; the spec schema then
 * checks the spec the view makes (explore/view-spec.ts).
 */
/** A query value that must be a finite number written as one (no hex, no blanks, no Infinity). */
export const numberText = z
  .string()
  .trim()
  .regex(/^[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$/, 'expected a number')
  .transform(Number)
  .refine(Number.isFinite, 'expected a finite number');

const integerText = (min: number, max: number) =>
  z
    .string()
    .trim()
    .regex(/^\d{1,16}$/, `expected an integer from ${min} to ${max}`)
    .transform(Number)
    .refine((n) => n >= min && n <= max, `expected an integer from ${min} to ${max}`);

/** The integer fields of a view and their ranges [min, max] (the page is told them too). */
export const VIEW_INTEGER_RANGES = {
  transient: [0, 1e8],
  record: [16, 1e6],
  columns: [2, EXPLORE_LIMITS.maxColumns],
} as const;

const viewShape = {
  from: numberText.optional(),
  to: numberText.optional(),
  ymin: numberText.optional(),
  ymax: numberText.optional(),
  obs: z.string().max(64).optional(),
  transient: integerText(...VIEW_INTEGER_RANGES.transient).optional(),
  record: integerText(...VIEW_INTEGER_RANGES.record).optional(),
  columns: integerText(...VIEW_INTEGER_RANGES.columns).optional(),
};

const bothOrNeither = (v: { ymin?: number; ymax?: number }) => (v.ymin === undefined) === (v.ymax === undefined);
const yMessage = { message: 'give ymin and ymax together (or neither, for the range of a pilot run)', path: ['ymin'] };

export const viewQuery = z.strictObject(viewShape).refine(bothOrNeither, yMessage);

/** A view plus the plot area's size in pixels and the page's channel (a newer view on it cancels the older). */
export const renderQuery = z
  .strictObject({
    ...viewShape,
    width: integerText(16, EXPLORE_LIMITS.maxWidth),
    height: integerText(16, EXPLORE_LIMITS.maxHeight),
    channel: z
      .string()
      .regex(/^[A-Za-z0-9_-]{1,64}$/, 'expected 1 to 64 letters, digits, _ or -')
      .optional(),
    /** 1: progress frames (points done, seconds) while each pass computes, for the page's progress bar */
    progress: z.enum(['0', '1']).optional(),
  })
  .refine(bothOrNeither, yMessage);

/** A view plus one grid index (the orbit panel). */
export const orbitQuery = z
  .strictObject({ ...viewShape, index: integerText(0, EXPLORE_LIMITS.maxColumns - 1) })
  .refine(bothOrNeither, yMessage);

export type ViewQuery = z.output<typeof viewQuery>;

/** Parses a query string with one of the schemas above; a 400 names the first bad field. */
export function parseQuery<S extends z.ZodType>(schema: S, params: URLSearchParams): z.output<S> {
  const raw: Record<string, string> = Object.create(null) as Record<string, string>; // "__proto__" is a key like any other
  for (const [key, value] of params) {
    if (Object.hasOwn(raw, key)) throw new ApiError(400, `${queryName(key)}: given twice; expected it once`, fieldName(key));
    raw[key] = value;
  }
  const result = schema.safeParse(raw, { reportInput: true });
  if (!result.success) {
    const unknown = result.error.issues.find((issue) => issue.code === 'unrecognized_keys');
    if (unknown && unknown.code === 'unrecognized_keys') {
      const key = unknown.keys[0];
      const known = knownKeysAt(schema, []);
      const near = closestName(key, known);
      throw new ApiError(
        400,
        `${queryName(key)}: unknown query parameter${near ? ` (did you mean "${near}"?)` : ''}; expected: ${known.join(', ')}`,
        fieldName(key),
      );
    }
    const { field, detail } = describeFirstIssue(schema, result.error.issues);
    throw new ApiError(400, `${field}: ${detail}`, field);
  }
  return result.data;
}

/**
 * A parameter name as an error message shows it: as sent if it is a plain word, else quoted and
 * cut to 40 characters, so a name with line breaks or a megabyte of text stays one short line.
 */
function queryName(key: string): string {
  return /^[\w.-]{1,40}$/.test(key) ? key : JSON.stringify(key.length > 40 ? `${key.slice(0, 40)}…` : key);
}

/** The `field` of the error body: the name as sent, cut to 64 characters. */
function fieldName(key: string): string {
  return key.length > 64 ? `${key.slice(0, 64)}…` : key;
}
