/**
 * The wire format of a view's passes, streamed in one response so the coarse pass shows while the
 * full one runs: per frame an 8-byte head (little-endian uint32 lengths of the JSON header and of
 * the pixel bytes), the header as UTF-8 JSON, then the RGBA pixels. explorer/frames.js reads it.
 * Returned in two pieces, written one after the other: the pixels are not copied.
 */
export function encodeFrame(header: unknown, bytes: Uint8Array | Uint8ClampedArray): [Buffer, Buffer] {
  const json = Buffer.from(JSON.stringify(header), 'utf8');
  const head = Buffer.alloc(8 + json.length);
  head.writeUInt32LE(json.length, 0);
  head.writeUInt32LE(bytes.byteLength, 4);
  json.copy(head, 8);
  return [head, Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength)];
}
