/**
 * Nearest neighbours among delay vectors (row-major, `dimension` numbers each), in the Euclidean
 * norm, excluding temporal neighbours |i − j| ≤ theiler. Vectors are sorted by their first
 * coordinate and each search walks outwards from its own place until that coordinate alone is
 * farther than the best distance found: for the low-dimensional attractors a log holds this
 * visits a few dozen candidates per vector instead of all of them.
 *
 * Only vectors 0 … candidates − 1 are searched and only queries 0 … queries − 1 answered, so
 * that the caller can keep the K steps after each pair inside the series.
 */
export interface NeighbourResult {
  /** index of the nearest neighbour, −1 if none (every candidate in the Theiler window) */
  index: Int32Array;
  /** its distance (0 for an exact repeat) */
  distance: Float64Array;
}

export function nearestNeighbours(vectors: Float64Array, dimension: number, count: number, theiler: number): NeighbourResult {
  const order = new Int32Array(count);
  for (let i = 0; i < count; i++) order[i] = i;
  order.sort((a, b) => vectors[a * dimension] - vectors[b * dimension]);
  const rank = new Int32Array(count);
  for (let r = 0; r < count; r++) rank[order[r]] = r;

  const index = new Int32Array(count).fill(-1);
  const distance = new Float64Array(count).fill(Infinity);
  for (let i = 0; i < count; i++) {
    const x0 = vectors[i * dimension];
    let best = Infinity; // squared
    let bestJ = -1;
    const visit = (j: number): void => {
      if (Math.abs(i - j) <= theiler) return;
      let d = 0;
      for (let c = 0; c < dimension && d < best; c++) {
        const e = vectors[i * dimension + c] - vectors[j * dimension + c];
        d += e * e;
      }
      if (d < best) {
        best = d;
        bestJ = j;
      }
    };
    const r = rank[i];
    for (let up = r + 1, down = r - 1; up < count || down >= 0;) {
      const gapUp = up < count ? vectors[order[up] * dimension] - x0 : Infinity;
      const gapDown = down >= 0 ? x0 - vectors[order[down] * dimension] : Infinity;
      if (gapUp <= gapDown) {
        if (gapUp * gapUp > best) break;
        visit(order[up++]);
      } else {
        if (gapDown * gapDown > best) break;
        visit(order[down--]);
      }
    }
    index[i] = bestJ;
    distance[i] = Math.sqrt(best);
  }
  return { index, distance };
}
