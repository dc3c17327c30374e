import { beforeAll, describe, expect, it } from 'vitest';
import { compileExpressionMap, EquationError } from '../../../src/models/expression/expression-map.js';
import { loadMathjs } from '../../../src/models/expression/mathjs-loader.js';
import { mapDefinition } from '../../../src/models/registry.js';
import { expressionModelSchema } from '../../../src/models/expression/spec-schema.js';

beforeAll(async () => {
  await loadMathjs();
});

/** constructor, toString, valueOf, hasOwnProperty, __proto__, __defineGetter__, … */
const PROTOTYPE_NAMES = Object.getOwnPropertyNames(Object.prototype);

function equationError(equation: string): EquationError {
  try {
    compileExpressionMap({ variables: ['x'], parameters: { a: 2 }, equations: { x: equation } });
  } catch (err) {
    if (err instanceof EquationError) return err;
    throw err;
  }
  throw new Error(`accepted ${equation}`);
}

/** One step of the spec's map from its initial state. */
function firstStep(model: unknown): { initial: number[]; next: number[] } {
  const definition = mapDefinition(expressionModelSchema.parse(model));
  const map = definition.createDiscrete(definition.parameters);
  const next = new Float64Array(definition.initial.length);
  map.step(definition.initial, next);
  return { initial: Array.from(definition.initial), next: Array.from(next) };
}

describe('names that Object.prototype has', () => {
  it('includes the names the whitelist once let through', () => {
    expect(PROTOTYPE_NAMES).toEqual(expect.arrayContaining(['constructor', '__proto__', 'toString', 'hasOwnProperty', 'valueOf']));
  });

  for (const name of PROTOTYPE_NAMES) {
    it(`${name}: an unknown symbol and a forbidden function in an equation`, () => {
      expect(equationError(name).message).toMatch(new RegExp(`^unknown symbol "${name}" \\(known: x, a, pi, e\\) at column 1 `));
      expect(equationError(`a*x + ${name}`).message).toMatch(new RegExp(`^unknown symbol "${name}" .* at column 7 `));
      expect(equationError(`${name}(x)`).message).toMatch(new RegExp(`^function "${name}" is not allowed`));
    });

    if (name === '__proto__') continue;

    it(`${name}: a parameter with its own value`, () => {
      const model = {
        kind: 'expression',
        variables: ['x'],
        parameters: { [name]: 3 },
        equations: { x: `${name}*x + 1` },
        init: { x: 0.5 },
      };
      expect(firstStep(model).next).toEqual([2.5]);
    });

    it(`${name}: a variable that starts at 0 unless init names it`, () => {
      const equations = { [name]: `0.5*${name} + 1` };
      expect(firstStep({ kind: 'expression', variables: [name], equations })).toEqual({ initial: [0], next: [1] });
      expect(firstStep({ kind: 'expression', variables: [name], equations, init: { [name]: 4 } })).toEqual({ initial: [4], next: [3] });
    });

    it(`${name}: a variable whose equation is missing is reported as missing`, () => {
      const result = expressionModelSchema.safeParse({ kind: 'expression', variables: ['x', name], equations: { x: 'x' } });
      expect(result.success).toBe(false);
      expect(result.error!.issues[0].message).toBe(`missing the equation for variable "${name}"`);
    });
  }

  it('__proto__, which zod drops from a record without a word, is reported as a reserved word', () => {
    const models: [unknown, string][] = [
      [{ kind: 'expression', variables: ['__proto__'], equations: {} }, 'variables.0'],
      [{ kind: 'expression', variables: ['x'], parameters: JSON.parse('{"__proto__": 1}'), equations: { x: 'x' } }, 'parameters.__proto__'],
      [{ kind: 'expression', variables: ['x'], equations: JSON.parse('{"x": "x", "__proto__": "1"}') }, 'equations.__proto__'],
      [{ kind: 'expression', variables: ['x'], equations: { x: 'x' }, init: JSON.parse('{"__proto__": 1}') }, 'init.__proto__'],
    ];
    for (const [model, path] of models) {
      const result = expressionModelSchema.safeParse(model);
      expect(result.success, path).toBe(false);
      const issue = result.error!.issues[0];
      expect(issue.path.join('.')).toBe(path);
      expect(issue.message).toMatch(/is a reserved word/);
    }
  });
});

describe('parameters', () => {
  const many = (n: number) => Object.fromEntries(Array.from({ length: n }, (_, i) => [`p${i}`, i]));

  it('are at most 256, and an unknown symbol lists the first 20 of them', () => {
    const ok = expressionModelSchema.safeParse({ kind: 'expression', variables: ['x'], parameters: many(256), equations: { x: 'p255*x' } });
    expect(ok.success).toBe(true);
    const tooMany = expressionModelSchema.safeParse({ kind: 'expression', variables: ['x'], parameters: many(257), equations: { x: 'x' } });
    expect(tooMany.success).toBe(false);
    expect(tooMany.error!.issues[0].path).toEqual(['parameters']);
    expect(tooMany.error!.issues[0].message).toBe('expected at most 256 parameters');
    const unknown = expressionModelSchema.safeParse({
      kind: 'expression',
      variables: ['x'],
      parameters: many(200),
      equations: { x: 'q*x' },
    });
    expect(unknown.error!.issues[0].message).toMatch(
      /^unknown symbol "q" \(known: x, p0, p1, .*, p18, … \(201 names\), pi, e\) at column 1 of "q\*x"$/,
    );
  });
});

describe('words mathjs does not read as names', () => {
  for (const word of ['NaN', 'Infinity', 'true', 'undefined', 'mod', 'in']) {
    it(`${word} cannot be a variable or a parameter`, () => {
      for (const model of [
        { kind: 'expression', variables: [word], equations: { [word]: '1' } },
        { kind: 'expression', variables: ['x'], parameters: { [word]: 1 }, equations: { x: 'x' } },
      ]) {
        const result = expressionModelSchema.safeParse(model);
        expect(result.success).toBe(false);
        expect(JSON.stringify(result.error!.issues)).toMatch(/is a reserved word/);
      }
    });
  }
});
