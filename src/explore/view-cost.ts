import { modelKindOf } from '../models/registry.js';
import type { SweepSpec } from '../spec/sweep-spec.js';
import { ApiError } from './api-error.js';
import { EXPLORE_LIMITS } from './explore-limits.js';

/** What a view costs the server: its steps, the samples it holds, the pixels it draws and the bytes it sends. */
export interface ViewCost {
  /** grid points × (transient + record) */
  steps: number;
  /** recorded samples held on the main thread (grid points × record) for kinds whose workers send them back; else 0 */
  samples: number;
  /** width × height of the plot area; 0 without one (orbits, exports) */
  pixels: number;
  /** the /api/view response at most, before gzip: two frames of header and RGBA pixels; 0 without a plot */
  responseBytes: number;
}

/**
 * Bytes of a frame's JSON header at most, by its parts: a fixed part (the view, the axes' ticks,
 * the reference lines' end points, labels) and per grid point its value, period, regime and λ_max
 * (at most 25 + 8 + 16 + 25 characters; about 52 measured).
 */
const HEADER_FIXED_BYTES = 16_384;
const HEADER_BYTES_PER_POINT = 80;

/** The cost of a view, with the page's plot area for /api/view. */
export function viewCost(spec: SweepSpec, plot?: { width: number; height: number }): ViewCost {
  const points = spec.sweep.points;
  const pixels = plot ? plot.width * plot.height : 0;
  const frameBytes = 8 + HEADER_FIXED_BYTES + HEADER_BYTES_PER_POINT * points + 4 * pixels;
  return {
    steps: points * (spec.transient + spec.record),
    samples: modelKindOf(spec.model).info.samplesToMainThread ? points * spec.record : 0,
    pixels,
    responseBytes: plot ? 2 * frameBytes : 0,
  };
}

/** The view's cost, or a 413 naming the first cap it is over and the query fields that set it. */
export function checkViewCost(spec: SweepSpec, plot?: { width: number; height: number }): ViewCost {
  const cost = viewCost(spec, plot);
  const points = spec.sweep.points;
  const advice = 'use fewer columns or steps, or run uvchaos sweep';
  if (cost.steps > EXPLORE_LIMITS.budget) {
    const message = `columns × (transient + record) = ${points} × ${spec.transient + spec.record} = ${cost.steps.toExponential(2)} steps, over the explorer's budget of ${EXPLORE_LIMITS.budget.toExponential(0)} steps per view; ${advice}`;
    throw new ApiError(413, message, 'columns', EXPLORE_LIMITS.budget);
  }
  if (cost.samples > EXPLORE_LIMITS.maxSamples) {
    const message = `columns × record = ${points} × ${spec.record} = ${cost.samples.toExponential(2)} recorded samples, over the explorer's cap of ${EXPLORE_LIMITS.maxSamples.toExponential(0)} samples per view of a ${spec.model.kind} model; use fewer columns or a shorter record, or run uvchaos sweep`;
    throw new ApiError(413, message, 'record', EXPLORE_LIMITS.maxSamples);
  }
  if (plot && cost.pixels > EXPLORE_LIMITS.maxPixels) {
    const message = `width × height = ${plot.width} × ${plot.height} = ${cost.pixels.toExponential(2)} pixels, over the explorer's cap of ${EXPLORE_LIMITS.maxPixels.toExponential(0)} pixels per view; ask for a smaller plot area (the page asks for at most 1600 × 420)`;
    throw new ApiError(413, message, 'width', EXPLORE_LIMITS.maxPixels);
  }
  if (cost.responseBytes > EXPLORE_LIMITS.maxResponseBytes) {
    const message = `the view's response would be ${cost.responseBytes.toExponential(2)} bytes, over the explorer's cap of ${EXPLORE_LIMITS.maxResponseBytes.toExponential(0)} bytes; ask for a smaller plot area or fewer columns`;
    throw new ApiError(413, message, 'width', EXPLORE_LIMITS.maxResponseBytes);
  }
  return cost;
}
