import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { tempDir } from '../helpers.js';

/** The logistic map written out as an expression-map sweep spec, in a fresh temp folder; returns its path. */
export function writeLogisticExpressionSpec(): string {
  const file = join(tempDir(), 'expr.json');
  writeFileSync(
    file,
    JSON.stringify({
      name: 'expr',
      model: { kind: 'expression', variables: ['x'], parameters: { r: 3.5 }, equations: { x: 'r*x*(1 - x)' }, init: { x: 0.1 } },
      sweep: { parameter: 'r', from: 2.8, to: 4, points: 100 },
    }),
  );
  return file;
}
