import { open } from 'node:fs/promises';
import { describeFsError } from '../io/file-error.js';
import { SpecError } from '../spec/spec-error.js';

/** Bytes read per call: large enough that a 2 GB log takes a few thousand reads, small enough to keep memory flat. */
const CHUNK = 1 << 20;
/** A line longer than this is refused rather than buffered. */
const MAX_LINE = 1 << 26;

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
    // Decoded up to the last newline of each read, the rest carried over as bytes: a newline byte
    // never occurs inside a UTF-8 sequence, so no character is split, and Buffer's decoder is
    // several times faster than a streaming TextDecoder.
    let buffer = Buffer.allocUnsafe(CHUNK);
    let carried = 0;
    let first = true;
    for (;;) {
      if (carried === buffer.length) {
        if (buffer.length >= MAX_LINE) throw new SpecError(path, null, `a line longer than ${MAX_LINE >> 20} MB: not a log of numbers`);
        const grown = Buffer.allocUnsafe(buffer.length * 2);
        buffer.copy(grown, 0, 0, carried);
        buffer = grown;
      }
      let bytes;
      try {
        ({ bytesRead: bytes } = await handle.read(buffer, carried, buffer.length - carried, null));
      } catch (err) {
        throw new SpecError(path, null, `cannot read: ${describeFsError(err)}`);
      }
      const end = carried + bytes;
      const cut = bytes === 0 ? end : buffer.lastIndexOf(10, end - 1) + 1;
      if (cut > 0) {
        let text = buffer.toString('utf8', 0, cut);
        if (first && text.charCodeAt(0) === 0xfeff) text = text.slice(1);
        first = false;
        const lines = text.split('\n');
        if (text.endsWith('\n')) lines.pop();
        yield text.includes('\r') ? lines.map(stripCr) : lines;
      }
      if (bytes === 0) break;
      buffer.copy(buffer, 0, cut, end);
      carried = end - cut;
    }
  } finally {
    await handle.close();
  }
}

function stripCr(line: string): string {
  return line.endsWith('\r') ? line.slice(0, -1) : line;
}
