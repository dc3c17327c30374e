/**
 * Worker thread of the bench's parallel baseline: the bare transient kernel over a slice of the
 * bench grid, with no sweep engine around it (no tables, no analysis, no messages per chunk).
 */
import { etas, transientKernel } from './kernels.js';

export interface KernelSlice {
  points: number;
  steps: number;
  from: number;
  to: number;
}

export default function runKernelSlice(slice: KernelSlice): number {
  return transientKernel(etas(slice.points).subarray(slice.from, slice.to), slice.steps);
}
