import { LANES } from '../analysis/uv-orbit-kernel.js';

/** Chunks of `LANES`-aligned size, small enough to balance `workers` and report progress. */
export function chunkSizeFor(points: number, workers: number, requested?: number): number {
  if (requested !== undefined) return requested;
  const target = Math.ceil(points / (workers * 24));
  return Math.min(2048, Math.max(LANES, alignToLanes(target)));
}

function alignToLanes(n: number): number {
  return Math.ceil(n / LANES) * LANES;
}

/**
 * The grid cut into chunks [start, end). A requested size is used as given. Otherwise chunks have
 * the size of chunkSizeFor until the last few rounds, then shrink towards an eighth of it (guided
 * scheduling): each worker is handed its next chunk before it finishes the current one, so the
 * chunks still queued at the end decide how long one worker waits for the other. Shrinking them
 * keeps that wait to a small chunk's time. Points depend only on their index, so the cut never
 * changes a result.
 */
export function planChunks(points: number, workers: number, requested?: number): Array<[number, number]> {
  const size = chunkSizeFor(points, workers, requested);
  const smallest = requested !== undefined ? size : Math.max(LANES, alignToLanes(Math.ceil(size / 8)));
  const chunks: Array<[number, number]> = [];
  for (let start = 0; start < points; ) {
    const tapered = alignToLanes(Math.ceil((points - start) / (workers * 4)));
    const end = Math.min(points, start + Math.max(smallest, Math.min(size, tapered)));
    chunks.push([start, end]);
    start = end;
  }
  return chunks;
}
