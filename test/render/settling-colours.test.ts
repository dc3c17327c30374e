import { describe, expect, it } from 'vitest';
import { densityToRgba } from '../../src/render/density-image.js';
import { settlingColumns } from '../../src/render/bifurcation-figure.js';
import { cellColor } from '../../src/render/phase-figure.js';
import { PHASE_CATEGORIES } from '../../src/render/phase-categories.js';
import type { BifurcationFigureInput } from '../../src/render/bifurcation-figure.js';

describe('settling in its own colour', () => {
  const layout = { points: 4, columns: 2, rows: 2, yMin: 0, yMax: 1 };

  it('a raster column is settling only when every grid point in it is', () => {
    const input = { layout, settling: new Uint8Array([1, 1, 1, 0]) } as unknown as BifurcationFigureInput;
    expect(Array.from(settlingColumns(input))).toEqual([1, 0]);
    expect(Array.from(settlingColumns({ layout } as unknown as BifurcationFigureInput))).toEqual([0, 0]);
  });

  it('the density of a settling column ends at sienna (160, 82, 45), the blue ramp elsewhere unchanged', () => {
    // both columns: every sample in row 0, so both pixels take their ramp's dark end
    const raster = new Uint32Array([7, 7, 0, 0]);
    const plain = densityToRgba(raster, layout, 2, 2);
    const marked = densityToRgba(raster, layout, 2, 2, undefined, undefined, new Uint8Array([1, 0]));
    expect(Array.from(marked.subarray(0, 4))).toEqual([160, 82, 45, 255]);
    expect(Array.from(marked.subarray(4, 8))).toEqual(Array.from(plain.subarray(4, 8)));
    expect(Array.from(plain.subarray(0, 4))).toEqual([5, 10, 30, 255]);
  });

  it('the phase heatmap: settling is the last category, sienna at the flat shade', () => {
    expect(PHASE_CATEGORIES[6]).toBe('settling (still trending)');
    expect(cellColor(6, 1)).toEqual([160, 82, 45]);
  });
});
