/**
 * Bounds on the programs compiled from a user's equations, so that compiling any accepted map
 * takes a bounded time and size. Each is named in the error that enforces it.
 */
export const EXPRESSION_LIMITS = {
  /**
   * instructions of the step or the Jacobian program of one map: keeps the compiled WebAssembly
   * function (about 15 bytes per instruction) well under V8's limit of 7.6 MB per function body
   */
  programInstructions: 200_000,
  /** temporaries alive at once in one program: each is a WebAssembly local, and V8 allows 50 000 */
  programTemporaries: 20_000,
} as const;
