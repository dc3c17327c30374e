/** Small dense row-major k×k matrix helpers for tangent maps. */

/** out ← a · b (out must not alias a or b). */
export function multiplyInto(a: Float64Array, b: Float64Array, out: Float64Array, k: number): void {
  for (let i = 0; i < k; i++) {
    for (let j = 0; j < k; j++) {
      let s = 0;
      for (let m = 0; m < k; m++) s += a[i * k + m] * b[m * k + j];
      out[i * k + j] = s;
    }
  }
}

/** Writes the k×k identity into m. */
export function setIdentity(m: Float64Array, k: number): void {
  m.fill(0);
  for (let i = 0; i < k; i++) m[i * k + i] = 1;
}
