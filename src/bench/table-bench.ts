/**
 * The cost of the attractor tables on a big sweep: the same UV sweep (table-sweep.ts) with no
 * table, the CSV, the Parquet file and both, each in its own child process, in alternating rounds
 * so that a noisy stretch of the machine hurts every variant alike; the best wall of each.
 * Runs alone with `npm run bench -- tables [points] [rounds]`.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const SCRIPT = fileURLToPath(new URL('./table-sweep.js', import.meta.url));
const FORMATS = ['none', 'csv', 'parquet', 'both'] as const;

interface TableRun {
  seconds: number;
  cpuSeconds: number;
  tableSeconds: number;
  peakMB: number;
  files: Record<string, number>;
}

const signed = (percent: string) => (Number(percent) >= 0 ? `+${percent}` : percent);

export async function benchTables(
  line: (label: string, value: string, comparison?: string) => void,
  points = 1_000_000,
  rounds = 2,
): Promise<void> {
  const out = mkdtempSync(join(tmpdir(), 'uvchaos-table-bench-'));
  const runs: Record<string, TableRun[]> = Object.fromEntries(FORMATS.map((f) => [f, []]));
  try {
    for (let round = 0; round < rounds; round++) {
      // alternate the order, so no variant always runs right after the same one
      const order = round % 2 === 0 ? FORMATS : [...FORMATS].reverse();
      for (const format of order) {
        const dir = join(out, format); // each variant's own files, for their sizes
        mkdirSync(dir, { recursive: true });
        const r = spawnSync(process.execPath, [SCRIPT, format, String(points), dir], { encoding: 'utf8' });
        if (r.status !== 0) throw new Error(`table-sweep ${format} failed: ${r.stderr}`);
        runs[format].push(JSON.parse(r.stdout.trim().split('\n').pop()!) as TableRun);
      }
    }
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
  const best = (format: string) => Math.min(...runs[format].map((r) => r.seconds));
  const peak = (format: string) => Math.max(...runs[format].map((r) => r.peakMB));
  const walls = (format: string) => runs[format].map((r) => r.seconds.toFixed(1)).join(', ');
  const tableTime = (format: string) => runs[format].map((r) => r.tableSeconds.toFixed(1)).join(', ');
  const size = (format: string, suffix: string) => ((runs[format][0].files[suffix] ?? 0) / 1e6).toFixed(1);
  const base = best('none');
  // CPU seconds of all threads hardly depend on what else the machine runs, unlike walls: on a
  // machine whose cores the workers fill, the tables' added CPU time is what they add to the wall
  const cpu = (format: string) => Math.min(...runs[format].map((r) => r.cpuSeconds));
  const cpuBase = cpu('none');
  const label = `${points.toLocaleString('en')}-point UV sweep (20000 + 2000 steps), 2 workers`;
  line(
    `${label}, no table (baseline)`,
    `${base.toFixed(1)} s`,
    `peak ${peak('none').toFixed(0)} MB; walls ${walls('none')} s; ${cpuBase.toFixed(0)} CPU s`,
  );
  for (const format of ['csv', 'parquet', 'both']) {
    const extra = ((100 * (best(format) - base)) / base).toFixed(1);
    const extraCpu = ((100 * (cpu(format) - cpuBase)) / cpuBase).toFixed(1);
    line(
      `${label}, --format ${format}`,
      `${best(format).toFixed(1)} s`,
      `${signed(extra)} % wall, ${signed(extraCpu)} % CPU s${format === 'parquet' ? ' (target ≤ +10 %)' : ''}; peak ${peak(format).toFixed(0)} MB; walls ${walls(format)} s, of which the main thread wrote tables ${tableTime(format)} s`,
    );
  }
  line(
    '  table sizes',
    `${size('both', 'attractors.csv')} MB csv`,
    `${size('both', 'attractors.parquet')} MB parquet; attractors.json ${(runs.both[0].files['attractors.json'] / 1e3).toFixed(1)} kB (no rows above 100,000 points)`,
  );
}
