/**
 * A one-line progress bar with rate and ETA, redrawn at most ten times a second. Silent unless
 * the stream is a terminal, so logs and pipes stay clean.
 */
export class ProgressBar {
  private readonly started = performance.now();
  private lastDraw = 0;
  private drawn = false;

  constructor(
    private readonly stream: NodeJS.WriteStream,
    private readonly total: number,
    private readonly unit: string,
    private readonly enabled: boolean,
  ) {}

  update(done: number): void {
    if (!this.enabled) return;
    const now = performance.now();
    if (done < this.total && now - this.lastDraw < 100) return;
    this.lastDraw = now;
    const elapsed = (now - this.started) / 1000;
    const rate = elapsed > 0 ? done / elapsed : 0;
    const eta = rate > 0 ? (this.total - done) / rate : Infinity;
    const width = 30;
    const filled = Math.round((width * done) / this.total);
    const bar = '█'.repeat(filled) + '░'.repeat(width - filled);
    const pct = ((100 * done) / this.total).toFixed(0).padStart(3);
    const line = `${bar} ${pct}%  ${done}/${this.total} ${this.unit}  ${formatRate(rate)} ${this.unit}/s  ETA ${formatSeconds(eta)}`;
    this.stream.write(`\r${line}\x1b[K`);
    this.drawn = true;
  }

  /** Clears the bar so the summary starts on a clean line. */
  finish(): void {
    if (this.drawn) this.stream.write('\r\x1b[K');
  }
}

function formatRate(rate: number): string {
  return rate >= 1e4 ? `${(rate / 1000).toFixed(0)}k` : rate.toFixed(0);
}

export function formatSeconds(s: number): string {
  if (!Number.isFinite(s)) return '--';
  if (s < 60) return `${s.toFixed(1)} s`;
  const m = Math.floor(s / 60);
  return `${m} min ${Math.round(s - 60 * m)} s`;
}
