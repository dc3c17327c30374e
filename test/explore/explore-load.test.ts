import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EXPLORE_LIMITS } from '../../src/explore/explore-limits.js';
import { startExplore, type ExploreProcess } from './explore-process.js';

/**
 * Twenty views at once against the real `uvchaos explore` process on 127.0.0.1: the server's
 * peak memory (VmHWM of the process, its worker threads included) stays far below 500 MB, and
 * /api/session keeps answering meanwhile. The latency bound asserted is generous (the machine is
 * shared); the measured figures are printed.
 */
let explore: ExploreProcess;

const peakMegabytes = () => Number(/VmHWM:\s+(\d+)/.exec(readFileSync(`/proc/${explore.child.pid}/status`, 'utf8'))![1]) / 1024;

/** Fires `n` requests of `path` at once while polling /api/session; statuses and session latencies. */
async function burst(path: string, n: number): Promise<{ statuses: number[]; latencies: number[] }> {
  const latencies: number[] = [];
  let done = false;
  const polling = (async () => {
    for (let i = 0; i < 400 && !done; i++) {
      const t = performance.now();
      await (await fetch(new URL('/api/session', explore.url))).arrayBuffer();
      latencies.push(performance.now() - t);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  })();
  const statuses = await Promise.all(
    Array.from({ length: n }, async () => {
      const r = await fetch(new URL(path, explore.url));
      await r.arrayBuffer();
      return r.status;
    }),
  );
  done = true;
  await polling;
  return { statuses: statuses.sort(), latencies: latencies.sort((a, b) => a - b) };
}

beforeAll(async () => {
  explore = await startExplore('sweeps/uv-route-to-chaos.json', ['--workers', '2']);
});

afterAll(async () => {
  await explore.interrupt();
});

describe('twenty views at once', () => {
  it('the issue’s 4000 × 3000 views are refused at once, holding nothing', async () => {
    const { statuses } = await burst('/api/view?width=4000&height=3000&columns=4000&transient=100&record=200', 20);
    expect(statuses).toEqual(Array(20).fill(413));
    expect(peakMegabytes()).toBeLessThan(500);
  });

  it('the largest views accepted: a few run, the rest get 429; memory and the session stay in bounds', async () => {
    const { statuses, latencies } = await burst('/api/view?width=2000&height=500&columns=2000&transient=100&record=200', 20);
    const peak = peakMegabytes();
    console.log(
      `20 views of 2000 × 500 pixels: peak RSS ${peak.toFixed(0)} MB; /api/session median ${latencies[latencies.length >> 1].toFixed(0)} ms, max ${latencies.at(-1)!.toFixed(0)} ms (${latencies.length} polls)`,
    );
    const running = EXPLORE_LIMITS.viewsPerClient;
    expect(statuses).toEqual([...Array(running).fill(200), ...Array(20 - running).fill(429)]);
    expect(peak).toBeLessThan(500);
    expect(latencies.at(-1)).toBeLessThan(2000);
  });
});
