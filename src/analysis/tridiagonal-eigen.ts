/**
 * All eigenvalues and eigenvectors of a symmetric tridiagonal matrix by the implicit QL method
 * with Wilkinson shifts (the algorithm of EISPACK's tql2): diagonal d[0 … m), off-diagonal
 * e[0 … m−1) with e[i] = T[i][i+1]. Writes eigenvalues ascending to `values` and the eigenvectors
 * as the columns of `vectors` (m×m row-major: component i of eigenvector j at i·m + j). `scratch`
 * needs m entries. O(m³) with vectors; used on the small Lanczos matrices.
 *
 * Returns false if some eigenvalue took more than 60 QL sweeps (does not happen in practice).
 */
export function tridiagonalEigen(
  d: Float64Array,
  e: Float64Array,
  m: number,
  values: Float64Array,
  vectors: Float64Array,
  scratch: Float64Array,
): boolean {
  const w = values;
  const off = scratch;
  for (let i = 0; i < m; i++) {
    w[i] = d[i];
    off[i] = i < m - 1 ? e[i] : 0;
  }
  vectors.fill(0, 0, m * m);
  for (let i = 0; i < m; i++) vectors[i * m + i] = 1;

  let f = 0;
  let tst1 = 0;
  const eps = 2 ** -52;
  let converged = true;
  for (let l = 0; l < m; l++) {
    // Find a negligible off-diagonal element.
    tst1 = Math.max(tst1, Math.abs(w[l]) + Math.abs(off[l]));
    let k = l;
    while (k < m - 1 && Math.abs(off[k]) > eps * tst1) k++;
    if (k > l) {
      let iterations = 0;
      do {
        if (++iterations > 60) converged = false;
        // Wilkinson shift from the leading 2×2 block.
        const g0 = w[l];
        let p = (w[l + 1] - g0) / (2 * off[l]);
        let r = Math.hypot(p, 1);
        if (p < 0) r = -r;
        w[l] = off[l] / (p + r);
        w[l + 1] = off[l] * (p + r);
        const dl1 = w[l + 1];
        let h = g0 - w[l];
        for (let i = l + 2; i < m; i++) w[i] -= h;
        f += h;
        // Implicit QL sweep from k up to l.
        p = w[k];
        let c = 1;
        let c2 = c;
        let c3 = c;
        const el1 = off[l + 1];
        let s = 0;
        let s2 = 0;
        for (let i = k - 1; i >= l; i--) {
          c3 = c2;
          c2 = c;
          s2 = s;
          const g = c * off[i];
          h = c * p;
          r = Math.hypot(p, off[i]);
          off[i + 1] = s * r;
          s = off[i] / r;
          c = p / r;
          p = c * w[i] - s * g;
          w[i + 1] = h + s * (c * g + s * w[i]);
          for (let row = 0; row < m; row++) {
            const base = row * m;
            const hv = vectors[base + i + 1];
            vectors[base + i + 1] = s * vectors[base + i] + c * hv;
            vectors[base + i] = c * vectors[base + i] - s * hv;
          }
        }
        p = (-s * s2 * c3 * el1 * off[l]) / dl1;
        off[l] = s * p;
        w[l] = c * p;
      } while (Math.abs(off[l]) > eps * tst1 && iterations <= 60);
    }
    w[l] += f;
    off[l] = 0;
  }

  // Sort ascending, carrying the vectors (selection sort: m is small).
  for (let i = 0; i < m - 1; i++) {
    let k = i;
    for (let j = i + 1; j < m; j++) if (w[j] < w[k]) k = j;
    if (k !== i) {
      const t = w[i];
      w[i] = w[k];
      w[k] = t;
      for (let row = 0; row < m; row++) {
        const base = row * m;
        const tv = vectors[base + i];
        vectors[base + i] = vectors[base + k];
        vectors[base + k] = tv;
      }
    }
  }
  return converged;
}
