import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { readJsonFile } from '../../src/spec/json-source.js';
import { tempDir } from '../helpers.js';

/**
 * The UV phase demo (η × target) on a small plane, 24 × 16 cells of 2000 + 128 steps, written to a
 * temporary file: a phase view the tests compute in well under a second.
 */
export function writeSmallPhaseSpec(): string {
  const raw = readJsonFile('sweeps/uv-phase-eta-target.json') as { grid: { x: object; y: object } };
  const spec = { ...raw, grid: { x: { ...raw.grid.x, points: 24 }, y: { ...raw.grid.y, points: 16 } }, transient: 2000, record: 128 };
  const file = join(tempDir(), 'uv-phase-small.json');
  writeFileSync(file, JSON.stringify(spec));
  return file;
}
