// Reads the frames of /api/view as they arrive: per frame an 8-byte head (little-endian uint32
// lengths of the JSON header and of the RGBA bytes), the header, then the pixels
// (src/explore/frame-stream.ts writes them).

const decoder = new TextDecoder();

export async function readFrames(response, onFrame) {
  const reader = response.body.getReader();
  const parts = []; // received chunks not yet parsed, joined only once a whole frame is there
  let held = 0;
  const take = (n) => {
    const out = new Uint8Array(n);
    let filled = 0;
    while (filled < n) {
      const part = parts[0];
      const used = Math.min(part.length, n - filled);
      out.set(part.subarray(0, used), filled);
      filled += used;
      if (used === part.length) parts.shift();
      else parts[0] = part.subarray(used);
    }
    held -= n;
    return out;
  };
  const peekHead = () => {
    const head = parts.length && parts[0].length >= 8 ? parts[0].subarray(0, 8) : take8Copy();
    const view = new DataView(head.buffer, head.byteOffset, 8);
    return [view.getUint32(0, true), view.getUint32(4, true)];
  };
  const take8Copy = () => {
    const head = take(8);
    parts.unshift(head);
    held += 8;
    return head;
  };
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    parts.push(value);
    held += value.length;
    while (held >= 8) {
      const [jsonLength, byteLength] = peekHead();
      if (held < 8 + jsonLength + byteLength) break;
      take(8);
      const header = JSON.parse(decoder.decode(take(jsonLength)));
      const rgba = new Uint8ClampedArray(take(byteLength).buffer);
      onFrame(header, rgba);
    }
  }
  if (held > 0) throw new Error('the server ended the diagram stream mid-frame');
}
