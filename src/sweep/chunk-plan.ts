/**
 * Chunks of a multiple of `lanes` points (the kind's ModelKindInfo.chunkLanes: its batch kernel
 * advances that many orbits at once), small enough to balance `workers` and report progress. A
 * kind with few, costly points (mlp) takes lanes = 1, so that two workers can share sixteen
 * points evenly.
 */
export function chunkSizeFor(points: number, workers: number, requested: number | undefined, lanes: number): number {
  if (requested !== undefined) return requested;
  const target = Math.ceil(points / (workers * 24));
  return Math.min(2048, Math.max(lanes, align(target, lanes)));
}

function align(n: number, lanes: number): number {
  return Math.ceil(n / lanes) * lanes;
}

/**
 * The grid cut into chunks [start, end). A requested size is used as given. Otherwise chunks have
 * the size of chunkSizeFor until the last few rounds, then shrink towards an eighth of it (guided
 * scheduling): each worker is handed its next chunk before it finishes the current one, so the
 * chunks still queued at the end decide how long one worker waits for the other. Shrinking them
 * keeps that wait to a small chunk's time. Points depend only on their index, so the cut never
 * changes a result.
 */
export function planChunks(points: number, workers: number, requested: number | undefined, lanes: number): Array<[number, number]> {
  const size = chunkSizeFor(points, workers, requested, lanes);
  const smallest = requested !== undefined ? size : Math.max(lanes, align(Math.ceil(size / 8), lanes));
  const chunks: Array<[number, number]> = [];
  for (let start = 0; start < points;) {
    const tapered = align(Math.ceil((points - start) / (workers * 4)), lanes);
    const end = Math.min(points, start + Math.max(smallest, Math.min(size, tapered)));
    chunks.push([start, end]);
    start = end;
  }
  return chunks;
}
