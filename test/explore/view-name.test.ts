import { describe, expect, it } from 'vitest';
import { valueForName } from '../../src/explore/view-name.js';
import { minResolvableSpan, unresolvableRange } from '../../src/explore/view-resolution.js';

describe('an exported view’s name', () => {
  it('gives each end the digits that resolve its span to a thousandth to a hundredth', () => {
    // the zoom into the period-3 window: 0.0251 wide, so 1e-4 resolution
    expect(valueForName(1.444412345, 1.469512345 - 1.444412345)).toBe('1.4444');
    expect(valueForName(1.469512345, 1.469512345 - 1.444412345)).toBe('1.4695');
    expect(valueForName(0.9, 1.05)).toBe('0.9');
    expect(valueForName(1e-4, 1)).toBe('0.0001');
    expect(valueForName(0, 1)).toBe('0');
  });
});

describe('a view’s range against floating-point resolution', () => {
  it('asks 1024 units in the last place per grid step at the larger end', () => {
    // ulp(1) = 2^-52; 801 points make 800 steps
    expect(minResolvableSpan(1, 1.0001, 801)).toBe(1024 * 2 ** -52 * 1.0001 * 800);
    expect(unresolvableRange(1.467, 1.467 + 1e-14, 800)).toMatch(/below floating-point resolution for 800 grid points/);
    expect(unresolvableRange(1.467, 1.467 + 1e-9, 800)).toBeNull();
    expect(unresolvableRange(-2, -1.9, 2)).toBeNull();
  });
});
