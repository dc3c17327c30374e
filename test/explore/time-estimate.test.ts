import { describe, expect, it } from 'vitest';
// the page's own module (plain browser JS without DOM use, so without types), run here as it runs there
// @ts-expect-error -- no declaration file for the page's JS
import { calibrate, estimateSeconds, formatSeconds, pointsComputed, secondsLeft } from '../../explorer/time-estimate.js';

const COARSE = { factor: 8, min: 16 };

describe('the page’s time estimate for a view', () => {
  it('counts the coarse pass’s points as the server plans them: max(16, ⌈columns / 8⌉), none when not fewer', () => {
    expect(pointsComputed(80, COARSE)).toBe(16 + 80);
    expect(pointsComputed(800, COARSE)).toBe(100 + 800);
    expect(pointsComputed(16, COARSE)).toBe(16);
    expect(pointsComputed(10, COARSE)).toBe(10);
  });

  it('scales the seconds per point and step of the last progress report to the view', () => {
    expect(estimateSeconds(80, 3256, COARSE)).toBeNull(); // before any report
    calibrate({ done: 4, total: 16, seconds: 8 }, 3256); // 2 s per point of 3256 steps
    expect(estimateSeconds(80, 3256, COARSE)).toBeCloseTo(2 * 96, 9);
    expect(estimateSeconds(80, 1628, COARSE)).toBeCloseTo(96, 9);
    expect(secondsLeft({ done: 4, total: 16, seconds: 8 })).toBe(24);
    expect(secondsLeft({ done: 0, total: 16, seconds: 1 })).toBeNull();
    expect([formatSeconds(3.14159), formatSeconds(42.4), formatSeconds(192)]).toEqual(['3.1 s', '42 s', '3 min']);
  });
});
