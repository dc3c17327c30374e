import { beforeAll, describe, expect, it } from 'vitest';
import { compileExpressionMap } from '../../../src/models/expression/expression-map.js';
import { loadMathjs, mathjs } from '../../../src/models/expression/mathjs-loader.js';
import { relativeError } from '../../helpers.js';

beforeAll(async () => {
  await loadMathjs();
});

/** The map's Jacobian at z (row-major). */
function jacobianOf(variables: string[], parameters: Record<string, number>, equations: Record<string, string>, z: number[]): Float64Array {
  const map = compileExpressionMap({ variables, parameters, equations }).create(Float64Array.from(Object.values(parameters)));
  const out = new Float64Array(variables.length ** 2);
  map.jacobian(Float64Array.from(z), out);
  return out;
}

/**
 * Independent reference: mathjs's own derivative (unsimplified, which is fast) evaluated by
 * mathjs. cube and square, which mathjs cannot differentiate, are written as powers for it.
 */
function mathjsDerivative(text: string, w: string, scope: Record<string, number>): number {
  const math = mathjs();
  const asPowers = text.replace(/\bcube\(/g, 'pow3(').replace(/\bsquare\(/g, 'pow2(');
  const node = math.parse(asPowers).transform((n) => {
    const call = n as typeof n & { fn?: { name?: string }; args?: (typeof n)[] };
    if (n.type === 'FunctionNode' && (call.fn?.name === 'pow3' || call.fn?.name === 'pow2')) {
      return new math.OperatorNode('^', 'pow', [
        new math.ParenthesisNode(call.args![0]),
        new math.ConstantNode(call.fn.name === 'pow3' ? 3 : 2),
      ]);
    }
    return n;
  });
  return math.derivative(node, w, { simplify: false }).evaluate(scope) as number;
}

/** Each rule of the derivative: operator forms with constant and varying sides, and every function. */
const EQUATIONS = [
  'x*y',
  'a*x',
  'x*a',
  'x/y',
  'x/a',
  'a/x',
  '-x',
  '+x',
  '-(x*y)',
  'x - y',
  'a - x',
  '(x) - (a)',
  'x + y + a',
  'x^3',
  'x^(3)',
  'x^a',
  'a^x',
  '2^x',
  'x^y',
  'x^0',
  '0^x',
  '1^x',
  'x^1',
  'x^(y-1)',
  'x^-2',
  '(x*y)^2.5',
  'sin(x*y)',
  'cos(x - y)',
  'tan(0.5*x)',
  'sec(x)',
  'csc(1 + x)',
  'cot(1 + y)',
  'asin(0.5*tanh(x*y))',
  'acos(0.5*tanh(x + y))',
  'atan(x/y)',
  'sinh(x*y)',
  'cosh(x - y)',
  'tanh(x^2)',
  'sech(x)',
  'csch(1 + x)',
  'coth(1 + y)',
  'asinh(x*y)',
  'acosh(1 + x^2 + y^2)',
  'atanh(0.5*tanh(x*y))',
  'exp(-x*y)',
  'log(1 + x^2)',
  'sqrt(1 + x*y)',
  'abs(x - 2*y)',
  'cube(x - y)',
  'square(x*y)',
  'exp(sin(x)*cos(y)) / sqrt(1 + square(x)) - log(cosh(y))^a',
  'sign(a)*x', // sign of something constant is differentiable (as a constant)
];

describe('expression Jacobians', () => {
  it('equal mathjs’s own derivative of every rule and function, evaluated by mathjs', () => {
    const points = [
      [0.3, 0.7],
      [0.8, 0.45],
      [1.3, 0.6],
    ];
    for (const text of EQUATIONS) {
      for (const [x, y] of points) {
        const jac = jacobianOf(['x', 'y'], { a: 1.7 }, { x: text, y: 'x' }, [x, y]);
        const scope = { x, y, a: 1.7 };
        for (const [c, w] of ['x', 'y'].entries()) {
          const expected = mathjsDerivative(text, w, scope);
          const got = jac[c];
          if (Number.isNaN(expected)) expect(got, `${text} d/d${w} at (${x}, ${y})`).toBeNaN();
          else expect(relativeError(got, expected), `${text} d/d${w} at (${x}, ${y}): ${got} vs ${expected}`).toBeLessThan(1e-12);
        }
      }
    }
  });

  it('refuses sign of a variable: it has no derivative', () => {
    expect(() => compileExpressionMap({ variables: ['x'], parameters: {}, equations: { x: '1 - sign(x)*x' } })).toThrow(
      /cannot differentiate "1 - sign\(x\)\*x": sign has no derivative/,
    );
  });

  it('differentiate the sums and products that made mathjs’s simplify() take minutes', () => {
    const sum = (n: number) => Array(n).fill('x').join('+');
    for (const n of [22, 26, 28, 999]) expect(jacobianOf(['x'], {}, { x: sum(n) }, [0.4])[0]).toBe(n);
    for (const n of [12, 200]) {
      const x = 1.3;
      const got = jacobianOf(['x'], {}, { x: Array(n).fill('sin(x)').join('*') }, [x])[0];
      expect(relativeError(got, n * Math.sin(x) ** (n - 1) * Math.cos(x))).toBeLessThan(1e-12);
    }
  });

  it('match central differences on long equations over many variables', () => {
    const variables = ['u', 'v', 'w', 'q'];
    const term = (i: number) => `${['sin', 'cos', 'tanh', 'atan'][i % 4]}(${variables[i % 4]}*${variables[(i + 1) % 4]}/3)`;
    const long = (offset: number) => Array.from({ length: 60 }, (_, i) => `${(i % 7) / 10 + 0.1}*${term(i + offset)}`).join(' + ');
    const equations = Object.fromEntries(variables.map((v, i) => [v, `(${long(i)}) / 30`]));
    const z = [0.31, -0.52, 0.73, 0.14];
    const compiled = compileExpressionMap({ variables, parameters: {}, equations }).create(new Float64Array(0));
    const jac = new Float64Array(16);
    compiled.jacobian(Float64Array.from(z), jac);
    const h = 1e-6;
    for (let c = 0; c < 4; c++) {
      const plus = Float64Array.from(z);
      const minus = Float64Array.from(z);
      plus[c] += h;
      minus[c] -= h;
      const fp = new Float64Array(4);
      const fm = new Float64Array(4);
      compiled.step(plus, fp);
      compiled.step(minus, fm);
      for (let r = 0; r < 4; r++) expect(Math.abs(jac[r * 4 + c] - (fp[r] - fm[r]) / (2 * h)), `J[${r}][${c}]`).toBeLessThan(1e-8);
    }
  });
});
