/**
 * CSV cells: numbers in the shortest form that reads back to the same double, strings quoted only
 * when they must be.
 */
export function csvCell(value: number | string | null): string {
  if (value === null) return '';
  if (typeof value === 'number') return Number.isFinite(value) ? String(value) : '';
  return /[",\n\r]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}

export function csvRow(values: readonly (number | string | null)[]): string {
  return values.map(csvCell).join(',') + '\n';
}

/** Parses CSV text written by csvRow (used by tests and by tools that read our tables back). */
export function parseCsv(text: string): { header: string[]; rows: string[][] } {
  const lines: string[][] = [];
  let field = '';
  let row: string[] = [];
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else field += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ',') {
      row.push(field);
      field = '';
    } else if (ch === '\n') {
      row.push(field);
      lines.push(row);
      row = [];
      field = '';
    } else if (ch !== '\r') field += ch;
  }
  if (field !== '' || row.length) {
    row.push(field);
    lines.push(row);
  }
  return { header: lines[0] ?? [], rows: lines.slice(1) };
}

/**
 * Writes a header and `count` rows to a file written in pieces, 4096 rows per write: one string
 * per row would be a write call each, one string for the table would hold it all in memory.
 */
export function writeCsvTable(
  file: { write(data: string): void },
  header: readonly string[],
  count: number,
  rowAt: (i: number) => readonly (number | string | null)[],
): void {
  file.write(csvRow(header));
  const lines: string[] = [];
  for (let i = 0; i < count; i++) {
    lines.push(csvRow(rowAt(i)));
    if (lines.length === 4096) {
      file.write(lines.join(''));
      lines.length = 0;
    }
  }
  file.write(lines.join(''));
}

/**
 * A decimal literal as a number, or null: an optional sign, digits with an optional fraction (or
 * a fraction alone), an optional exponent (`-1`, `.5`, `5.`, `+2.5e-3`). Nothing else: no
 * surrounding space, no `0x10`, `0b101`, `0o7`, `1_000` or `Infinity`, which Number() would take.
 * A literal too large for a double is ±Infinity, as Number() and Python's float() read it.
 */
export function parseDecimal(text: string): number | null {
  if (text.length === 0) return null;
  // Number() reads exactly these literals once every character is a digit, a sign, "." or "e"
  // (its other forms need a letter or a space); a scan is cheaper than a regex per cell
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (!((c >= 48 && c <= 57) || c === 43 || c === 45 || c === 46 || c === 101 || c === 69)) return null;
  }
  const value = Number(text);
  return Number.isNaN(value) ? null : value;
}
