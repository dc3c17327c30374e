import { deflateSync, inflateSync } from 'node:zlib';
import { z } from 'zod';
import { SWEEP_LIMITS } from '../spec/sweep-spec.js';
import { floatLayout, INT_FIELDS } from '../sweep/chunk.js';
import type { ChunkResult } from '../sweep/chunk.js';
import type { RasterLayout } from '../sweep/raster.js';

/**
 * One computed chunk as stored in a journal or a part file (the payload of a chunk record):
 *
 *     meta length (u32 LE) | meta (UTF-8 JSON) | zero padding to 8 | arrays, each padded to 8 | deflate(raster band)
 *
 * meta = {start, end, dimension, exponents, extras, clipped, rasterColumnStart, rasterWidth,
 * layout (the raster's {points, columns, rows, yMin, yMax}, or null), lengths, rasterBytes}; the
 * arrays follow in the order of `lengths` (element counts): floats (f64), ints (i32), and when
 * present series (f64, mlp samples), earlyRatio (f64, phase diagrams) and lossStats (f64, phase
 * diagrams classified by outcome), all little-endian; then
 * the raster band (u32 counts, `lengths.raster` of them) compressed with zlib's deflate (RFC 1950)
 * into `rasterBytes` bytes: it is mostly zeros. (Deflating the per-point floats too was measured
 * 8× slower per chunk for little gain: they are near-random bits.)
 * Everything a grid point contributes to the tables, the windows and the figures is in it, so
 * outputs rebuilt from these records are the ones the run would have written.
 */
interface ChunkMeta {
  start: number;
  end: number;
  dimension: number;
  exponents?: number;
  extras?: number;
  clipped: number;
  rasterColumnStart: number;
  rasterWidth: number;
  layout: RasterLayout | null;
  lengths: { floats: number; ints: number; raster: number; series?: number; earlyRatio?: number; lossStats?: number };
  rasterBytes: number;
}

const ARRAYS = [
  ['floats', Float64Array],
  ['ints', Int32Array],
  ['series', Float64Array],
  ['earlyRatio', Float64Array],
  ['lossStats', Float64Array],
] as const;

const pad8 = (n: number) => (8 - (n % 8)) % 8;

export function encodeChunk(result: ChunkResult, layout: RasterLayout | null): Buffer {
  const lengths: ChunkMeta['lengths'] = { floats: result.floats.length, ints: result.ints.length, raster: result.raster.length };
  if (result.series) lengths.series = result.series.length;
  if (result.earlyRatio) lengths.earlyRatio = result.earlyRatio.length;
  if (result.lossStats) lengths.lossStats = result.lossStats.length;
  const raster = result.raster;
  const packed = deflateSync(Buffer.from(raster.buffer, raster.byteOffset, raster.byteLength), { level: 1 });
  const meta: ChunkMeta = {
    start: result.start,
    end: result.end,
    dimension: result.dimension,
    exponents: result.exponents,
    extras: result.extras,
    clipped: result.clipped,
    rasterColumnStart: result.rasterColumnStart,
    rasterWidth: result.rasterWidth,
    layout,
    lengths,
    rasterBytes: packed.length,
  };
  const metaBytes = Buffer.from(JSON.stringify(meta), 'utf8');
  const head = Buffer.alloc(4);
  head.writeUInt32LE(metaBytes.length, 0);
  const parts: Buffer[] = [head, metaBytes, Buffer.alloc(pad8(4 + metaBytes.length))];
  for (const [key] of ARRAYS) {
    const array = result[key];
    if (!array) continue;
    const bytes = Buffer.from(array.buffer, array.byteOffset, array.byteLength);
    parts.push(bytes, Buffer.alloc(pad8(bytes.length)));
  }
  parts.push(packed);
  return Buffer.concat(parts);
}

export interface StoredChunk {
  result: ChunkResult;
  layout: RasterLayout | null;
}

/** Deflate's largest expansion (RFC 1951: at most 1032 bytes out per byte in), with room for the stream's frame. */
const inflatedBound = (deflated: number) => 1032 * deflated + 1024;

const count = z.number().int().min(0);
const metaSchema = z.object({
  start: z.number().int().min(0).max(SWEEP_LIMITS.points),
  end: z.number().int().min(0).max(SWEEP_LIMITS.points),
  dimension: z.number().int().min(1).max(1_000_000),
  exponents: z.number().int().min(0).max(1_000_000).optional(),
  extras: z.number().int().min(0).max(1_000_000).optional(),
  clipped: count,
  rasterColumnStart: count,
  rasterWidth: count,
  layout: z
    .object({ points: count, columns: z.number().int().min(1), rows: z.number().int().min(1), yMin: z.number(), yMax: z.number() })
    .nullable(),
  lengths: z.object({
    floats: count,
    ints: count,
    raster: count,
    series: count.optional(),
    earlyRatio: count.optional(),
    lossStats: count.optional(),
  }),
  rasterBytes: count,
});

/**
 * The meta of a chunk record, checked against the record: a checksum proves the bytes are the
 * ones written, not that uvchaos wrote them, so every length is held to the grid range and to the
 * payload's own size before it sizes an array (a forged length cannot allocate more than the
 * file holds, or deflate's bound of it for the raster band).
 */
function readMeta(payload: Buffer): ChunkMeta | { problem: string } {
  const bad = (what: string) => ({ problem: `its chunk meta ${what}` });
  if (payload.length < 4) return bad('is missing');
  const metaLength = payload.readUInt32LE(0);
  if (4 + metaLength > payload.length) return bad(`claims ${metaLength} bytes, the record has ${payload.length}`);
  let raw: unknown;
  try {
    raw = JSON.parse(payload.toString('utf8', 4, 4 + metaLength));
  } catch {
    return bad('is not JSON');
  }
  const parsed = metaSchema.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    return bad(`field ${issue.path.join('.') || '(top level)'}: ${issue.message}`);
  }
  const meta = parsed.data as ChunkMeta;
  const n = meta.end - meta.start;
  if (n <= 0) return bad(`covers [${meta.start}, ${meta.end}), an empty range`);
  const { lengths } = meta;
  const floats = n * floatLayout(meta.dimension, meta.exponents, meta.extras).count;
  if (lengths.floats !== floats) return bad(`counts ${lengths.floats} floats, its ${n} points have ${floats}`);
  if (lengths.ints !== n * INT_FIELDS.length) return bad(`counts ${lengths.ints} integers, its ${n} points have ${n * INT_FIELDS.length}`);
  if (lengths.series !== undefined && lengths.series % n !== 0)
    return bad(`counts ${lengths.series} samples, not a multiple of its ${n} points`);
  if (lengths.earlyRatio !== undefined && lengths.earlyRatio !== n)
    return bad(`counts ${lengths.earlyRatio} early ratios, it has ${n} points`);
  if (lengths.lossStats !== undefined && lengths.lossStats !== 3 * n)
    return bad(`counts ${lengths.lossStats} loss statistics, its ${n} points have ${3 * n}`);
  if (meta.layout) {
    const { columns, rows } = meta.layout;
    if (meta.rasterColumnStart + meta.rasterWidth > columns)
      return bad(`puts its raster band at columns [${meta.rasterColumnStart}, ${meta.rasterColumnStart + meta.rasterWidth}) of ${columns}`);
    if (lengths.raster !== meta.rasterWidth * rows)
      return bad(`counts ${lengths.raster} raster cells, its band of ${meta.rasterWidth} × ${rows} has ${meta.rasterWidth * rows}`);
  }
  let size = 4 + metaLength + pad8(4 + metaLength);
  for (const [key, Type] of ARRAYS) {
    const bytes = (lengths[key] ?? 0) * Type.BYTES_PER_ELEMENT;
    size += bytes + pad8(bytes);
  }
  if (size + meta.rasterBytes !== payload.length)
    return bad(`adds up to ${size + meta.rasterBytes} bytes, the record has ${payload.length}`);
  if (lengths.raster * 4 > inflatedBound(meta.rasterBytes))
    return bad(`claims ${lengths.raster} raster cells from ${meta.rasterBytes} deflated bytes`);
  return meta;
}

/** Decodes a chunk record's payload, or says why it cannot be one. */
export function decodeChunk(payload: Buffer): StoredChunk | { problem: string } {
  const meta = readMeta(payload);
  if ('problem' in meta) return meta;
  let offset = 4 + payload.readUInt32LE(0);
  offset += pad8(offset);
  const arrays: Record<string, Float64Array | Int32Array | Uint32Array> = {};
  for (const [key, Type] of ARRAYS) {
    const count = meta.lengths[key];
    if (count === undefined) continue;
    const bytes = count * Type.BYTES_PER_ELEMENT;
    // a copy: typed arrays need aligned, owned memory
    const copy = new Uint8Array(bytes);
    copy.set(payload.subarray(offset, offset + bytes));
    arrays[key] = new Type(copy.buffer);
    offset += bytes + pad8(bytes);
  }
  const raster = new Uint32Array(meta.lengths.raster);
  let band: Buffer;
  try {
    // never more than the band should hold: a forged stream cannot inflate past it
    band = inflateSync(payload.subarray(offset, offset + meta.rasterBytes), { maxOutputLength: Math.max(1, raster.byteLength) });
  } catch (err) {
    return { problem: `its raster band does not inflate (${err instanceof Error ? err.message : String(err)})` };
  }
  if (band.length !== raster.byteLength)
    return { problem: `its raster band inflates to ${band.length} bytes, expected ${raster.byteLength}` };
  new Uint8Array(raster.buffer).set(band);
  const result: ChunkResult = {
    start: meta.start,
    end: meta.end,
    dimension: meta.dimension,
    exponents: meta.exponents,
    extras: meta.extras,
    floats: arrays.floats as Float64Array,
    ints: arrays.ints as Int32Array,
    rasterColumnStart: meta.rasterColumnStart,
    rasterWidth: meta.rasterWidth,
    raster,
    clipped: meta.clipped,
  };
  if (arrays.series) result.series = arrays.series as Float64Array;
  if (arrays.earlyRatio) result.earlyRatio = arrays.earlyRatio as Float64Array;
  if (arrays.lossStats) result.lossStats = arrays.lossStats as Float64Array;
  return { result, layout: meta.layout };
}

/** A chunk record's grid range and clipped count (its meta checked, its arrays not decoded). */
export function chunkSummary(payload: Buffer): { start: number; end: number; clipped: number } | { problem: string } {
  const meta = readMeta(payload);
  if ('problem' in meta) return meta;
  return { start: meta.start, end: meta.end, clipped: meta.clipped };
}
