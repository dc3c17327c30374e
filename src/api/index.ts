/**
 * The one-call library functions. Each is one file here and follows one pattern, which new
 * commands (portrait, analyze, …) can copy:
 *
 *   export async function portrait(spec: PortraitSpecInput, options?: RunOptions): Promise<PortraitResult> {
 *     const opts = checkOptions<RunOptions>('portrait', options);          // unknown option → SpecError
 *     const used = await specFromObject('portrait', spec, portraitSpecSchema); // the CLI's schema and messages
 *     … runOnOwnPool('portrait', kind, sweepSpec, { ...opts, raster: null }, onChunk) … // own pool, always closed
 *     return { spec: used, columns, rows, … };                               // decoded, named like the CSV
 *   }
 *
 * The CLI command and the function share the decoding (a row/cell function beside the engine),
 * so the CSV and the library's rows cannot drift apart. Export it below and from src/index.ts,
 * put any figure in render.ts ("uvchaos/render"), and add a runnable example to the README's
 * "Use as a library" section: test/api/package.test.ts type-checks and runs every example there
 * against the packed tarball.
 */
export { trajectory, type TrajectoryResult, type TrajectorySpecInput } from './trajectory.js';
export {
  sweep,
  sweepRows,
  type SweepFractions,
  type SweepResult,
  type SweepRow,
  type SweepRowStream,
  type SweepRaster,
  type SweepSpecInput,
} from './sweep.js';
export type { PointAttractor } from '../sweep/fractions-collector.js';
export { cascade, type CascadeResult, type CascadeRow } from './cascade.js';
export { phase, type PhaseResult, type PhaseRow, type PhaseSpecInput } from './phase.js';
export type { RunOptions } from './options.js';
