/**
 * mathjs, loaded only when an expression map needs it: importing it costs over a second, which
 * every UV, logistic and Hénon run (and every worker thread) would otherwise pay at start-up.
 */
type MathJs = typeof import('mathjs');

let instance: MathJs | null = null;

export async function loadMathjs(): Promise<MathJs> {
  instance ??= await import('mathjs');
  return instance;
}

/** The loaded instance; loadMathjs() must have completed on this thread. */
export function mathjs(): MathJs {
  if (!instance) throw new Error('internal: mathjs is used before loadMathjs() completed on this thread');
  return instance;
}

/** True if a parsed spec (before validation) names an expression map. */
export function needsMathjs(raw: unknown): boolean {
  const model = (raw as { model?: { kind?: unknown } } | null)?.model;
  return typeof model === 'object' && model !== null && model.kind === 'expression';
}
