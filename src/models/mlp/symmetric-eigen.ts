/**
 * All eigenvalues and eigenvectors of a dense symmetric m×m matrix by the cyclic Jacobi method:
 * rotate away every off-diagonal element in turn until none is left above rounding. Slow, O(m³)
 * per sweep and about ten sweeps, but simple and accurate to a few ulp of the largest eigenvalue:
 * used for small matrices (dense Hessians of tiny networks in tests, small NTK Gram matrices).
 *
 * `a` (row-major) is not changed. Returns eigenvalues ascending and, if asked, eigenvectors as the
 * columns of an m×m row-major matrix.
 */
export function symmetricEigen(a: Float64Array, m: number, wantVectors = false): { values: Float64Array; vectors: Float64Array | null } {
  if (a.length < m * m) throw new RangeError(`symmetricEigen: ${a.length} entries for a ${m}×${m} matrix`);
  const s = Float64Array.from(a.subarray(0, m * m));
  // Symmetrise: the method only reads the upper triangle's rotations consistently on both halves.
  for (let i = 0; i < m; i++) for (let j = 0; j < i; j++) s[i * m + j] = s[j * m + i] = 0.5 * (s[i * m + j] + s[j * m + i]);
  const v = wantVectors ? new Float64Array(m * m) : null;
  if (v) for (let i = 0; i < m; i++) v[i * m + i] = 1;

  for (let sweep = 0; sweep < 100; sweep++) {
    let offNorm = 0;
    let diagNorm = 0;
    for (let i = 0; i < m; i++) {
      diagNorm += s[i * m + i] * s[i * m + i];
      for (let j = i + 1; j < m; j++) offNorm += s[i * m + j] * s[i * m + j];
    }
    if (offNorm === 0 || offNorm <= 1e-34 * diagNorm) break;
    for (let p = 0; p < m - 1; p++) {
      for (let q = p + 1; q < m; q++) {
        const apq = s[p * m + q];
        if (apq === 0) continue;
        const app = s[p * m + p];
        const aqq = s[q * m + q];
        // tan of the rotation angle, the smaller root of t² + 2θt − 1 = 0.
        const theta = (aqq - app) / (2 * apq);
        const t = (theta >= 0 ? 1 : -1) / (Math.abs(theta) + Math.sqrt(theta * theta + 1));
        const c = 1 / Math.sqrt(t * t + 1);
        const sn = t * c;
        for (let k = 0; k < m; k++) {
          const akp = s[k * m + p];
          const akq = s[k * m + q];
          s[k * m + p] = c * akp - sn * akq;
          s[k * m + q] = sn * akp + c * akq;
        }
        for (let k = 0; k < m; k++) {
          const apk = s[p * m + k];
          const aqk = s[q * m + k];
          s[p * m + k] = c * apk - sn * aqk;
          s[q * m + k] = sn * apk + c * aqk;
        }
        s[p * m + q] = 0;
        s[q * m + p] = 0;
        if (v) {
          for (let k = 0; k < m; k++) {
            const vkp = v[k * m + p];
            const vkq = v[k * m + q];
            v[k * m + p] = c * vkp - sn * vkq;
            v[k * m + q] = sn * vkp + c * vkq;
          }
        }
      }
    }
  }

  const order = Array.from({ length: m }, (_, i) => i).sort((i, j) => s[i * m + i] - s[j * m + j]);
  const values = Float64Array.from(order, (i) => s[i * m + i]);
  let vectors: Float64Array | null = null;
  if (v) {
    vectors = new Float64Array(m * m);
    for (let col = 0; col < m; col++) for (let k = 0; k < m; k++) vectors[k * m + col] = v[k * m + order[col]];
  }
  return { values, vectors };
}
