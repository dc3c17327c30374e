/**
 * Register allocation for a straight-line program of (op, dst, a, b) quadruples whose temporaries
 * are numbered −1, −2, … and each written once (registers ≥ 0 are inputs and constants).
 *
 * Drops instructions whose value no output needs, then gives each temporary a slot that is free
 * again once its last reader has run, so a program keeps about as many temporaries as values are
 * alive at once rather than one per instruction: each becomes a WebAssembly local, and V8 accepts
 * at most 50 000 per function. A result may take the slot of an operand read for the last time by
 * the same instruction: run() and the WebAssembly body read both operands before writing.
 *
 * Returns the code with slots numbered −1, −2, …, the outputs renamed alike, and the slot count.
 */
export function placeTemporaries(
  code: readonly number[],
  outputs: readonly number[],
): { code: number[]; outputs: number[]; slots: number } {
  const count = code.length / 4;
  // Temporary −1 − t is index t below; every instruction defines one, so there are `count`.
  const index = (r: number) => -1 - r;
  const needed = new Uint8Array(count);
  for (const r of outputs) if (r < 0) needed[index(r)] = 1;
  // Backwards: an instruction is kept if an output or a kept instruction reads its result.
  const kept = new Uint8Array(count);
  for (let i = count - 1; i >= 0; i--) {
    if (!needed[index(code[4 * i + 1])]) continue;
    kept[i] = 1;
    const a = code[4 * i + 2];
    const b = code[4 * i + 3];
    if (a < 0) needed[index(a)] = 1;
    if (b < 0) needed[index(b)] = 1;
  }
  const outputIndex = count; // a last read after every instruction
  const lastRead = new Int32Array(count).fill(-1);
  for (let i = 0; i < count; i++) {
    if (!kept[i]) continue;
    const a = code[4 * i + 2];
    const b = code[4 * i + 3];
    if (a < 0) lastRead[index(a)] = i;
    if (b < 0) lastRead[index(b)] = i;
  }
  for (const r of outputs) if (r < 0) lastRead[index(r)] = outputIndex;

  const slotOf = new Int32Array(count);
  const rename = (r: number) => (r < 0 ? -1 - slotOf[index(r)] : r);
  const free: number[] = [];
  let slots = 0;
  const placed: number[] = [];
  for (let i = 0; i < count; i++) {
    if (!kept[i]) continue;
    const a = code[4 * i + 2];
    const b = code[4 * i + 3];
    const renamedA = rename(a);
    const renamedB = rename(b);
    if (a < 0 && lastRead[index(a)] === i) free.push(slotOf[index(a)]);
    if (b < 0 && b !== a && lastRead[index(b)] === i) free.push(slotOf[index(b)]);
    const slot = free.pop() ?? slots++;
    slotOf[index(code[4 * i + 1])] = slot;
    placed.push(code[4 * i], -1 - slot, renamedA, renamedB);
  }
  return { code: placed, outputs: outputs.map(rename), slots };
}
