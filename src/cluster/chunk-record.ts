import { deflateSync, inflateSync } from 'node:zlib';
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
 * present series (f64, mlp samples) and earlyRatio (f64, phase diagrams), all little-endian; then
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
  lengths: { floats: number; ints: number; raster: number; series?: number; earlyRatio?: number };
  rasterBytes: number;
}

const ARRAYS = [
  ['floats', Float64Array],
  ['ints', Int32Array],
  ['series', Float64Array],
  ['earlyRatio', Float64Array],
] as const;

const pad8 = (n: number) => (8 - (n % 8)) % 8;

export function encodeChunk(result: ChunkResult, layout: RasterLayout | null): Buffer {
  const lengths: ChunkMeta['lengths'] = { floats: result.floats.length, ints: result.ints.length, raster: result.raster.length };
  if (result.series) lengths.series = result.series.length;
  if (result.earlyRatio) lengths.earlyRatio = result.earlyRatio.length;
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

/** Decodes a chunk record's payload (its checksum was verified when it was read). */
export function decodeChunk(payload: Buffer): StoredChunk {
  const metaLength = payload.readUInt32LE(0);
  const meta = JSON.parse(payload.toString('utf8', 4, 4 + metaLength)) as ChunkMeta;
  let offset = 4 + metaLength + pad8(4 + metaLength);
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
  const band = inflateSync(payload.subarray(offset, offset + meta.rasterBytes));
  const raster = new Uint32Array(meta.lengths.raster);
  new Uint8Array(raster.buffer).set(band.subarray(0, raster.byteLength));
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
  return { result, layout: meta.layout };
}

/** A chunk record's grid range and clipped count, without decoding its arrays. */
export function chunkSummary(payload: Buffer): { start: number; end: number; clipped: number } {
  const metaLength = payload.readUInt32LE(0);
  const meta = JSON.parse(payload.toString('utf8', 4, 4 + metaLength)) as ChunkMeta;
  return { start: meta.start, end: meta.end, clipped: meta.clipped };
}
