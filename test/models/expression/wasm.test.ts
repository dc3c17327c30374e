import { beforeAll, describe, expect, it } from 'vitest';
import { compileExpressionMap } from '../../../src/models/expression/expression-map.js';
import { loadMathjs } from '../../../src/models/expression/mathjs-loader.js';

beforeAll(async () => {
  await loadMathjs();
});

/** Every whitelisted function but sign (no derivative), unary minus, powers (constant and not), constants and a parameter. */
const EVERY_OPERATION = {
  variables: ['x', 'y', 'z'],
  parameters: { a: 0.1, b: 1.5 },
  equations: {
    x: '0.3*sin(x) + 0.2*cos(y) + 0.1*tan(0.5*z) + 0.1*asin(0.5*tanh(x)) + 0.1*acos(0.5*tanh(y)) + 0.1*atan(z) + a',
    y: '0.1*sinh(0.5*x) + 0.1*cosh(0.5*y) - 0.1*tanh(z) + 0.1*asinh(x) + 0.05*acosh(1 + y^2) + 0.1*atanh(0.5*tanh(z)) + a*exp(-x^2)',
    z: '0.1*log(1 + x^2) + 0.1*sqrt(abs(y)) + 0.01*sec(x) + 0.01*csc(1 + abs(y)) + 0.01*cot(1 + abs(z)) + 0.01*sech(x) + 0.01*csch(1 + abs(y)) + 0.01*coth(1 + abs(z)) + 0.01*cube(x) + 0.01*square(y) + 0.01*abs(x)^b - pi/10 + e/10 - 0.5*z',
  },
};

describe('expression maps compiled to WebAssembly', () => {
  it('step and Jacobian of every lane equal the single-orbit interpreter bit for bit', () => {
    const compiled = compileExpressionMap(EVERY_OPERATION);
    const lanes = 5;
    const batch = compiled.createBatch(lanes);
    const params = Array.from({ length: lanes }, (_, j) => Float64Array.of(0.1 + 0.05 * j, 1.5 + 0.3 * j));
    const single = params.map((p) => compiled.create(p));
    const z = params.map((_, j) => Float64Array.of(0.1 * j, -0.2 + 0.1 * j, 0.3));
    params.forEach((p, j) => {
      batch.setParameters(j, p);
      for (let c = 0; c < 3; c++) batch.state[c * lanes + j] = z[j][c];
    });
    const jac = new Float64Array(9 * lanes);
    const expected = new Float64Array(9);
    let distinct = 0;
    for (let t = 0; t < 200; t++) {
      batch.jacobian(jac, lanes);
      batch.step(lanes);
      for (let j = 0; j < lanes; j++) {
        single[j].jacobian(z[j], expected);
        for (let e = 0; e < 9; e++) expect(Object.is(jac[e * lanes + j], expected[e]), `t=${t} lane ${j} J[${e}]`).toBe(true);
        single[j].step(z[j], z[j]);
        for (let c = 0; c < 3; c++) expect(Object.is(batch.state[c * lanes + j], z[j][c]), `t=${t} lane ${j} ${c}`).toBe(true);
      }
      if (z[0][0] !== z[1][0]) distinct++;
    }
    expect(Number.isFinite(z[4][2])).toBe(true);
    expect(distinct).toBe(200); // lanes really carry their own parameters
  });

  it('advances only the first n lanes', () => {
    const batch = compileExpressionMap({ variables: ['x'], parameters: { r: 3.7 }, equations: { x: 'r*x*(1-x)' } }).createBatch(4);
    for (let j = 0; j < 4; j++) batch.setParameters(j, Float64Array.of(3.7));
    batch.state.fill(0.3);
    batch.step(2);
    expect(Array.from(batch.state)).toEqual([3.7 * 0.3 * (1 - 0.3), 3.7 * 0.3 * (1 - 0.3), 0.3, 0.3]);
  });

  it('keeps outputs that copy a variable or a parameter right (a swap stays a swap)', () => {
    const batch = compileExpressionMap({
      variables: ['x', 'y', 'w'],
      parameters: { q: 7 },
      equations: { x: 'y', y: 'x', w: 'q' },
    }).createBatch(2);
    batch.setParameters(0, Float64Array.of(7));
    batch.setParameters(1, Float64Array.of(7));
    batch.state.set([1, 2, 3, 4, 0, 0]);
    batch.step(2);
    expect(Array.from(batch.state)).toEqual([3, 4, 1, 2, 7, 7]);
  });
});
