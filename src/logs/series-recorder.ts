/**
 * One logged quantity of one run, streamed: keeps only the last `record` finite samples (a ring)
 * and what is needed to judge the rest — the first non-finite sample, where the logging interval
 * changed, and any step logged twice or out of order. Memory is O(min(samples, record)), whatever
 * the log's length: the ring is an array that grows as samples arrive (a typed array allocated
 * up front cost 32 KB per run, and a typed array per growth step is slow to allocate) and only from
 * the second sample, so a long-format file of many short runs costs what its rows cost.
 */
export class SeriesRecorder {
  /** the ring, value and step interleaved; made at the second sample (the first is lastValue, lastStep) */
  private ring: number[] | null = null;
  /** finite samples accepted so far */
  count = 0;
  lastStep = NaN;
  private lastValue = NaN;
  private lastLine = 0;
  /** the first NaN or ±∞ sample; nothing after it is kept */
  nonFinite: { step: number; line: number } | null = null;
  /** samples after the first non-finite one (ignored) */
  afterNonFinite = 0;
  /** rows repeating the previous step with the same value (dropped) */
  duplicates = 0;
  /** why this series cannot be analysed (steps out of order, a step logged twice with different values) */
  problem: string | null = null;
  /** steps between the last two samples */
  interval = NaN;
  /** sample index whose gap from the previous one started the current interval */
  private intervalFrom = 1;
  /** the last change of interval: at which step, from what */
  lastIntervalChange: { step: number; from: number; to: number } | null = null;

  /** `name`: the observable recorded (a column, or eta_sharpness) */
  constructor(
    readonly name: string,
    readonly record: number,
  ) {}

  /** Samples the ring holds now: min(count, record). */
  get allocated(): number {
    return this.ring === null ? this.count : this.ring.length / 2;
  }

  push(step: number, value: number, line: number): void {
    if (this.problem) return;
    if (this.nonFinite) {
      this.afterNonFinite++;
      return;
    }
    if (this.count > 0) {
      if (step === this.lastStep) {
        if (value === this.lastValue || (Number.isNaN(value) && Number.isNaN(this.lastValue))) this.duplicates++;
        else this.problem = `step ${step} is logged twice with different values (lines ${this.lastLine} and ${line})`;
        return;
      }
      if (step < this.lastStep) {
        this.problem = `steps go back from ${this.lastStep} (line ${this.lastLine}) to ${step} (line ${line}): a resumed run appended to the same log?`;
        return;
      }
    }
    if (!Number.isFinite(value)) {
      this.nonFinite = { step, line };
      return;
    }
    if (this.count >= 1) {
      const gap = step - this.lastStep;
      if (this.count === 1) this.interval = gap;
      else if (gap !== this.interval) {
        this.lastIntervalChange = { step, from: this.interval, to: gap };
        this.interval = gap;
        this.intervalFrom = this.count;
      }
    }
    if (this.count === 1) this.ring = [this.lastValue, this.lastStep];
    if (this.ring !== null) {
      if (this.count < this.record) this.ring.push(value, step);
      else {
        const slot = this.count % this.record;
        this.ring[2 * slot] = value;
        this.ring[2 * slot + 1] = step;
      }
    }
    this.count++;
    this.lastStep = step;
    this.lastValue = value;
    this.lastLine = line;
  }

  /** True when the last `record` samples are evenly spaced (the interval last changed before them). */
  evenOverRecord(): boolean {
    return this.intervalFrom <= this.count - this.record + 1;
  }

  /** The last min(count, record) samples, oldest first, with their steps. */
  tail(): { values: Float64Array; steps: Float64Array } {
    const n = Math.min(this.count, this.record);
    const values = new Float64Array(n);
    const steps = new Float64Array(n);
    const start = this.count - n;
    for (let i = 0; i < n; i++) {
      const slot = (start + i) % this.record;
      values[i] = this.ring === null ? this.lastValue : this.ring[2 * slot];
      steps[i] = this.ring === null ? this.lastStep : this.ring[2 * slot + 1];
    }
    return { values, steps };
  }
}
