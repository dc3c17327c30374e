import { createHash } from 'node:crypto';
import { basename } from 'node:path';
import type { OutputSet } from '../io/output-set.js';
import { chunkSummary } from './chunk-record.js';
import type { RunHeader } from './cluster-job.js';
import type { StoredChunkRef } from './journal.js';
import { encodeJsonRecord, isProblem, RECORD, RecordReader } from './record-file.js';
import { PART_EXTENSION, shardBlock } from './shard.js';
import { parseStoredJson, partEndSchema, runHeaderSchema } from './stored-json.js';

/**
 * A part file, `<name>.part-K-of-N.uvpart`: the records of record-file.ts,
 *
 *     header (JSON: format "uvchaos-part", tool version, command, spec hash, the spec's JSON, shard,
 *             grid block [from, to))
 *     chunk records, sorted by grid index, tiling the block (chunk-record.ts)
 *     end (JSON: chunks, points, clipped samples, compute seconds, workers, and the SHA-256 of
 *          every byte before the end record)
 *
 * The end record is what makes a part complete: a file without it was cut short.
 */
export interface PartEnd {
  chunks: number;
  points: number;
  clipped: number;
  computeSeconds: number;
  workers: number;
  sha256: string;
}

export interface PartContents {
  file: string;
  header: RunHeader;
  end: PartEnd;
  /** chunk records, sorted by start, tiling header.block */
  chunks: StoredChunkRef[];
}

/** Writes the part file of a shard into `outputs` from the stored chunks of its journal (complete, verified). */
export function writePart(
  outputs: OutputSet,
  header: RunHeader,
  stored: readonly StoredChunkRef[],
  compute: { seconds: number; workers: number },
): string {
  const file = outputs.file(PART_EXTENSION);
  const hash = createHash('sha256');
  const put = (bytes: Buffer) => {
    hash.update(bytes);
    file.write(bytes);
  };
  put(encodeJsonRecord(RECORD.header, header));
  const sorted = [...stored].sort((a, b) => a.start - b.start);
  const readers = new Map<string, RecordReader>();
  let points = 0;
  let clipped = 0;
  try {
    for (const ref of sorted) {
      let reader = readers.get(ref.file);
      if (!reader) readers.set(ref.file, (reader = RecordReader.open(ref.file)));
      const record = reader.read(ref.offset);
      if (record === null || isProblem(record)) throw new Error(`internal: ${ref.file} changed under the run`);
      const summary = chunkSummary(record.payload);
      if ('problem' in summary) throw new Error(`internal: ${ref.file}: a chunk record checked before ${summary.problem}`);
      points += summary.end - summary.start;
      clipped += summary.clipped;
      put(reader.bytes(ref.offset, ref.length)); // verbatim: the record's checksum stays valid
    }
  } finally {
    for (const reader of readers.values()) reader.close();
  }
  const end: PartEnd = {
    chunks: sorted.length,
    points,
    clipped,
    computeSeconds: compute.seconds,
    workers: compute.workers,
    sha256: hash.digest('hex'),
  };
  file.write(encodeJsonRecord(RECORD.end, end));
  return outputs.path(PART_EXTENSION);
}

/** Reads and verifies a whole part file: its contents, or the one problem that makes it unusable. */
export function readPart(path: string): PartContents | { file: string; problem: string } {
  const name = basename(path);
  let reader: RecordReader;
  try {
    reader = RecordReader.open(path);
  } catch (err) {
    return { file: path, problem: `${name}: ${err instanceof Error ? err.message.replace(`${path}: `, '') : String(err)}` };
  }
  const fail = (problem: string) => ({ file: path, problem: `${name}: ${problem}` });
  try {
    const hash = createHash('sha256');
    const first = reader.read(0);
    if (first === null) return fail('truncated (empty file)');
    if (isProblem(first))
      return fail(`${first.kind === 'truncated' ? 'truncated' : 'not a uvchaos part file, or corrupted'} (${first.detail})`);
    if (first.type !== RECORD.header) return fail('not a uvchaos part file');
    const parsed = parseStoredJson(first.payload, runHeaderSchema, 'header');
    if ('problem' in parsed) return fail(`corrupted (${parsed.problem})`);
    const header: RunHeader = parsed.value;
    if (header.format !== 'uvchaos-part') return fail(`not a uvchaos part file (it is a ${header.format.replace('-', ' ')})`);
    if (!header.shard) return fail("corrupted (its header's shard: missing; expected an object)");
    const expected = shardBlock(header.points, header.shard);
    if (header.block[0] !== expected[0] || header.block[1] !== expected[1]) {
      return fail(
        `corrupted (its header's block [${header.block.join(', ')}) is not shard ${header.shard.index} of ${header.shard.count} of ${header.points} points, [${expected.join(', ')}))`,
      );
    }
    const specName = (header.spec as { name?: unknown } | null)?.name;
    if (specName !== header.name)
      return fail(
        `corrupted (its header names ${JSON.stringify(header.name)}, its spec ${typeof specName === 'string' ? JSON.stringify(specName) : 'no name'})`,
      );
    hash.update(reader.bytes(0, first.length));
    const chunks: StoredChunkRef[] = [];
    let offset = first.length;
    let at = header.block[0];
    for (;;) {
      const record = reader.read(offset);
      if (record === null) return fail(`truncated (no end record after ${chunks.length} chunks)`);
      if (isProblem(record)) return fail(`${record.kind} (${record.detail})`);
      if (record.type === RECORD.end) {
        const parsedEnd = parseStoredJson(record.payload, partEndSchema, 'end record');
        if ('problem' in parsedEnd) return fail(`corrupted (${parsedEnd.problem})`);
        const end: PartEnd = parsedEnd.value;
        if (end.sha256 !== hash.digest('hex')) return fail("corrupted (the end record's SHA-256 does not match the records before it)");
        if (end.chunks !== chunks.length) return fail(`corrupted (end record counts ${end.chunks} chunks, found ${chunks.length})`);
        if (at !== header.block[1]) return fail(`corrupted (chunks stop at grid point ${at}, the block ends at ${header.block[1]})`);
        if (end.points !== header.block[1] - header.block[0])
          return fail(`corrupted (end record counts ${end.points} points, the block has ${header.block[1] - header.block[0]})`);
        if (offset + record.length !== reader.size)
          return fail(`corrupted (${reader.size - offset - record.length} bytes after the end record)`);
        return { file: path, header, end, chunks };
      }
      if (record.type !== RECORD.chunk) return fail(`corrupted (unknown record type ${record.type} at byte ${offset})`);
      const summary = chunkSummary(record.payload);
      if ('problem' in summary) return fail(`corrupted (the chunk record at byte ${offset}: ${summary.problem})`);
      const { start, end } = summary;
      if (start !== at) return fail(`corrupted (a chunk starts at grid point ${start}, expected ${at})`);
      if (end > header.block[1]) return fail(`corrupted (a chunk ends at grid point ${end}, past the block's end ${header.block[1]})`);
      at = end;
      chunks.push({ file: path, offset, length: record.length, start, end });
      hash.update(reader.bytes(offset, record.length));
      offset += record.length;
    }
  } finally {
    reader.close();
  }
}

/** Just the header of a part file (null if it has none readable): enough to tell whose part it is. */
export function readPartHeader(path: string): RunHeader | null {
  try {
    const reader = RecordReader.open(path);
    try {
      const first = reader.read(0);
      if (!first || isProblem(first) || first.type !== RECORD.header) return null;
      const parsed = parseStoredJson(first.payload, runHeaderSchema, 'header');
      return 'problem' in parsed ? null : parsed.value;
    } finally {
      reader.close();
    }
  } catch {
    return null;
  }
}
