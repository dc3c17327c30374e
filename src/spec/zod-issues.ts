import type { z } from 'zod';
import { closestName } from '../util/closest-name.js';
import { formatFieldPath, quoteText } from './spec-error.js';

type Issue = z.core.$ZodIssue;

/** One readable line for the first issue zod reports: the field path and what was expected. */
export function describeFirstIssue(schema: z.ZodType, issues: readonly Issue[]): { field: string; detail: string } {
  const issue = pickIssue(issues);
  if (issue.code === 'unrecognized_keys') {
    const known = knownKeysAt(schema, issue.path);
    // at most three named: a file with thousands of stray keys still gives one short line
    const named = issue.keys.slice(0, 3).map((key) => {
      const near = closestName(key, known);
      return `unknown key ${quoteText(key)}${near ? ` (did you mean "${near}"?)` : ''}`;
    });
    const more = issue.keys.length - named.length;
    const detail = named.join(', ') + (more > 0 ? ` and ${more} more` : '');
    const allowed = known.length ? `; expected keys: ${known.join(', ')}` : '';
    return { field: formatFieldPath(issue.path), detail: detail + allowed };
  }
  return { field: formatFieldPath(issue.path), detail: describeIssue(issue) };
}

/** In a union, report the branch that came closest (took the value's type, then fewest issues), at its full path. */
function pickIssue(issues: readonly Issue[]): Issue {
  // A misspelt key also makes its intended field look missing: name the typo, the root cause.
  const first = issues.find((issue) => issue.code === 'unrecognized_keys') ?? issues[0];
  if (first.code !== 'invalid_union' || first.errors.length === 0) return first;
  // A branch that refused the value's type outright (a number, where the value is an object) is
  // farther than any that took the type and found fields wrong: `eta: {"schedule": "exp"}` is about
  // the schedule, not about eta not being a number. Then the fewest issues.
  const refusedType = (branch: readonly Issue[]) => branch.some((issue) => issue.code === 'invalid_type' && issue.path.length === 0);
  const best = [...first.errors].sort((a, b) => Number(refusedType(a)) - Number(refusedType(b)) || a.length - b.length)[0];
  if (best.length === 0) return first;
  const inner = pickIssue(best);
  return { ...inner, path: [...first.path, ...inner.path] } as Issue;
}

function describeIssue(issue: Issue): string {
  const got = 'input' in issue ? issue.input : undefined;
  switch (issue.code) {
    case 'invalid_type':
      if (got === undefined) return `missing; expected ${article(issue.expected)}`;
      return `expected ${article(issue.expected)}, got ${describeValue(got)}`;
    case 'too_small':
      return `expected ${issue.origin === 'number' ? 'a number' : issue.origin} ${issue.inclusive ? '≥' : '>'} ${String(issue.minimum)}, got ${describeValue(got)}`;
    case 'too_big':
      return `expected ${issue.origin === 'number' ? 'a number' : issue.origin} ${issue.inclusive ? '≤' : '<'} ${String(issue.maximum)}, got ${describeValue(got)}`;
    case 'invalid_value':
      return `expected one of ${issue.values.map((v) => JSON.stringify(v)).join(', ')}, got ${describeValue(got)}`;
    case 'invalid_union': {
      const options = (issue as { options?: unknown[] }).options;
      if (options) {
        const value =
          got && typeof got === 'object'
            ? (got as Record<string, unknown>)[String((issue as { discriminator?: string }).discriminator)]
            : got;
        return `expected one of ${options.map((o) => JSON.stringify(o)).join(', ')}, got ${describeValue(value)}`;
      }
      return `does not match any accepted form, got ${describeValue(got)}`;
    }
    case 'invalid_key': {
      const inner = issue.issues[0];
      const key = issue.path[issue.path.length - 1];
      return `invalid name ${JSON.stringify(String(key))}: ${inner ? inner.message : issue.message}`;
    }
    default:
      return issue.message;
  }
}

function article(expected: string): string {
  if (expected === 'int') return 'an integer';
  if (expected === 'object') return 'an object';
  if (expected === 'array') return 'an array';
  return `a ${expected}`;
}

function describeValue(value: unknown): string {
  if (value === undefined) return 'nothing';
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'object') return 'an object';
  if (typeof value === 'string') return quoteText(value);
  return String(value);
}

/** Keys an object schema accepts at a path, looking through pipes, defaults, optionals and unions. */
export function knownKeysAt(schema: z.ZodType, path: readonly PropertyKey[]): string[] {
  const keys = new Set<string>();
  const visit = (node: z.core.$ZodType | undefined, rest: readonly PropertyKey[]): void => {
    if (!node) return;
    const def = node._zod.def as unknown as Record<string, unknown> & { type: string };
    switch (def.type) {
      case 'pipe':
        return visit(def.in as z.core.$ZodType, rest);
      case 'optional':
      case 'default':
      case 'nullable':
      case 'readonly':
      case 'prefault':
        return visit(def.innerType as z.core.$ZodType, rest);
      case 'union':
        for (const option of def.options as z.core.$ZodType[]) visit(option, rest);
        return;
      case 'array':
        if (rest.length && typeof rest[0] === 'number') visit(def.element as z.core.$ZodType, rest.slice(1));
        return;
      case 'object': {
        const shape = def.shape as Record<string, z.core.$ZodType>;
        if (rest.length === 0) Object.keys(shape).forEach((k) => keys.add(k));
        else visit(shape[String(rest[0])], rest.slice(1));
        return;
      }
      default:
        return;
    }
  };
  visit(schema, path);
  return [...keys];
}
