import { describe, expect, it } from 'vitest';
import { ACTIVATIONS, applyActivation } from '../../../src/models/mlp/activation.js';
import { erf, erfc } from '../../../src/models/mlp/erf.js';
import { SeededRandom } from '../../../src/random/rng.js';

/**
 * Reference values from the Maclaurin series in exact integer arithmetic: erf(x) =
 * (2/√π) Σ (−1)ⁿ x^{2n+1}/(n!(2n+1)) with every quantity an integer multiple of 10⁻¹⁰⁰, which for
 * |x| ≤ 9 leaves more than 40 correct digits after the series' cancellation (terms up to e^{81}),
 * enough for erfc(9) ≈ 4e-37 to full double precision.
 */
const DIGITS = 100n;
const ONE = 10n ** DIGITS;
const PI_DIGITS =
  '3141592653589793238462643383279502884197169399375105820974944592307816406286208998628034825342117067982148086513282306647';
const PI = BigInt(PI_DIGITS.slice(0, Number(DIGITS) + 1));

function isqrt(n: bigint): bigint {
  let x = BigInt(Math.floor(Math.sqrt(Number(n))));
  for (;;) {
    const next = (x + n / x) >> 1n;
    if (next === x || next === x + 1n || next === x - 1n) {
      while (next * next > n && x * x > n) x -= 1n;
      return x * x <= n ? x : x - 1n;
    }
    x = next;
  }
}
const TWO_OVER_SQRT_PI = (2n * ONE * ONE) / isqrt(PI * ONE); // 2/√π · ONE

/** x (a double) as an integer multiple of 10⁻¹⁰⁰, exactly up to that resolution. */
function fixed(x: number): bigint {
  const [mantissa, exponent] = (() => {
    let e = 0;
    let m = x;
    while (!Number.isInteger(m)) {
      m *= 2;
      e--;
    }
    return [BigInt(m), e];
  })();
  return exponent >= 0 ? mantissa * ONE * 2n ** BigInt(exponent) : (mantissa * ONE) / 2n ** BigInt(-exponent);
}

function referenceErf(x: number): bigint {
  const X = fixed(x);
  const X2 = (X * X) / ONE;
  let power = X; // x^{2n+1}/n!
  let sum = 0n;
  for (let n = 0n; ; n++) {
    const term = power / (2n * n + 1n);
    sum += n % 2n === 0n ? term : -term;
    if (term === 0n) break;
    power = (power * X2) / ONE / (n + 1n);
  }
  return (sum * TWO_OVER_SQRT_PI) / ONE;
}

function toDouble(v: bigint): number {
  const negative = v < 0n;
  const digits = (negative ? -v : v).toString().padStart(Number(DIGITS) + 1, '0');
  const cut = digits.length - Number(DIGITS);
  return Number(`${negative ? '-' : ''}${digits.slice(0, cut)}.${digits.slice(cut)}`);
}

function ulp(v: number): number {
  const a = Math.abs(v);
  return a === 0 ? Number.MIN_VALUE : 2 ** (Math.floor(Math.log2(a)) - 52);
}

const points: number[] = [];
for (let i = -900; i <= 900; i++) points.push(i / 100);
const rng = new SeededRandom(4);
for (let i = 0; i < 600; i++) points.push(-7 + 14 * rng.uniform()); // off the grid
points.push(1e-9, -3e-8, 1e-5, 0.5, 0.999999, 1.000001, 1.999999, 2.000001, 3.999999, 4.000001);

describe('erf and erfc to double precision', () => {
  it('erf within 2 ulp, erfc within 4 ulp of its own value (x ≤ 0 or x ≥ 1) on [−9, 9]', () => {
    let worstErf = 0;
    let worstErfc = 0;
    let worstErfcAbsolute = 0;
    for (const x of points) {
      const e = referenceErf(x);
      const trueErf = toDouble(e);
      const trueErfc = toDouble(ONE - e);
      worstErf = Math.max(worstErf, Math.abs(erf(x) - trueErf) / ulp(trueErf));
      if (x <= 0 || x >= 1) worstErfc = Math.max(worstErfc, Math.abs(erfc(x) - trueErfc) / ulp(trueErfc));
      else worstErfcAbsolute = Math.max(worstErfcAbsolute, Math.abs(erfc(x) - trueErfc));
    }
    expect(worstErf).toBeLessThanOrEqual(2);
    expect(worstErfc).toBeLessThanOrEqual(4);
    expect(worstErfcAbsolute).toBeLessThan(1.2e-16);
  });

  it('the integer-arithmetic reference agrees with published digits', () => {
    // erf(1) = 0.8427007929497148693412206350826…, erfc(3) = 2.209049699858544137277612958232…e-5
    expect(toDouble(referenceErf(1))).toBe(0.8427007929497149);
    expect(toDouble(ONE - referenceErf(3))).toBe(2.209049699858544e-5);
  });

  it('limits and special values', () => {
    expect(erf(0)).toBe(0);
    expect(Object.is(erf(-0), -0)).toBe(true);
    expect(erf(Infinity)).toBe(1);
    expect(erf(-Infinity)).toBe(-1);
    expect(erfc(Infinity)).toBe(0);
    expect(erfc(-Infinity)).toBe(2);
    expect(erfc(30)).toBe(0);
    expect(erfc(26)).toBeGreaterThan(0);
    expect(Number.isNaN(erf(NaN))).toBe(true);
    expect(Number.isNaN(erfc(NaN))).toBe(true);
  });
});

describe('activation derivatives', () => {
  it('φ′ and φ″ equal central differences of φ and φ′ (1e-8), away from the kinks of relu and elu', () => {
    const z = Float64Array.from({ length: 81 }, (_, i) => -4 + 0.1 * i + 0.0123);
    const n = z.length;
    const value = new Float64Array(n);
    const first = new Float64Array(n);
    const second = new Float64Array(n);
    const up = [new Float64Array(n), new Float64Array(n), new Float64Array(n)];
    const down = [new Float64Array(n), new Float64Array(n), new Float64Array(n)];
    const h = 1e-5;
    for (const name of ACTIVATIONS) {
      applyActivation(name, z, value, first, second, 0, n);
      applyActivation(
        name,
        z.map((x) => x + h),
        up[0],
        up[1],
        up[2],
        0,
        n,
      );
      applyActivation(
        name,
        z.map((x) => x - h),
        down[0],
        down[1],
        down[2],
        0,
        n,
      );
      for (let i = 0; i < n; i++) {
        expect(Math.abs(first[i] - (up[0][i] - down[0][i]) / (2 * h))).toBeLessThan(1e-8);
        expect(Math.abs(second[i] - (up[1][i] - down[1][i]) / (2 * h))).toBeLessThan(1e-8);
      }
    }
    // gelu is x·Φ(x) with the exact Φ: Φ(1) = ½(1 + erf(1/√2)) = 0.8413447460685429
    applyActivation('gelu', new Float64Array([1, -1]), value, first, second, 0, 2);
    expect(Math.abs(value[0] - 0.8413447460685429)).toBeLessThan(2e-16);
    expect(Math.abs(value[1] + (1 - 0.8413447460685429))).toBeLessThan(2e-16);
  });
});
