/**
 * Bounds on a user's equations, so that checking, differentiating and compiling any accepted map
 * takes a bounded time, stack and size. Each is named in the error that enforces it. The tree's
 * depth needs no bound of its own: every pass after mathjs's parser walks the tree without
 * recursion, and the parser's own stack overflow is caught and reported as a user error.
 */
export const EXPRESSION_LIMITS = {
  /** parameters of one map: they take registers, and the compiler keys instructions by register */
  parameters: 256,
  /** characters of one equation, checked before parsing */
  equationLength: 2000,
  /**
   * brackets open at once, checked before parsing: mathjs parses each level through about twenty
   * nested calls and overflowed the stack at about 250 levels
   */
  bracketNesting: 64,
  /**
   * instructions of the step or the Jacobian program of one map: keeps the compiled WebAssembly
   * function (about 15 bytes per instruction) well under V8's limit of 7.6 MB per function body
   */
  programInstructions: 200_000,
  /** temporaries alive at once in one program: each is a WebAssembly local, and V8 allows 50 000 */
  programTemporaries: 20_000,
} as const;
