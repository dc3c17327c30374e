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
