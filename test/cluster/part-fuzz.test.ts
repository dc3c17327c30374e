import { mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { CommandFailure, UsageError } from '../../src/util/user-errors.js';
import { mergeCommand } from '../../src/cli/merge-command.js';
import { sweepRaster } from '../../src/api/sweep.js';
import { decodeChunk } from '../../src/cluster/chunk-record.js';
import { clusterJob, runHeader } from '../../src/cluster/cluster-job.js';
import { Journal, readJournal } from '../../src/cluster/journal.js';
import { readPart, writePart } from '../../src/cluster/part-file.js';
import { encodeRecord, isProblem, RECORD, RecordReader } from '../../src/cluster/record-file.js';
import { partName, shardBlock } from '../../src/cluster/shard.js';
import { FileError } from '../../src/io/file-error.js';
import { OutputSet } from '../../src/io/output-set.js';
import { modelKindOf } from '../../src/models/registry.js';
import { loadSpec } from '../../src/spec/load-spec.js';
import { SpecError } from '../../src/spec/spec-error.js';
import { sweepSpecSchema } from '../../src/spec/sweep-spec.js';
import { runSweep } from '../../src/sweep/run-sweep.js';
import { tempDir } from '../helpers.js';
import { forgeHeader, forgeHeaderJson, writeSpec } from './cluster-helpers.js';

/**
 * Property-based tests of the readers of part files and journals, which take files from anywhere
 * (a cluster's shared folder): any bytes give a result or one user-facing error, never another
 * exception, nothing sized by a claimed length, and no output path outside --out.
 */
const spec = {
  name: 'f',
  model: { kind: 'logistic', parameters: { r: 3.5 } },
  sweep: { from: 2.8, to: 4, points: 24 },
  transient: 200,
  record: 64,
  period: { max: 16 },
};

let validPart: Buffer;
let validJournal: Buffer;
let work: string;

/** A part file of one shard (of 1) and the journal it came from, computed on this thread. */
beforeAll(async () => {
  work = tempDir();
  const file = writeSpec(work, spec);
  const valid = await loadSpec(file, sweepSpecSchema);
  const job = clusterJob('sweep', file, valid, { sweep: valid, raster: sweepRaster(valid) });
  const shard = { index: 0, count: 1 };
  const block = shardBlock(24, shard);
  const out = join(work, 'made');
  mkdirSync(out);
  const journal = Journal.open(out, partName('f', shard), runHeader('uvchaos-journal', job, shard, block), false, () => {});
  await runSweep(
    modelKindOf(valid.model),
    valid,
    { pool: null, workers: 1, chunkSize: 6, raster: job.raster, onComputed: (r, l) => journal.append(r, l) },
    () => {},
  );
  validJournal = readFileSync(journal.path);
  const outputs = OutputSet.open(out, partName('f', shard));
  const path = writePart(outputs, runHeader('uvchaos-part', job, shard, block), journal.done, { seconds: 1, workers: 1 });
  outputs.commit();
  journal.remove();
  validPart = readFileSync(path);
});

let fileCounter = 0;
function asFile(bytes: Uint8Array, name = 'f.part-0-of-1.uvpart'): string {
  const dir = join(work, `case-${fileCounter++}`);
  mkdirSync(dir);
  const path = join(dir, name);
  writeFileSync(path, bytes);
  return path;
}

/** The user-facing errors of the code base: anything else thrown is a bug. */
const userFacing = (err: unknown) =>
  err instanceof UsageError || err instanceof SpecError || err instanceof FileError || err instanceof CommandFailure;

/** Reads a part and decodes every chunk it lists; throws only what the readers should never throw. */
function readWholePart(path: string): void {
  const part = readPart(path);
  if ('problem' in part) {
    expect(part.problem.split('\n')).toHaveLength(1);
    return;
  }
  const reader = RecordReader.open(path);
  try {
    for (const ref of part.chunks) {
      const record = reader.read(ref.offset);
      if (record === null || isProblem(record)) throw new Error('a listed chunk does not read');
      const chunk = decodeChunk(record.payload);
      if ('problem' in chunk) continue;
      expect(chunk.result.end - chunk.result.start).toBeGreaterThan(0);
    }
  } finally {
    reader.close();
  }
}

/** Mutations of a valid file: flipped bytes, a cut, bytes spliced in. */
const mutation = (base: () => Buffer) =>
  fc.oneof(
    fc.array(fc.tuple(fc.nat(), fc.integer({ min: 1, max: 255 })), { minLength: 1, maxLength: 4 }).map((flips) => {
      const b = Buffer.from(base());
      for (const [at, bits] of flips) b[at % b.length] ^= bits;
      return b;
    }),
    fc.nat().map((cut) => base().subarray(0, cut % base().length)),
    fc.tuple(fc.nat(), fc.uint8Array({ maxLength: 64 })).map(([at, junk]) => {
      const b = base();
      const i = at % b.length;
      return Buffer.concat([b.subarray(0, i), junk, b.subarray(i)]);
    }),
  );

/** Header values a forger might try: anything JSON, and the real header with one field replaced. */
const forgedHeaderText = fc.oneof(
  fc.string(),
  fc.json(),
  fc
    .tuple(
      fc.constantFrom('format', 'formatVersion', 'name', 'points', 'shard', 'block', 'spec', 'specHash', 'command', 'version'),
      fc.jsonValue(),
    )
    .map(([key, value]) => JSON.stringify({ ...(JSON.parse(headerOf(validPart)) as object), [key]: value })),
  fc
    .tuple(fc.integer({ min: -2, max: 2 ** 40 }), fc.integer({ min: -2, max: 2 ** 40 }))
    .map(([index, count]) =>
      JSON.stringify({ ...(JSON.parse(headerOf(validPart)) as object), shard: { index, count }, points: count, block: [0, count] }),
    ),
);

function headerOf(file: Buffer): string {
  return file.subarray(12, 12 + file.readUInt32LE(8)).toString('utf8');
}

/** A chunk record's meta replaced (checksums recomputed): lengths and sizes a forger claims. */
const forgedMeta = fc.record({
  start: fc.oneof(fc.constant(0), fc.integer()),
  end: fc.oneof(fc.constant(6), fc.integer(), fc.constant(1e12)),
  dimension: fc.oneof(fc.constant(1), fc.integer({ min: -1, max: 1e9 })),
  clipped: fc.nat(),
  rasterColumnStart: fc.nat(),
  rasterWidth: fc.oneof(fc.nat(), fc.constant(1e9)),
  layout: fc.oneof(
    fc.constant(null),
    fc.record({
      points: fc.nat(),
      columns: fc.integer({ min: 1, max: 1e9 }),
      rows: fc.integer({ min: 1, max: 1e9 }),
      yMin: fc.double(),
      yMax: fc.double(),
    }),
  ),
  lengths: fc.record({
    floats: fc.oneof(fc.nat(), fc.constant(1e12)),
    ints: fc.nat(),
    raster: fc.oneof(fc.nat(), fc.constant(2 ** 31), fc.constant(1e12)),
  }),
  rasterBytes: fc.nat({ max: 4096 }),
});

function withMeta(record: Buffer, meta: unknown): Buffer {
  const payload = record.subarray(12, 12 + record.readUInt32LE(8));
  const metaLength = payload.readUInt32LE(0);
  const text = Buffer.from(JSON.stringify(meta), 'utf8');
  const head = Buffer.alloc(4);
  head.writeUInt32LE(text.length, 0);
  return encodeRecord(RECORD.chunk, Buffer.concat([head, text, payload.subarray(4 + metaLength)]));
}

/** The part's bytes with its first chunk record's meta forged, the end record's SHA-256 redone. */
function partWithMeta(meta: unknown): Buffer {
  const headerLength = 12 + validPart.readUInt32LE(8) + 8;
  const chunkLength = 12 + validPart.readUInt32LE(headerLength + 8) + 8;
  const forgedChunk = withMeta(validPart.subarray(headerLength, headerLength + chunkLength), meta);
  const spliced = Buffer.concat([validPart.subarray(0, headerLength), forgedChunk, validPart.subarray(headerLength + chunkLength)]);
  return forgeHeader(spliced, (h) => h); // recomputes the end record's hash
}

describe('part-file reader', () => {
  it('any bytes: a part or one problem line, never an exception', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 512 }), (bytes) => {
        readWholePart(asFile(bytes));
      }),
      { seed: 42, numRuns: 200 },
    );
  });

  it('mutations of a valid part (flipped bytes, cuts, splices): the same', () => {
    expect('problem' in readPart(asFile(validPart))).toBe(false);
    fc.assert(
      fc.property(
        mutation(() => validPart),
        (bytes) => {
          readWholePart(asFile(bytes));
        },
      ),
      { seed: 42, numRuns: 200 },
    );
  });

  it('forged headers with checksums recomputed: the same, and a header accepted names a safe file and its own shard', () => {
    fc.assert(
      fc.property(forgedHeaderText, (text) => {
        const path = asFile(forgeHeader(validPart, () => text));
        readWholePart(path);
        const part = readPart(path);
        if ('problem' in part) return;
        expect(part.header.name).toMatch(/^[A-Za-z0-9][A-Za-z0-9._-]{0,99}$/);
        expect(part.header.shard!.index).toBeLessThan(part.header.shard!.count);
      }),
      { seed: 42, numRuns: 200 },
    );
  });

  it('forged chunk metas claiming huge lengths: refused or decoded, memory bounded by the file', () => {
    const before = process.memoryUsage().arrayBuffers;
    let peak = 0;
    fc.assert(
      fc.property(forgedMeta, (meta) => {
        readWholePart(asFile(partWithMeta(meta)));
        peak = Math.max(peak, process.memoryUsage().arrayBuffers - before);
      }),
      { seed: 42, numRuns: 200 },
    );
    // claims reach 10¹² elements; what was allocated stays near the files' sizes (a few kB each)
    expect(peak).toBeLessThan(64 * 2 ** 20);
  });
});

describe('journal reader', () => {
  it('any bytes and mutations of a valid journal: contents (possibly with a warning) or an unreadable header, never an exception', () => {
    const valid = readJournal(asFile(validJournal, 'f.journal'));
    expect(valid.chunks).toHaveLength(4);
    expect(valid.dropped).toBeUndefined();
    fc.assert(
      fc.property(
        fc.oneof(
          fc.uint8Array({ maxLength: 512 }).map((b) => Buffer.from(b)),
          mutation(() => validJournal),
        ),
        (bytes) => {
          const found = readJournal(asFile(bytes, 'f.journal'));
          if (found.header === null) expect(found.problem).toBeTruthy();
          else {
            expect(found.end).toBeLessThanOrEqual(bytes.length);
            for (const c of found.chunks) expect(c.end).toBeGreaterThan(c.start);
            if (found.dropped)
              expect(found.dropped).toMatch(/^warning: .*f\.journal: the record at byte \d+ is damaged \(.*\); dropping it/);
          }
        },
      ),
      { seed: 42, numRuns: 300 },
    );
  });

  it('forged journal headers with checksums recomputed: never an exception', () => {
    fc.assert(
      fc.property(forgedHeaderText, (text) => {
        readJournal(
          asFile(
            forgeHeader(validJournal, () => text),
            'f.journal',
          ),
        );
      }),
      { seed: 42, numRuns: 200 },
    );
  });
});

/** Every file under `dir`, relative to it. */
function tree(dir: string): string[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((e) => !e.isDirectory())
    .map((e) => relative(dir, join(e.parentPath, e.name)))
    .sort();
}

describe('merge never writes outside --out', () => {
  const nameParts = fc.constantFrom('..', '/', '.', 'a', '\u0000', '\n', 'é', '\\', 'f', '-', '%2e', '\u202e', ' ');
  const forgedName = fc.oneof(
    { arbitrary: fc.array(nameParts, { maxLength: 8 }).map((p) => p.join('')), weight: 2 },
    {
      arbitrary: fc
        .tuple(fc.constantFrom('../', '../../', '/tmp/', 'f/../../', '..\\', './'), fc.string({ maxLength: 6 }))
        .map(([a, b]) => a + b),
      weight: 3,
    },
    { arbitrary: fc.string({ unit: 'binary', maxLength: 12 }), weight: 1 },
    { arbitrary: fc.constantFrom('../../escaped', '/tmp/escaped', 'f/../../x', '..', 'f', 'g'), weight: 2 },
  );

  it('forged names (with .., /, absolute paths, NUL, newlines, unicode): refused, or every file stays in --out', async () => {
    await fc.assert(
      // the header's name alone (its spec's name still valid), or both
      fc.asyncProperty(forgedName, fc.boolean(), async (name, specToo) => {
        const root = join(work, `merge-${fileCounter++}`);
        const parts = join(root, 'parts');
        const out = join(root, 'deep', 'out');
        mkdirSync(parts, { recursive: true });
        writeFileSync(
          join(parts, 'f.part-0-of-1.uvpart'),
          forgeHeaderJson(validPart, (h) => ({ ...h, name, spec: specToo ? { ...(h.spec as object), name } : h.spec })),
        );
        const lines: string[] = [];
        try {
          const code = await mergeCommand.run({
            positionals: [parts],
            flags: { out, quiet: true },
            log: (l) => lines.push(l),
            signal: new AbortController().signal,
          });
          expect(code).toBe(0);
        } catch (err) {
          if (!userFacing(err)) throw err;

          expect((err as Error).message.split('\n')).toHaveLength(1);
        }
        for (const file of tree(root)) {
          if (file.startsWith('parts/')) continue;
          expect(resolve(root, dirname(file))).toBe(resolve(out));
        }
      }),
      { seed: 42, numRuns: 40 },
    );
  });
});
