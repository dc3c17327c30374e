import { modelKindOf } from '../../src/models/registry.js';
import { describe, expect, it } from 'vitest';
import {
  attractorChunkColumns,
  attractorColumns,
  attractorRow,
  AttractorTableWriter,
  formatChunkText,
} from '../../src/io/attractor-table.js';
import type { AtomicFile } from '../../src/io/atomic-file.js';
import { sweepSpecSchema } from '../../src/spec/sweep-spec.js';
import { computeChunk } from '../../src/sweep/compute-chunk.js';
import type { ChunkResult } from '../../src/sweep/chunk.js';

/** An in-memory stand-in for the output file: collects what the writer writes. */
function sink(): { file: AtomicFile; text: () => string } {
  const parts: Buffer[] = [];
  const file = { write: (chunk: string | Uint8Array) => parts.push(Buffer.from(chunk as never)) } as unknown as AtomicFile;
  return { file, text: () => Buffer.concat(parts).toString('utf8') };
}

const specs = {
  uv: { model: { kind: 'uv', width: 100, inputDim: 1, target: 10, init: { f0: 0, ntk0: 0.2 } }, sweep: { from: 0.9, to: 2.1, points: 90 } },
  henon: { model: { kind: 'henon' }, sweep: { parameter: 'a', from: 0.2, to: 1.6, points: 60 } },
};

describe('rows formatted in the worker', () => {
  for (const [kind, fields] of Object.entries(specs)) {
    it(`${kind}: the same CSV, JSON, windows and figure arrays as rows formatted on the main thread`, () => {
      const spec = sweepSpecSchema.parse({ name: 't', transient: 2000, record: 256, ...fields });
      const kindOf = modelKindOf(spec.model);
      // three chunks, so the JSON separators between chunks are exercised
      const chunks: ChunkResult[] = [
        [0, 25],
        [25, 26],
        [26, spec.sweep.points],
      ].map(([start, end]) => computeChunk(kindOf.compute, { spec, start, end, raster: null }));
      const meta = { tool: 'uvchaos', version: 'test' };
      const [csvA, jsonA, csvB, jsonB] = [sink(), sink(), sink(), sink()];
      const main = new AttractorTableWriter(kindOf.info, spec, csvA.file, jsonA.file, meta);
      const worker = new AttractorTableWriter(kindOf.info, spec, csvB.file, jsonB.file, meta);
      for (const chunk of chunks) {
        main.writeChunk({ ...chunk, text: undefined });
        worker.writeChunk({ ...chunk, text: formatChunkText(kindOf.info, spec, chunk) });
      }
      main.finish({});
      worker.finish({});
      expect(csvB.text()).toBe(csvA.text());
      expect(jsonB.text()).toBe(jsonA.text());
      expect(JSON.parse(jsonB.text()).rows).toHaveLength(spec.sweep.points); // well-formed, every row once
      expect(worker.windowsCsv()).toBe(main.windowsCsv());
      expect(worker.regimeCounts).toEqual(main.regimeCounts);
      expect(Array.from(worker.lyapMax)).toEqual(Array.from(main.lyapMax));
      expect(Array.from(worker.periods)).toEqual(Array.from(main.periods));
      expect(Array.from(worker.diverged)).toEqual(Array.from(main.diverged));
      // the grid reaches chaos, cycles and divergence, so every regime path is compared
      expect(main.regimeCounts.chaotic + main.regimeCounts.periodic).toBeGreaterThan(0);
    });
  }
});

describe('a chunk read as columns (the Parquet path)', () => {
  const withMlp = {
    ...specs,
    mlp: {
      model: { kind: 'mlp', layers: [8], activation: 'tanh', data: { dataset: 'digits', classes: [0, 1], examples: 16 } },
      sweep: { parameter: 'eta', from: 0.5, to: 6, points: 5 },
      period: { max: 8, tol: 1e-4 },
    },
  };
  for (const [kind, fields] of Object.entries(withMlp)) {
    it(`${kind}: every cell is attractorRow's, bit for bit (NaN where the row has an empty cell)`, () => {
      const spec = sweepSpecSchema.parse({
        name: 't',
        transient: kind === 'mlp' ? 60 : 2000,
        record: kind === 'mlp' ? 32 : 256,
        ...fields,
      });
      const kindOf = modelKindOf(spec.model);
      const chunk = computeChunk(kindOf.compute, { spec, start: 1, end: spec.sweep.points, raster: null });
      const columns = attractorChunkColumns(spec, chunk);
      expect(columns).toHaveLength(attractorColumns(kindOf.info, spec).length);
      for (let i = 0; i < chunk.end - chunk.start; i++) {
        const row = attractorRow(spec, chunk, chunk.start + i);
        const cells = columns.map((column) => column[i]);
        // null in the row: a non-finite number (or null) in the column; anything else identical (Object.is tells −0 from 0)
        row.forEach((cell, c) => {
          if (cell === null)
            expect(
              cells[c] === null || (typeof cells[c] === 'number' && !Number.isFinite(cells[c] as number)),
              `${attractorColumns(kindOf.info, spec)[c]} at ${i}`,
            ).toBe(true);
          else
            expect(
              Object.is(cells[c], cell),
              `${attractorColumns(kindOf.info, spec)[c]} at ${i}: ${String(cells[c])} vs ${String(cell)}`,
            ).toBe(true);
        });
      }
    });
  }
});
