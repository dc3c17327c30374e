import { z } from 'zod';
import { EquationError, compileExpressionMap } from './expression-map.js';
import { EXPRESSION_LIMITS } from './expression-limits.js';
import { CONSTANTS, RESERVED_WORDS, isUserFunction } from './expression-syntax.js';

/** Names usable as variables or parameters: identifiers that are not functions, constants or reserved words. */
const identifier = z
  .string()
  .regex(/^[A-Za-z_][A-Za-z0-9_]*$/, 'expected an identifier (letters, digits, _; not starting with a digit)')
  .refine((name) => !isUserFunction(name) && !CONSTANTS.has(name), {
    message: 'is a function or constant name and cannot be a variable or parameter',
  })
  .refine((name) => !(RESERVED_WORDS as readonly string[]).includes(name), {
    message: `is a reserved word (${RESERVED_WORDS.join(', ')}) and cannot be a variable or parameter`,
  });

/**
 * A record of names that reports a "__proto__" key: zod leaves it out of the parsed record
 * without a word (assigning it would replace the record's prototype), so the user's entry would
 * silently vanish.
 */
function namedRecord<V extends z.ZodType>(value: V, key: z.ZodType<string> = z.string()) {
  return z.preprocess(
    (input, ctx) => {
      if (typeof input === 'object' && input !== null && Object.hasOwn(input, '__proto__')) {
        ctx.addIssue({ code: 'custom', path: ['__proto__'], message: '"__proto__" is a reserved word and cannot be a name', input });
      }
      return input;
    },
    z.record(key, value),
  );
}

/**
 * A user-defined map: one equation per variable, over its variables and parameters. The
 * equations are parsed, checked against the whitelist and differentiated here, so a bad equation
 * is a spec error naming equations.<variable> and the offending token.
 */
export const expressionModelSchema = z
  .strictObject({
    kind: z.literal('expression'),
    variables: z.array(identifier).min(1).max(16),
    parameters: namedRecord(z.number(), identifier)
      .refine((p) => Object.keys(p).length <= EXPRESSION_LIMITS.parameters, {
        message: `expected at most ${EXPRESSION_LIMITS.parameters} parameters`,
      })
      .default({}),
    equations: namedRecord(z.string().max(EXPRESSION_LIMITS.equationLength)),
    /** initial state by variable name; unnamed variables start at 0 */
    init: namedRecord(z.number()).default({}),
  })
  .superRefine((m, ctx) => {
    const vars = new Set(m.variables);
    if (vars.size !== m.variables.length) {
      ctx.addIssue({ code: 'custom', path: ['variables'], message: 'expected distinct variable names' });
      return;
    }
    let consistent = true;
    const problem = (path: (string | number)[], message: string) => {
      consistent = false;
      ctx.addIssue({ code: 'custom', path, message });
    };
    for (const p of Object.keys(m.parameters)) {
      if (vars.has(p)) problem(['parameters', p], `"${p}" is also a variable`);
    }
    for (const v of m.variables) {
      if (!Object.hasOwn(m.equations, v)) problem(['equations'], `missing the equation for variable "${v}"`);
    }
    for (const key of Object.keys(m.equations)) {
      if (!vars.has(key)) problem(['equations', key], `"${key}" is not a variable (variables: ${m.variables.join(', ')})`);
    }
    for (const key of Object.keys(m.init)) {
      if (!vars.has(key)) problem(['init', key], `"${key}" is not a variable (variables: ${m.variables.join(', ')})`);
    }
    if (!consistent) return;
    try {
      compileExpressionMap(m);
    } catch (err) {
      if (err instanceof EquationError) ctx.addIssue({ code: 'custom', path: ['equations', err.variable], message: err.message });
      else throw err;
    }
  });

export type ExpressionModelSpec = z.output<typeof expressionModelSchema>;
