import { open } from 'node:fs/promises';
import { describeFsError } from '../io/file-error.js';
import { SpecError } from '../spec/spec-error.js';

/** Bytes read per call: large enough that a 2 GB log takes a few thousand reads, small enough to keep memory flat. */
const CHUNK = 1 << 20;

/**
 * The lines of a text file, streamed: batches of complete lines as they are read, never the whole
 * file. Line endings \n or \r\n; a UTF-8 byte-order mark is dropped. Each batch comes after an
 * await, so Ctrl-C is handled during a long read.
 */
export async function* readLines(path: string): AsyncGenerator<string[]> {
  let handle;
  try {
    handle = await open(path, 'r');
  } catch (err) {
    throw new SpecError(path, null, `cannot read: ${describeFsError(err)}`);
  }
  try {
    const decoder = new TextDecoder('utf-8');
    const buffer = Buffer.allocUnsafe(CHUNK);
    let rest = '';
    let first = true;
    for (;;) {
      let bytes;
      try {
        ({ bytesRead: bytes } = await handle.read(buffer, 0, CHUNK, null));
      } catch (err) {
        throw new SpecError(path, null, `cannot read: ${describeFsError(err)}`);
      }
      if (bytes === 0) break;
      let text = rest + decoder.decode(buffer.subarray(0, bytes), { stream: true });
      if (first) {
        if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
        first = false;
      }
      const lines = text.split('\n');
      rest = lines.pop()!;
      if (lines.length) yield lines.map(stripCr);
    }
    rest += decoder.decode();
    if (rest.length) yield [stripCr(rest)];
  } finally {
    await handle.close();
  }
}

function stripCr(line: string): string {
  return line.endsWith('\r') ? line.slice(0, -1) : line;
}
