import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { compileExpressionMap, EquationError } from '../../../src/models/expression/expression-map.js';
import { loadMathjs } from '../../../src/models/expression/mathjs-loader.js';
import { SeededRandom } from '../../../src/random/rng.js';
import { ROOT } from '../../helpers.js';

beforeAll(async () => {
  await loadMathjs();
});

function errorOf(equation: string): EquationError {
  try {
    compileExpressionMap({ variables: ['x', 'y'], parameters: { a: 1 }, equations: { x: equation, y: 'x' } });
  } catch (err) {
    if (err instanceof EquationError) return err;
    throw err;
  }
  throw new Error(`accepted ${equation}`);
}

describe('expression syntax', () => {
  const rejected: [string, RegExp][] = [
    ['x = 3', /assignments are not allowed at column 3/],
    ['f(x) = x^2', /function definitions are not allowed at column 6/],
    ['1 - a*z^2', /unknown symbol "z" \(known: x, y, a, pi, e\) at column 7/],
    ['import("fs")', /function "import" is not allowed .* at column 1/],
    ['evaluate("1+1")', /function "evaluate" is not allowed/],
    ['x.constructor', /property access and indexing are not allowed at column 2/],
    ['[x, y]', /matrices are not allowed at column 1/],
    ['"text"', /only numbers are allowed, found "text" at column 1/],
    ['x > 1 ? x : y', /conditionals are not allowed at column 7/],
    ['x < y', /operator "<" is not allowed/],
    ['x!', /operator "!" is not allowed/],
    ['x mod 2', /operator "mod" is not allowed/],
    ['1 +* 2', /syntax error at column 4/],
    ['sin(x, y)', /function "sin" takes one argument, got 2/],
    ['x; y', /several statements are not allowed/],
    ['', /^the equation is empty$/],
    [' \t\n ', /^the equation is empty$/],
    ['undefined', /only numbers are allowed, found undefined at column 1 of "undefined"/],
    ['x + undefined', /only numbers are allowed, found undefined at column 5/],
    ['null', /only numbers are allowed, found null at column 1/],
    ['x+'.repeat(5000) + 'x', /^the equation has 10001 characters, more than the limit of 2000$/],
    ['('.repeat(300) + 'x' + ')'.repeat(300), /^brackets nested more than 64 deep at column 65 of "\({97}…"$/],
    ['sin('.repeat(100) + 'x' + ')'.repeat(100), /brackets nested more than 64 deep at column 260/],
    ['x*(((' + '[{'.repeat(40), /brackets nested more than 64 deep at column 67/],
    ['2 cm', /unknown symbol "cm"/],
    ['π*x', /unknown symbol "π" .* at column 1/],
    ['x*ä', /unknown symbol "ä" .* at column 3/],
    ['x\u200b', /syntax error/],
    ['x😀', /syntax error/],
  ];
  for (const [text, message] of rejected) {
    it(`rejects ${JSON.stringify(text.length > 40 ? `${text.slice(0, 40)}…` : text)}`, () => {
      const err = errorOf(text);
      expect(err.variable).toBe('x');
      expect(err.message).toMatch(message);
    });
  }

  it('accepts arithmetic, powers, constants and the elementary functions, and differentiates them', () => {
    const map = compileExpressionMap({
      variables: ['x', 'y'],
      parameters: { a: 0.5 },
      equations: {
        x: 'sin(x)^2 + exp(-x)*tanh(y) - a*sqrt(abs(y) + 1) / 3 + cube(y) / 10',
        y: 'log(1 + x^2) + cos(pi*y) + e + square(x*y) / 7',
      },
    }).create(Float64Array.of(0.5));
    const z = Float64Array.of(0.3, -0.7);
    const out = new Float64Array(2);
    map.step(z, out);
    expect(out[0]).toBeCloseTo(Math.sin(0.3) ** 2 + Math.exp(-0.3) * Math.tanh(-0.7) - (0.5 * Math.sqrt(1.7)) / 3 + (-0.7) ** 3 / 10, 14);
    expect(out[1]).toBeCloseTo(Math.log(1.09) + Math.cos(-0.7 * Math.PI) + Math.E + (0.3 * -0.7) ** 2 / 7, 14);
    // the symbolic Jacobian against central differences
    const jac = new Float64Array(4);
    map.jacobian(z, jac);
    const h = 1e-6;
    for (let c = 0; c < 2; c++) {
      const plus = Float64Array.from(z);
      const minus = Float64Array.from(z);
      plus[c] += h;
      minus[c] -= h;
      const fp = new Float64Array(2);
      const fm = new Float64Array(2);
      map.step(plus, fp);
      map.step(minus, fm);
      for (let r = 0; r < 2; r++) expect(jac[r * 2 + c]).toBeCloseTo((fp[r] - fm[r]) / (2 * h), 7);
    }
  });

  it('names the start of a long equation, not all of it, in a one-line error', () => {
    const text = `${'x + '.repeat(400)}z`;
    const err = errorOf(text);
    expect(err.message).toMatch(/^unknown symbol "z" .* at column 1601 of "x \+ x \+ .{80,}…"$/);
    expect(err.message.length).toBeLessThan(200);
    // a 2000-character name, and a long property called as a function
    expect(errorOf('x2'.repeat(1000)).message).toMatch(/^unknown symbol "(x2){19}x…" .* at column 1 of "(x2){48}x…"$/);
    expect(errorOf(`x.${'y'.repeat(500)}(2)`).message).toMatch(/^function "x\.y{37}…" is not allowed .* at column 503 of "x\.y{95}…"$/);
  });

  it('compiles the deepest trees 2000 characters allow, without running out of stack', () => {
    const deepest = [
      `${'x+'.repeat(999)}x`, // 999 operators one inside another
      `${'x*'.repeat(999)}x`,
      `${'x/'.repeat(999)}x`,
      `${'-'.repeat(1999)}x`,
      `${'0.5^'.repeat(499)}x`,
      `${'x^-'.repeat(666)}x`,
      `${'-('.repeat(64)}x${')'.repeat(64)}`,
      `${'sin('.repeat(64)}x${')'.repeat(64)}`,
      `${'('.repeat(64)}x${')'.repeat(64)}`,
    ];
    for (const text of deepest) {
      expect(text.length).toBeLessThanOrEqual(2000);
      const compiled = compileExpressionMap({ variables: ['x'], parameters: {}, equations: { x: text } });
      const map = compiled.create(new Float64Array(0));
      const out = new Float64Array(1);
      const jac = new Float64Array(1);
      map.step(Float64Array.of(0.7), out);
      map.jacobian(Float64Array.of(0.7), jac);
      const batch = compiled.createBatch(2);
      batch.state.fill(0.7);
      const batchJac = new Float64Array(2);
      batch.jacobian(batchJac, 2);
      batch.step(2);
      expect(Object.is(batch.state[0], out[0]), text.slice(0, 20)).toBe(true);
      expect(Object.is(batchJac[0], jac[0]), text.slice(0, 20)).toBe(true);
    }
    const map = compileExpressionMap({ variables: ['x'], parameters: {}, equations: { x: `${'-'.repeat(1999)}x` } }).create(
      new Float64Array(0),
    );
    const jac = new Float64Array(1);
    map.jacobian(Float64Array.of(0.7), jac);
    expect(jac[0]).toBe(-1);
  });

  it('refuses a map whose Jacobian would exceed the instruction limit, naming the equation', () => {
    const variables = Array.from({ length: 16 }, (_, i) => `v${i}`);
    // sixteen towers v^v^…^v of 400 levels: each level's derivative costs a few instructions per variable
    const equations = Object.fromEntries(
      variables.map((v, e) => [v, Array.from({ length: 400 }, (_, i) => variables[(i * 7 + e) % 16]).join('^')]),
    );
    let error: unknown;
    try {
      compileExpressionMap({ variables, parameters: {}, equations });
    } catch (err) {
      error = err;
    }
    expect(error).toBeInstanceOf(EquationError);
    expect((error as EquationError).message).toBe(
      'the map is too large to compile: with this equation it needs more than 200000 operations',
    );
    expect(variables).toContain((error as EquationError).variable);
  });

  it('turns any text into a map or a one-line EquationError, never another error (fuzzed)', () => {
    const tokens = [
      'x',
      'y',
      'a',
      '0',
      '1',
      '2.5',
      '1e308',
      '1e400',
      '5e-324',
      '.5',
      '0x1F',
      '1_0',
      'pi',
      'e',
      'i',
      'NaN',
      'Infinity',
      '+',
      '-',
      '*',
      '/',
      '^',
      '(',
      ')',
      '[',
      ']',
      '{',
      '}',
      ',',
      ';',
      '=',
      '!',
      '?',
      ':',
      '.',
      "'",
      '"',
      '%',
      '&',
      '|',
      '<',
      '>',
      '#',
      '\\',
      '\n',
      ' ',
      'sin(',
      'sign(',
      'sqrt(',
      'cube(',
      'square(',
      'log(',
      'f(',
      'x(',
      'import(',
      'evaluate(',
      'mod',
      'to',
      'in',
      'and',
      'not',
      'end',
      'constructor',
      '__proto__',
      'toString',
      'valueOf',
      'hasOwnProperty',
      'undefined',
      'null',
      'true',
      'π',
      'ä',
      '😀',
      '\u200b',
      '\u0301',
      '\ud800',
    ];
    const rng = new SeededRandom(12);
    const pick = () => tokens[Math.floor(rng.uniform() * tokens.length)];
    let accepted = 0;
    for (let trial = 0; trial < 3000; trial++) {
      const text = Array.from({ length: Math.floor(rng.uniform() * 12) }, pick).join('');
      let compiled;
      try {
        compiled = compileExpressionMap({ variables: ['x', 'y'], parameters: { a: 1.5 }, equations: { x: text, y: 'x' } });
      } catch (err) {
        expect(err, JSON.stringify(text)).toBeInstanceOf(EquationError);
        expect((err as Error).message, JSON.stringify(text)).not.toMatch(/\n/);
        continue;
      }
      accepted++;
      const map = compiled.create(Float64Array.of(1.5));
      const z = Float64Array.of(0.3, 0.6);
      map.step(z, new Float64Array(2));
      map.jacobian(z, new Float64Array(4));
      if (accepted % 10 === 0) compiled.createBatch(2).step(2);
    }
    expect(accepted).toBeGreaterThan(50);
  });

  it('compiles random well-formed equations to a batch equal to the interpreter bit for bit (fuzzed)', () => {
    const rng = new SeededRandom(7);
    const choose = <T>(items: readonly T[]): T => items[Math.floor(rng.uniform() * items.length)];
    const leaves = ['x', 'y', 'a', '0', '1', '2', '0.5', '-0', '1e308', '5e-324', 'NaN', 'Infinity', 'pi', 'e'];
    const functions = [
      'sin',
      'cos',
      'tan',
      'asin',
      'acos',
      'atan',
      'sinh',
      'cosh',
      'tanh',
      'asinh',
      'acosh',
      'atanh',
      'exp',
      'log',
      'sqrt',
      'abs',
      'sec',
      'csc',
      'cot',
      'sech',
      'csch',
      'coth',
      'cube',
      'square',
    ];
    const expression = (size: number): string => {
      if (size <= 1) return choose(leaves);
      const r = rng.uniform();
      if (r < 0.25) return `${choose(functions)}(${expression(size - 1)})`;
      if (r < 0.35) return `-(${expression(size - 1)})`;
      const left = 1 + Math.floor(rng.uniform() * (size - 1));
      return `(${expression(left)} ${choose(['+', '-', '*', '/', '^'])} ${expression(size - left)})`;
    };
    for (let trial = 0; trial < 300; trial++) {
      const equations = { x: expression(1 + Math.floor(rng.uniform() * 14)), y: expression(1 + Math.floor(rng.uniform() * 14)) };
      const compiled = compileExpressionMap({ variables: ['x', 'y'], parameters: { a: 1.5 }, equations });
      const single = compiled.create(Float64Array.of(1.5));
      const batch = compiled.createBatch(1);
      batch.setParameters(0, Float64Array.of(1.5));
      const z = Float64Array.of(0.3 + rng.uniform(), -0.6 + rng.uniform());
      batch.state.set(z);
      const expectedJacobian = new Float64Array(4);
      const jacobian = new Float64Array(4);
      single.jacobian(z, expectedJacobian);
      batch.jacobian(jacobian, 1);
      const next = new Float64Array(2);
      single.step(z, next);
      batch.step(1);
      const label = JSON.stringify(equations);
      for (let i = 0; i < 4; i++) expect(Object.is(jacobian[i], expectedJacobian[i]), `${label} J[${i}]`).toBe(true);
      for (let i = 0; i < 2; i++) expect(Object.is(batch.state[i], next[i]), `${label} ${i}`).toBe(true);
    }
  });

  it('updates all variables from the old state (a swap stays a swap)', () => {
    const map = compileExpressionMap({ variables: ['x', 'y'], parameters: {}, equations: { x: 'y', y: 'x' } }).create(new Float64Array(0));
    const z = Float64Array.of(1, 2);
    map.step(z, z);
    expect(Array.from(z)).toEqual([2, 1]);
  });

  it('never hands text to eval or new Function anywhere in the source', () => {
    const files: string[] = [];
    const walk = (dir: string) => {
      for (const name of readdirSync(dir)) {
        const path = join(dir, name);
        if (statSync(path).isDirectory()) walk(path);
        else if (path.endsWith('.ts')) files.push(path);
      }
    };
    walk(join(ROOT, 'src'));
    expect(files.length).toBeGreaterThan(20);
    for (const file of files) {
      const text = readFileSync(file, 'utf8');
      expect(text, file).not.toMatch(/\beval\s*\(|new\s+Function\s*\(|\bFunction\s*\(/);
    }
  });
});
