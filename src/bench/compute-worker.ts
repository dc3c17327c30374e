/**
 * Worker thread of the whole-process bench's compute baseline: every point of a slice of the
 * sweep's grid through computeChunk (transient, record, period, exponents, raster), in chunks of
 * the sweep's size, with nothing else: no tables, no messages per chunk, no figure.
 */
import type { SweepSpec } from '../spec/sweep-spec.js';
import type { RasterLayout } from '../sweep/raster.js';
import { computeChunk } from '../api/engine-by-kind.js';

export interface ComputeSlice {
  spec: SweepSpec;
  raster: RasterLayout;
  from: number;
  to: number;
  chunk: number;
}

export default function runComputeSlice(slice: ComputeSlice): number {
  let clipped = 0;
  for (let start = slice.from; start < slice.to; start += slice.chunk) {
    clipped += computeChunk({ spec: slice.spec, start, end: Math.min(slice.to, start + slice.chunk), raster: slice.raster }).clipped;
  }
  return clipped;
}
