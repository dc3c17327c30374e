/** A duration written as a whole number and a unit: 90s, 30m, 24h, 3d. */
const UNITS = { s: 1, m: 60, h: 3600, d: 86_400 } as const;

/** Seconds of a duration such as 90m, 24h or 3d (at least 1 s, at most `maxSeconds`), or null. */
export function parseDuration(text: string, maxSeconds: number): number | null {
  const match = /^(\d{1,7})([smhd])$/.exec(text);
  if (!match) return null;
  const seconds = Number(match[1]) * UNITS[match[2] as keyof typeof UNITS];
  return seconds >= 1 && seconds <= maxSeconds ? seconds : null;
}

/** Seconds in the largest unit that divides them: 86400 → 1d, 5400 → 90m, 61 → 61s. */
export function formatDuration(seconds: number): string {
  for (const unit of ['d', 'h', 'm'] as const) if (seconds % UNITS[unit] === 0) return `${seconds / UNITS[unit]}${unit}`;
  return `${seconds}s`;
}
