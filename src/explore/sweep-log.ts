/** What became of one view request: the page's test reads it to see that only the last of a burst ran to the end. */
export interface SweepLogEntry {
  id: number;
  channel: string | null;
  view: Record<string, unknown>;
  status: 'running' | 'completed' | 'cancelled' | 'failed';
  /** passes sent: coarse, then full */
  passes: string[];
  /** seconds from the request to the end of each pass sent */
  seconds: number[];
}

/** The latest view requests, newest last (bounded: a long session does not grow it). */
export class SweepLog {
  private readonly entries: SweepLogEntry[] = [];
  private nextId = 1;

  constructor(private readonly keep = 200) {}

  start(channel: string | null, view: Record<string, unknown>): SweepLogEntry {
    const entry: SweepLogEntry = { id: this.nextId++, channel, view, status: 'running', passes: [], seconds: [] };
    this.entries.push(entry);
    if (this.entries.length > this.keep) this.entries.shift();
    return entry;
  }

  list(): readonly SweepLogEntry[] {
    return this.entries;
  }
}
