import { createHash } from 'node:crypto';
import { closeSync, fstatSync, openSync, readSync } from 'node:fs';
import { onFile } from '../io/file-error.js';

/**
 * The framing shared by journals and part files: a file is a sequence of records,
 *
 *     "UVCR" | type (u8) | 3 zero bytes | payload length (u32 LE) | payload | checksum (8 bytes)
 *
 * where the checksum is the first 8 bytes of SHA-256 over the 12-byte frame head and the payload.
 * A record is written with one write call and never changed, so a file cut anywhere (kill -9, a
 * full disk, a partial copy) reads as its complete records followed by a torn one, and a flipped
 * bit anywhere fails that record's checksum.
 */
export const RECORD = { header: 1, chunk: 2, end: 3 } as const;
export type RecordType = (typeof RECORD)[keyof typeof RECORD];

const MAGIC = Buffer.from('UVCR', 'latin1');
const HEAD = 12;
const SUM = 8;
/** no record is larger: a chunk of 2048 points with its raster band is a few MB */
const MAX_PAYLOAD = 1 << 30;

function checksum(head: Uint8Array, payload: Uint8Array): Buffer {
  return createHash('sha256').update(head).update(payload).digest().subarray(0, SUM);
}

/** One framed record, ready to append. */
export function encodeRecord(type: RecordType, payload: Uint8Array): Buffer {
  const head = Buffer.alloc(HEAD);
  MAGIC.copy(head, 0);
  head[4] = type;
  head.writeUInt32LE(payload.length, 8);
  return Buffer.concat([head, payload, checksum(head, payload)]);
}

/** A JSON record (headers and end records are small JSON objects). */
export function encodeJsonRecord(type: RecordType, value: unknown): Buffer {
  return encodeRecord(type, Buffer.from(JSON.stringify(value), 'utf8'));
}

export interface RecordAt {
  type: number;
  payload: Buffer;
  offset: number;
  /** bytes of the whole record, frame included */
  length: number;
}

/** Why the records stop before the end of a file. */
export interface RecordProblem {
  kind: 'truncated' | 'corrupted';
  offset: number;
  detail: string;
}

/** Reads records one after another from an open file; the first problem ends the scan. */
export class RecordReader {
  readonly size: number;

  constructor(
    readonly path: string,
    private readonly fd: number,
  ) {
    this.size = fstatSync(fd).size;
  }

  static open(path: string): RecordReader {
    return new RecordReader(
      path,
      onFile(path, 'read', () => openSync(path, 'r')),
    );
  }

  close(): void {
    closeSync(this.fd);
  }

  /** The record at `offset`, or the reason there is none (offset at the end: null). */
  read(offset: number): RecordAt | RecordProblem | null {
    if (offset >= this.size) return null;
    if (this.size - offset < HEAD + SUM) return { kind: 'truncated', offset, detail: `ends ${this.size - offset} bytes into a record` };
    const head = this.bytes(offset, HEAD);
    if (!head.subarray(0, 4).equals(MAGIC)) return { kind: 'corrupted', offset, detail: `no record starts at byte ${offset}` };
    const length = head.readUInt32LE(8);
    if (length > MAX_PAYLOAD) return { kind: 'corrupted', offset, detail: `record at byte ${offset} claims ${length} bytes` };
    if (this.size - offset < HEAD + length + SUM) return { kind: 'truncated', offset, detail: `ends inside the record at byte ${offset}` };
    const payload = this.bytes(offset + HEAD, length);
    const sum = this.bytes(offset + HEAD + length, SUM);
    if (!checksum(head, payload).equals(sum))
      return { kind: 'corrupted', offset, detail: `checksum of the record at byte ${offset} does not match` };
    return { type: head[4], payload, offset, length: HEAD + length + SUM };
  }

  /**
   * Where the next record may start at or after `from` (the next "UVCR"), or null: past a damaged
   * record, to tell the user what else is lost with it.
   */
  nextMagic(from: number): number | null {
    const window = 1 << 20;
    for (let at = from; at < this.size; at += window - MAGIC.length + 1) {
      const found = this.bytes(at, Math.min(window, this.size - at)).indexOf(MAGIC);
      if (found >= 0) return at + found;
    }
    return null;
  }

  /** The payload a record claims, checksum unchecked (null if it does not fit the file): for reports only. */
  unverifiedPayload(offset: number): Buffer | null {
    if (this.size - offset < HEAD + SUM) return null;
    const length = this.bytes(offset + 8, 4).readUInt32LE(0);
    if (this.size - offset < HEAD + length + SUM) return null;
    return this.bytes(offset + HEAD, length);
  }

  /** Raw bytes of the file (a whole record, to copy it verbatim). */
  bytes(offset: number, length: number): Buffer {
    const buffer = Buffer.alloc(length);
    let done = 0;
    while (done < length) {
      const n = onFile(this.path, 'read', () => readSync(this.fd, buffer, done, length - done, offset + done));
      if (n === 0) break;
      done += n;
    }
    return buffer;
  }
}

export function isProblem(r: RecordAt | RecordProblem | null): r is RecordProblem {
  return r !== null && 'kind' in r;
}
