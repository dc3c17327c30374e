import { parseDecimal } from '../io/csv.js';

/**
 * The columns analyze reads, by role, and the names it recognises for each when none is given,
 * compared case-insensitively. The lists are explicit (no prefix matching), so that a validation
 * loss is never taken for the training loss.
 */
export const COLUMN_ROLES = ['step', 'loss', 'sharpness', 'lr'] as const;
export type ColumnRole = (typeof COLUMN_ROLES)[number];

export const DEFAULT_COLUMN_NAMES: Readonly<Record<ColumnRole, readonly string[]>> = {
  step: ['step', 'steps', 'global_step', 'iteration', 'iter', 'it', 'epoch'],
  loss: ['loss', 'train_loss', 'training_loss', 'train/loss', 'loss/train'],
  sharpness: ['sharpness', 'top_eigenvalue', 'top_eig', 'hessian_top_eigenvalue', 'max_eigenvalue', 'lambda_max'],
  lr: ['lr', 'eta', 'learning_rate', 'learning-rate', 'step_size'],
};

/** The observable computed, not read, when a sharpness and a learning rate are known: η × sharpness. */
export const ETA_SHARPNESS = 'eta_sharpness';

/** Column names per role: the user's (from --columns) replace the defaults. */
export type ColumnNames = Record<ColumnRole, readonly string[]>;

/**
 * Parses `--columns step=iter,loss=train_loss`: each role named at most once, roles from
 * COLUMN_ROLES. Returns the names to look for per role.
 */
export function columnNames(
  spec: string | undefined,
): { names: ColumnNames; given: Partial<Record<ColumnRole, string>> } | { error: string } {
  const names: ColumnNames = { ...DEFAULT_COLUMN_NAMES };
  const given: Partial<Record<ColumnRole, string>> = {};
  if (spec === undefined) return { names, given };
  for (const part of spec.split(',')) {
    const m = /^\s*([^=\s]+)\s*=\s*(.+?)\s*$/.exec(part);
    if (!m) return { error: `expected role=column pairs separated by commas, e.g. step=iter,loss=train_loss; got "${part}"` };
    const role = m[1] as ColumnRole;
    if (!COLUMN_ROLES.includes(role)) return { error: `unknown role "${m[1]}"; roles: ${COLUMN_ROLES.join(', ')}` };
    if (given[role] !== undefined) return { error: `role ${role} named twice` };
    given[role] = m[2];
    names[role] = [m[2]];
  }
  return { names, given };
}

/** The first of `candidates` present among `columns` (case-insensitive), as spelt in the file. */
export function findColumn(columns: readonly string[], candidates: readonly string[]): string | undefined {
  for (const candidate of candidates) {
    const lower = candidate.toLowerCase();
    const hit = columns.find((c) => c.toLowerCase() === lower);
    if (hit !== undefined) return hit;
  }
  return undefined;
}

/**
 * A cell as a number: `undefined` when nothing was logged (empty, `null`, `None`), NaN and ±∞ for
 * the spellings Python, NumPy and JavaScript write (`nan`, `inf`, `-Infinity` …), `null` when the
 * text is not a number at all. Numbers are decimal literals only (parseDecimal), with any
 * surrounding spaces: `0x10`, `0b101`, `0o7` and `1_000` are not numbers.
 */
export function parseNumber(raw: unknown): number | undefined | null {
  if (raw === undefined || raw === null) return undefined;
  if (typeof raw === 'number') return raw;
  if (typeof raw !== 'string') return null;
  const exact = parseDecimal(raw); // the common case: a plain number, no spaces
  if (exact !== null) return exact;
  const s = raw.trim();
  if (s === '') return undefined;
  const trimmed = parseDecimal(s);
  if (trimmed !== null) return trimmed;
  switch (s.toLowerCase()) {
    case 'nan':
    case '+nan':
    case '-nan':
      return NaN;
    case 'inf':
    case '+inf':
    case 'infinity':
    case '+infinity':
      return Infinity;
    case '-inf':
    case '-infinity':
      return -Infinity;
    case 'none':
    case 'null':
      return undefined;
    default:
      return null;
  }
}
