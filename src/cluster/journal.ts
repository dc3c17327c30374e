import { closeSync, existsSync, fsync, fsyncSync, ftruncateSync, openSync, unlinkSync, writeSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { AtomicFile } from '../io/atomic-file.js';
import { onFile } from '../io/file-error.js';
import { syncFolder } from '../io/output-set.js';
import { openJournals } from './open-journals.js';
import { UsageError } from '../util/user-errors.js';
import type { ChunkResult } from '../sweep/chunk.js';
import type { RasterLayout } from '../sweep/raster.js';
import { chunkSummary, encodeChunk } from './chunk-record.js';
import { shortHash, type RunHeader } from './cluster-job.js';
import { encodeJsonRecord, encodeRecord, isProblem, RECORD, RecordReader } from './record-file.js';
import { parseStoredJson, runHeaderSchema } from './stored-json.js';

/** Where a stored chunk is: a record of a journal or a part file. */
export interface StoredChunkRef {
  file: string;
  offset: number;
  /** bytes of the whole record */
  length: number;
  start: number;
  end: number;
}

/**
 * The journal of a run, `<dir>/<run>.journal`: its header, then one record per completed chunk,
 * each appended with one write call. Once write returns the bytes are the kernel's, so a kill -9 at
 * any moment leaves every appended chunk readable, and at most one torn record at the end, which a
 * resume cuts off. Only the run holding the output lock of `<run>` touches it.
 * fsync (against a power loss or a crash of the machine) runs in the background, one at a time:
 * done on the main thread after every chunk it took 1.4–1.8 s of a 7 s sweep (62 chunks, 29 ms
 * each, measured on a loaded 2-core machine), time the main thread owes the workers; appends now
 * take 0.37 s of that sweep in all (encoding, checksum, write).
 */
export class Journal {
  private fd: number | null;
  private size: number;
  private syncing = false;
  private dirty = false;

  private constructor(
    readonly path: string,
    fd: number,
    size: number,
    /** the chunks already done, sorted by start */
    readonly done: StoredChunkRef[],
  ) {
    this.fd = fd;
    this.size = size;
    openJournals.add(path);
  }

  static pathFor(dir: string, run: string): string {
    return join(dir, `${run}.journal`);
  }

  /**
   * Starts the journal of a run. An existing one is continued with `resume`, after checking it
   * belongs to the same spec, version and shard; without `resume` it is reported and left alone
   * (UsageError). `resume` with no journal starts from the beginning, after `note` says so; records
   * a resume drops past a damaged one are named in a `note` of kind 'dropped'.
   */
  static open(
    dir: string,
    run: string,
    header: RunHeader,
    resume: boolean,
    note: (line: string, kind: 'no-journal' | 'dropped') => void,
  ): Journal {
    const path = Journal.pathFor(dir, run);
    if (!existsSync(path)) {
      if (resume) note(`note: no journal ${path} to resume from; computing every chunk`, 'no-journal');
      return Journal.create(path, header);
    }
    const found = readJournal(path);
    if (found.dropped && resume) note(found.dropped, 'dropped');
    if (!resume) {
      const what = found.header ? `${found.points} of ${header.block[1] - header.block[0]} points done` : 'unreadable';
      throw new UsageError(
        `${path}: a journal of an interrupted run is here (${what}); add --resume to continue it, or delete ${path} to start over`,
      );
    }
    const problem = found.header ? identityProblem(found.header, header) : found.problem;
    if (problem) throw new UsageError(`--resume: cannot continue ${path}: ${problem}; delete it to start over`);
    // the torn record a kill left at the end goes; appends continue after the last complete one
    const fd = onFile(path, 'write', () => openSync(path, 'r+'));
    onFile(path, 'write', () => ftruncateSync(fd, found.end));
    onFile(path, 'write', () => fsyncSync(fd));
    return new Journal(path, fd, found.end, found.chunks);
  }

  private static create(path: string, header: RunHeader): Journal {
    // header first in a temp file (removed if the run stops meanwhile), then renamed: a journal on
    // disk always has a whole header
    const record = encodeJsonRecord(RECORD.header, header);
    const file = new AtomicFile(path);
    file.write(record);
    file.complete();
    file.publish();
    syncFolder(dirname(path));
    const fd = onFile(path, 'write', () => openSync(path, 'r+'));
    return new Journal(path, fd, record.length, []);
  }

  /** Records a completed chunk durably. */
  append(result: ChunkResult, layout: RasterLayout | null): void {
    const fd = this.fd;
    if (fd === null) throw new Error('internal: journal closed');
    const record = encodeRecord(RECORD.chunk, encodeChunk(result, layout));
    writeAll(this.path, fd, record, this.size);
    this.syncSoon();
    this.done.push({ file: this.path, offset: this.size, length: record.length, start: result.start, end: result.end });
    this.size += record.length;
  }

  /** Starts an fsync unless one is running; one more follows it if records came meanwhile. */
  private syncSoon(): void {
    if (this.syncing) {
      this.dirty = true;
      return;
    }
    const fd = this.fd;
    if (fd === null) return;
    this.syncing = true;
    fsync(fd, () => {
      this.syncing = false;
      if (this.dirty && this.fd === fd) {
        this.dirty = false;
        this.syncSoon();
      }
    });
  }

  close(sync = true): void {
    openJournals.delete(this.path);
    if (this.fd === null) return;
    try {
      if (sync) fsyncSync(this.fd); // what a run leaves behind is on disk
    } catch {
      /* the records are written; only their durability across a power loss is not forced */
    }
    closeSync(this.fd);
    this.fd = null;
  }

  /** Removes the journal once the outputs it leads to are in place. */
  remove(): void {
    this.close(false);
    onFile(this.path, 'remove', () => unlinkSync(this.path));
  }
}

interface JournalContents {
  header: RunHeader | null;
  problem?: string;
  chunks: StoredChunkRef[];
  points: number;
  /** the offset after the last complete record */
  end: number;
  /**
   * Why the records from `end` on are not used, when more than the torn record a kill leaves is
   * lost (a damaged record, and everything after it): the line to warn the user with.
   */
  dropped?: string;
}

/** A journal's header and complete chunk records; a torn or damaged tail ends the list. */
export function readJournal(path: string): JournalContents {
  const reader = RecordReader.open(path);
  try {
    const first = reader.read(0);
    const unreadable = (problem: string): JournalContents => ({ header: null, problem, chunks: [], points: 0, end: 0 });
    if (!first || isProblem(first) || first.type !== RECORD.header) {
      return unreadable(`its header is damaged (${first && isProblem(first) ? first.detail : 'no header record'})`);
    }
    const parsed = parseStoredJson(first.payload, runHeaderSchema, 'header');
    if ('problem' in parsed) return unreadable(`its header is damaged (${parsed.problem})`);
    const header: RunHeader = parsed.value;
    const chunks: StoredChunkRef[] = [];
    let offset = first.length;
    let points = 0;
    let stop: { reason: string; torn: boolean } | null = null;
    for (;;) {
      const record = reader.read(offset);
      if (record === null) break;
      if (isProblem(record)) {
        stop = { reason: record.detail, torn: record.kind === 'truncated' };
        break;
      }
      const summary = record.type === RECORD.chunk ? chunkSummary(record.payload) : { problem: `record type ${record.type}, not a chunk` };
      if ('problem' in summary) {
        stop = { reason: summary.problem, torn: false };
        break;
      }
      chunks.push({ file: path, offset, length: record.length, start: summary.start, end: summary.end });
      points += summary.end - summary.start;
      offset += record.length;
    }
    chunks.sort((a, b) => a.start - b.start);
    for (let i = 0; i < chunks.length; i++) {
      const c = chunks[i];
      if (c.start < header.block[0] || c.end > header.block[1] || (i > 0 && c.start < chunks[i - 1].end)) {
        return unreadable(`its chunk [${c.start}, ${c.end}) overlaps another or lies outside [${header.block.join(', ')})`);
      }
    }
    const dropped = stop ? describeDropped(reader, offset, stop) : undefined;
    return { header, chunks, points, end: offset, ...(dropped ? { dropped } : {}) };
  } finally {
    reader.close();
  }
}

/**
 * What is lost from `offset` on, where a record failed: the readable chunk records after it and
 * their points. A torn last record with nothing after it is what a kill leaves, not worth a word.
 */
function describeDropped(reader: RecordReader, offset: number, stop: { reason: string; torn: boolean }): string | undefined {
  let records = 0;
  let points = 0;
  for (let at = reader.nextMagic(offset + 1); at !== null;) {
    const record = reader.read(at);
    const summary = record && !isProblem(record) && record.type === RECORD.chunk ? chunkSummary(record.payload) : null;
    if (record && !isProblem(record) && summary && !('problem' in summary)) {
      records++;
      points += summary.end - summary.start;
      at = reader.nextMagic(at + record.length);
    } else at = reader.nextMagic(at + 1);
  }
  if (stop.torn && records === 0) return undefined;
  // the damaged record's own points, if its meta is still readable
  const payload = reader.unverifiedPayload(offset);
  const own = payload ? chunkSummary(payload) : null;
  const ownPoints = own && !('problem' in own) ? own.end - own.start : null;
  const total = ownPoints === null ? `at least ${points}` : `${points + ownPoints}`;
  const after = `${records} record${records === 1 ? '' : 's'} after it`;
  return `warning: ${reader.path}: the record at byte ${offset} is damaged (${stop.reason}); dropping it and the ${after} (${reader.size - offset} bytes, ${total} grid points), which are computed again`;
}

/** Why a journal's header does not fit this run; null when it does. */
function identityProblem(found: RunHeader, run: RunHeader): string | null {
  if (found.format !== 'uvchaos-journal') return 'it is not a uvchaos journal';
  if (found.specHash !== run.specHash)
    return `it was written for a different spec (hash ${shortHash(found.specHash)}, the spec now has ${shortHash(run.specHash)})`;
  if (found.version !== run.version) return `it was written by uvchaos ${found.version}, this is ${run.version}`;
  if (found.command !== run.command) return `it is the journal of a ${found.command} run`;
  if (found.block[0] !== run.block[0] || found.block[1] !== run.block[1])
    return `it covers grid points [${found.block.join(', ')}), this run [${run.block.join(', ')})`;
  return null;
}

function writeAll(path: string, fd: number, bytes: Buffer, position?: number): void {
  let done = 0;
  while (done < bytes.length) {
    done += onFile(path, 'write', () => writeSync(fd, bytes, done, bytes.length - done, position === undefined ? null : position + done));
  }
}
