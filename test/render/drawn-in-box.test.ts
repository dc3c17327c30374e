import { describe, expect, it } from 'vitest';
import { drawnInBox } from '../../src/render/drawn-in-box.js';

describe('drawnInBox', () => {
  const box = { xMin: 0, xMax: 1, yMin: 0, yMax: 1 };
  it('sees a point inside, a segment crossing, and nothing when every mark lies outside', () => {
    expect(drawnInBox([{ x: 0.5, y: 0.5 }], box, false)).toBe(true);
    // a vertical line from below to above crosses; as markers only, its two ends are outside
    const through = [
      { x: 0.5, y: -1 },
      { x: 0.5, y: 2 },
    ];
    expect(drawnInBox(through, box, true)).toBe(true);
    expect(drawnInBox(through, box, false)).toBe(false);
    // a diagonal that passes the corner (1, 1) on the outside, and one that cuts it
    expect(
      drawnInBox(
        [
          { x: 0.5, y: 2 },
          { x: 2, y: 0.6 },
        ],
        box,
        true,
      ),
    ).toBe(false);
    expect(
      drawnInBox(
        [
          { x: 0.5, y: 1.2 },
          { x: 1.2, y: 0.5 },
        ],
        box,
        true,
      ),
    ).toBe(true);
    // a horizontal reference line above the range, and a gap (NaN) that breaks a crossing line
    expect(
      drawnInBox(
        [
          { x: 0, y: 2 },
          { x: 1, y: 2 },
        ],
        box,
        true,
      ),
    ).toBe(false);
    expect(
      drawnInBox(
        [
          { x: 0.5, y: -1 },
          { x: NaN, y: NaN },
          { x: 0.5, y: 2 },
        ],
        box,
        true,
      ),
    ).toBe(false);
    // open sides
    expect(drawnInBox([{ x: 5, y: 0.5 }], { ...box, xMax: Infinity }, false)).toBe(true);
  });
});
