import { DuckDBInstance, type DuckDBValue } from '@duckdb/node-api';
import { readFileSync } from 'node:fs';
import { expect } from 'vitest';
import { parseCsv } from '../../src/io/csv.js';

/** A Parquet file as DuckDB reads it: the real reader users load our tables with. */
export interface ParquetAsRead {
  columns: string[];
  /** DuckDB's SQL types: DOUBLE, INTEGER, VARCHAR */
  types: string[];
  /** REQUIRED or OPTIONAL, per column */
  repetition: string[];
  rows: DuckDBValue[][];
  metadata: Record<string, string>;
  /** per column: the encodings and compression of its first column chunk */
  encodings: Record<string, string>;
  compression: Record<string, string>;
  rowGroups: number;
  /** per column, per row group: the min/max statistics as DuckDB prints them (null: none written) */
  statistics: Record<string, { min: string | null; max: string | null }[]>;
}

export async function readParquetWithDuckDB(path: string): Promise<ParquetAsRead> {
  const db = await DuckDBInstance.create(':memory:');
  const con = await db.connect();
  const file = `'${path.replace(/'/g, "''")}'`;
  const query = async (sql: string) => (await con.runAndReadAll(sql)).getRows();
  try {
    const described = await query(`DESCRIBE SELECT * FROM read_parquet(${file})`);
    const schema = await query(`SELECT name, repetition_type FROM parquet_schema(${file}) WHERE type IS NOT NULL`);
    const rows = await query(
      `SELECT * EXCLUDE (file_row_number) FROM read_parquet(${file}, file_row_number = true) ORDER BY file_row_number`,
    );
    const kv = await query(`SELECT decode(key), decode(value) FROM parquet_kv_metadata(${file})`);
    const chunks = await query(
      `SELECT path_in_schema, encodings, compression, row_group_id, stats_min_value, stats_max_value FROM parquet_metadata(${file}) ORDER BY row_group_id`,
    );
    const statistics: ParquetAsRead['statistics'] = {};
    for (const c of chunks)
      (statistics[String(c[0])] ??= []).push({ min: c[4] === null ? null : String(c[4]), max: c[5] === null ? null : String(c[5]) });
    return {
      columns: described.map((r) => String(r[0])),
      types: described.map((r) => String(r[1])),
      repetition: schema.map((r) => String(r[1])),
      rows,
      metadata: Object.fromEntries(kv.map((r) => [String(r[0]), String(r[1])])),
      encodings: Object.fromEntries(chunks.filter((c) => Number(c[3]) === 0).map((c) => [String(c[0]), String(c[1])])),
      compression: Object.fromEntries(chunks.filter((c) => Number(c[3]) === 0).map((c) => [String(c[0]), String(c[2])])),
      rowGroups: new Set(chunks.map((c) => Number(c[3]))).size,
      statistics,
    };
  } finally {
    con.closeSync();
    db.closeSync();
  }
}

/** The 64 bits of a double, so equal means bit for bit (-0 against 0, every NaN payload). */
export function doubleBits(x: number): bigint {
  const view = new DataView(new ArrayBuffer(8));
  view.setFloat64(0, x);
  return view.getBigUint64(0);
}

/**
 * Every row and column of the Parquet file equals the CSV's: the same header, the same doubles
 * bit for bit, the same integers and strings, and NULL exactly where the CSV cell is empty.
 * Returns the file as read, for further checks, and the number of NULL cells seen.
 */
export async function expectParquetEqualsCsv(parquetPath: string, csvPath: string): Promise<{ parquet: ParquetAsRead; nulls: number }> {
  const csv = parseCsv(readFileSync(csvPath, 'utf8'));
  const parquet = await readParquetWithDuckDB(parquetPath);
  expect(parquet.columns).toEqual(csv.header);
  expect(parquet.rows.length).toBe(csv.rows.length);
  let nulls = 0;
  for (const [r, row] of csv.rows.entries()) {
    for (const [c, cell] of row.entries()) {
      const value = parquet.rows[r][c];
      const where = `row ${r}, column ${csv.header[c]}`;
      if (cell === '') {
        expect(value, where).toBeNull();
        nulls++;
      } else if (parquet.types[c] === 'VARCHAR') expect(value, where).toBe(cell);
      else if (parquet.types[c] === 'INTEGER') expect(value, where).toBe(Number(cell));
      else {
        expect(parquet.types[c], where).toBe('DOUBLE');
        expect(typeof value, where).toBe('number');
        expect(doubleBits(value as number), `${where}: ${value} against ${cell}`).toBe(doubleBits(Number(cell)));
      }
    }
  }
  return { parquet, nulls };
}
