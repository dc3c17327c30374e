import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadParquetWriter, ParquetTableWriter, type ParquetCell, type ParquetColumn } from '../../src/io/parquet-table.js';
import { tempDir } from '../helpers.js';
import { doubleBits, readParquetWithDuckDB } from './duckdb-reader.js';

const COLUMNS: ParquetColumn[] = [
  { name: 'x', type: 'double', nullable: false },
  { name: 'regime', type: 'string', nullable: false },
  { name: 'period', type: 'int32', nullable: false },
  { name: 'lyap', type: 'double', nullable: true },
  { name: 'step', type: 'int32', nullable: true },
  { name: 'early', type: 'string', nullable: true },
];

/** Doubles a decimal round trip or a float32 path would lose: extremes, subnormals, signed zero. */
const AWKWARD = [0.1 + 0.2, -0, 5e-324, 2.2250738585072014e-308, 1.7976931348623157e308, -1e-300, Math.PI, 1 / 3];

function rowAt(i: number): ParquetCell[] {
  return [
    AWKWARD[i % AWKWARD.length] * (1 - i * 1e-4),
    ['converged', 'periodic', 'chaotic', 'diverged'][i % 4],
    (i % 7) - 1,
    i % 5 === 0 ? null : i % 11 === 0 ? NaN : i % 13 === 0 ? Infinity : Math.sin(i) * 10 ** ((i % 600) - 300),
    i % 3 === 0 ? i * 1000 : null,
    i % 4 === 0 ? null : ['reduction', 'flat', 'sharpening'][i % 3],
  ];
}

/** A sink that keeps the bytes, and counts the rows appended when each write came (streaming). */
function memorySink() {
  const parts: Uint8Array[] = [];
  const rowsAtWrite: number[] = [];
  let rows = 0;
  return {
    write: (data: Uint8Array) => {
      parts.push(data.slice());
      rowsAtWrite.push(rows);
    },
    appended: () => rows++,
    bytes: () => Buffer.concat(parts),
    rowsAtWrite,
  };
}

describe('ParquetTableWriter, read back by DuckDB', () => {
  beforeAll(loadParquetWriter);
  it('streams row groups as rows arrive and reads back cell for cell: doubles bit for bit, non-finite and null as NULL, typed, dictionary strings, metadata from close', async () => {
    const n = 1000;
    const sink = memorySink();
    const table = new ParquetTableWriter(sink, COLUMNS, { rowGroupRows: 300 });
    for (let i = 0; i < n; i++) {
      sink.appended();
      table.appendRow(rowAt(i));
    }
    // three full groups were on their way to the file before the last rows came
    expect(sink.rowsAtWrite.filter((r) => r < n)).toEqual([300, 600, 900]);
    table.close({ spec: '{"name":"t"}', summary: '{"points":1000}' });
    const path = join(tempDir(), 't.parquet');
    writeFileSync(path, sink.bytes());

    const read = await readParquetWithDuckDB(path);
    expect(read.columns).toEqual(COLUMNS.map((c) => c.name));
    expect(read.types).toEqual(['DOUBLE', 'VARCHAR', 'INTEGER', 'DOUBLE', 'INTEGER', 'VARCHAR']);
    expect(read.repetition).toEqual(['REQUIRED', 'REQUIRED', 'REQUIRED', 'OPTIONAL', 'OPTIONAL', 'OPTIONAL']);
    expect(read.rowGroups).toBe(4);
    expect(read.encodings.regime).toContain('RLE_DICTIONARY');
    expect(read.encodings.early).toContain('RLE_DICTIONARY');
    // numbers are PLAIN: no dictionary tried on doubles or integers
    for (const name of ['x', 'period', 'lyap', 'step']) expect(read.encodings[name], name).not.toContain('DICTIONARY');
    expect(new Set(Object.values(read.compression))).toEqual(new Set(['SNAPPY']));
    expect(read.metadata).toEqual({ spec: '{"name":"t"}', summary: '{"points":1000}' });
    expect(read.rows.length).toBe(n);
    for (let i = 0; i < n; i++) {
      const expected = rowAt(i).map((v) => (typeof v === 'number' && !Number.isFinite(v) ? null : v));
      const got = read.rows[i];
      for (const c of [0, 3]) {
        if (expected[c] === null) expect(got[c], `row ${i} ${COLUMNS[c].name}`).toBeNull();
        else expect(doubleBits(got[c] as number), `row ${i} ${COLUMNS[c].name}`).toBe(doubleBits(expected[c] as number));
      }
      expect([got[1], got[2], got[4], got[5]], `row ${i}`).toEqual([expected[1], expected[2], expected[4], expected[5]]);
    }
    // the signed zero survived (a CSV writes it as 0)
    expect(Object.is(rowAt(9)[0], -0) && Object.is(read.rows[9][0], -0)).toBe(true);
  });

  it('an empty table is a valid file with its columns and no rows', async () => {
    const sink = memorySink();
    new ParquetTableWriter(sink, COLUMNS).close({ spec: '{}' });
    const path = join(tempDir(), 'empty.parquet');
    writeFileSync(path, sink.bytes());
    const read = await readParquetWithDuckDB(path);
    expect(read.columns).toEqual(COLUMNS.map((c) => c.name));
    expect(read.rows).toEqual([]);
    expect(read.metadata).toEqual({ spec: '{}' });
  });

  it('refuses what the schema cannot hold: an empty required cell, a fraction in an int32, a string for a number, a short row', () => {
    const table = new ParquetTableWriter(memorySink(), COLUMNS);
    const good = rowAt(1);
    expect(() => table.appendRow([NaN, ...good.slice(1)])).toThrow('parquet table: empty cell in column x, which is not nullable');
    expect(() => table.appendRow([good[0], good[1], 1.5, ...good.slice(3)])).toThrow('parquet table: column period (int32) got 1.5');
    expect(() => table.appendRow([good[0], good[1], 2 ** 31, ...good.slice(3)])).toThrow(
      'parquet table: column period (int32) got 2147483648',
    );
    expect(() => table.appendRow(['0.5', ...good.slice(1)])).toThrow('parquet table: column x (double) got "0.5"');
    expect(() => table.appendRow(good.slice(1))).toThrow('parquet table: row of 5 cells for 6 columns');
  });

  it('appendColumns writes the same file as appendRow, whatever the pieces, across row-group boundaries', () => {
    const n = 1000;
    const byRows = memorySink();
    const rowTable = new ParquetTableWriter(byRows, COLUMNS, { rowGroupRows: 300 });
    for (let i = 0; i < n; i++) rowTable.appendRow(rowAt(i));
    rowTable.close({ spec: '{}' });
    const byColumns = memorySink();
    const columnTable = new ParquetTableWriter(byColumns, COLUMNS, { rowGroupRows: 300 });
    // pieces of 1, 299, 7 and 693 rows: one ends on a boundary, one crosses two; doubles as a typed array
    for (const [from, to] of [
      [0, 1],
      [1, 300],
      [300, 307],
      [307, n],
    ]) {
      const rows = Array.from({ length: to - from }, (_, i) => rowAt(from + i));
      const columns: ArrayLike<ParquetCell>[] = COLUMNS.map((_, c) => rows.map((row) => row[c]));
      columns[0] = Float64Array.from(rows, (row) => row[0] as number);
      columnTable.appendColumns(to - from, columns);
    }
    columnTable.close({ spec: '{}' });
    expect(byColumns.bytes().equals(byRows.bytes())).toBe(true);
  });

  it('appendColumns refuses what appendRow refuses, and columns shorter than the count', () => {
    const table = new ParquetTableWriter(memorySink(), COLUMNS);
    const columns = (edit: (cells: ParquetCell[][]) => void) => {
      const cells = COLUMNS.map((_, c) => [rowAt(1)[c]]);
      edit(cells);
      return cells;
    };
    expect(() =>
      table.appendColumns(
        1,
        columns((c) => (c[0][0] = NaN)),
      ),
    ).toThrow('parquet table: column x (double, not nullable) got NaN');
    expect(() =>
      table.appendColumns(
        1,
        columns((c) => (c[2][0] = 1.5)),
      ),
    ).toThrow('parquet table: column period (int32) got 1.5');
    expect(() =>
      table.appendColumns(
        1,
        columns((c) => (c[0][0] = '0.5')),
      ),
    ).toThrow('parquet table: column x (double, not nullable) got "0.5"');
    expect(() =>
      table.appendColumns(
        1,
        columns((c) => (c[1][0] = null)),
      ),
    ).toThrow('parquet table: column regime (string) got null');
    expect(() =>
      table.appendColumns(
        2,
        columns(() => {}),
      ),
    ).toThrow('parquet table: column x holds 1 of 2 rows');
    expect(() => table.appendColumns(1, columns(() => {}).slice(1))).toThrow('parquet table: 5 columns for 6');
  });

  it('a nullable double column with no empty cell in a row group reads back the same as one with them', async () => {
    // rows 0–299 (the first group) have every lyap; the second group has empty cells
    const columns: ParquetColumn[] = [
      { name: 'x', type: 'double', nullable: false },
      { name: 'lyap', type: 'double', nullable: true },
    ];
    const lyap = (i: number) => (i >= 300 && i % 7 === 0 ? (i % 2 ? NaN : null) : i % 11 === 0 ? -0 : Math.cos(i) * 1e-3);
    const sink = memorySink();
    const table = new ParquetTableWriter(sink, columns, { rowGroupRows: 300 });
    table.appendColumns(450, [Float64Array.from({ length: 450 }, (_, i) => i / 450), Array.from({ length: 450 }, (_, i) => lyap(i))]);
    table.close({});
    const path = join(tempDir(), 'groups.parquet');
    writeFileSync(path, sink.bytes());
    const read = await readParquetWithDuckDB(path);
    expect(read.rowGroups).toBe(2);
    expect(read.repetition).toEqual(['REQUIRED', 'OPTIONAL']);
    read.rows.forEach((row, i) => {
      const expected = lyap(i);
      if (expected === null || Number.isNaN(expected)) expect(row[1], `row ${i}`).toBeNull();
      else expect(doubleBits(row[1] as number), `row ${i}`).toBe(doubleBits(expected));
    });
    expect(read.rows.filter((row) => row[1] === null).length).toBe(22); // 301, 308, …, 448: every 7th from 301
  });
});
