import type { FrameHeader } from '../../src/explore/view-frame.js';

/** Splits a /api/view body into its frames (the format of src/explore/frame-stream.ts). */
export function decodeFrames(body: Buffer): { header: FrameHeader; rgba: Buffer }[] {
  const frames: { header: FrameHeader; rgba: Buffer }[] = [];
  let at = 0;
  while (at < body.length) {
    const jsonLength = body.readUInt32LE(at);
    const byteLength = body.readUInt32LE(at + 4);
    const header = JSON.parse(body.subarray(at + 8, at + 8 + jsonLength).toString('utf8')) as FrameHeader;
    frames.push({ header, rgba: body.subarray(at + 8 + jsonLength, at + 8 + jsonLength + byteLength) });
    at += 8 + jsonLength + byteLength;
  }
  return frames;
}
