import type { Piscina } from 'piscina';
import { describe, expect, it } from 'vitest';
import { DESCRIPTION_MAX_CHARS } from '../../src/spec/spec-header.js';
import { sweepSpecSchema } from '../../src/spec/sweep-spec.js';
import type { ChunkResult, ChunkTask } from '../../src/sweep/chunk.js';
import { computeChunk } from '../../src/api/engine-by-kind.js';
import { runSweep } from '../../src/api/engine-by-kind.js';

const model = { kind: 'uv', width: 100, inputDim: 1, target: 10, init: { f0: 0, ntk0: 0.2 } };

describe('what a sweep sends its workers', () => {
  it('no prose: the title and the description stay on the main thread', async () => {
    const description = 'x'.repeat(DESCRIPTION_MAX_CHARS);
    const spec = sweepSpecSchema.parse({
      name: 't',
      title: 'A title',
      description,
      model,
      sweep: { from: 0.9, to: 1.5, points: 50 },
      transient: 200,
      record: 256,
    });
    const sent: ChunkTask[] = [];
    // a pool that computes on this thread and keeps every task message it is handed
    const pool = { run: async (task: ChunkTask) => (sent.push(task), computeChunk(task)) } as unknown as Piscina;
    const chunks: ChunkResult[] = [];
    await runSweep(spec, { pool, workers: 2, raster: { columns: 50, rows: 40 } }, (c) => chunks.push(c));
    expect(sent.length).toBeGreaterThan(2); // the pilot's tasks and the sweep's
    for (const task of sent) {
      expect(task.spec.description).toBeUndefined();
      expect(task.spec.title).toBeUndefined();
      expect(JSON.stringify(task.spec).length).toBeLessThan(2000);
    }
    expect(chunks.reduce((n, c) => n + c.end - c.start, 0)).toBe(50);
  });

  it('a description longer than the cap is refused by the schema', () => {
    const spec = { name: 't', model, sweep: { from: 0.9, to: 1.5, points: 50 }, description: 'x'.repeat(DESCRIPTION_MAX_CHARS + 1) };
    const result = sweepSpecSchema.safeParse(spec);
    expect(result.success).toBe(false);
    expect(result.error?.issues[0].path).toEqual(['description']);
  });
});
