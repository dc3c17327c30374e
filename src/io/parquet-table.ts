import type { ByteWriter, ColumnSource, ParquetWriter, SchemaElement } from 'hyparquet-writer';

let hyparquet: typeof import('hyparquet-writer') | null = null;

/**
 * Loads hyparquet-writer, which a ParquetTableWriter needs: await it before constructing one. It is
 * 51 modules, so runs that write no Parquet (and the worker threads, which format CSV rows) never
 * load it.
 */
export async function loadParquetWriter(): Promise<void> {
  hyparquet ??= await import('hyparquet-writer');
}

/** A column of a Parquet table: float64, int32 or a dictionary-encoded string. */
export interface ParquetColumn {
  name: string;
  type: 'double' | 'int32' | 'string';
  /** null cells allowed (where the CSV cell would be empty) */
  nullable: boolean;
  /**
   * min/max statistics per row group (default true), which let a reader skip row groups on a
   * filter. They pay off on sorted or few-valued columns; on a column of arbitrary doubles they
   * prune nothing and took 30 % of hyparquet-writer's time.
   */
  statistics?: boolean;
}

/** A table cell, as csvRow takes it: a non-finite number is stored as null, like the CSV's empty cell. */
export type ParquetCell = number | string | null;

/** Rows per row group: a few MB of column buffers, the unit a reader skips or reads in parallel. */
export const PARQUET_ROW_GROUP_ROWS = 65_536;

/**
 * Writes a Parquet table in row groups as rows arrive, to anything with `write(bytes)` (an
 * AtomicFile of an OutputSet, so the file appears all or nothing). Memory holds one row group,
 * whatever the row count. The key-value metadata is written in the footer at `close`, so it can
 * hold figures known only at the end (a run's summary).
 *
 *     await loadParquetWriter();
 *     const table = new ParquetTableWriter(outputs.file('x.parquet'), columns);
 *     for (const row of rows) table.appendRow(row);   // the same cells csvRow gets
 *     table.close({ spec: JSON.stringify(spec) });
 */
export class ParquetTableWriter {
  private readonly writer: ParquetWriter;
  private readonly bytes: ByteWriter;
  private buffers: (ParquetCell[] | Float64Array | Int32Array)[];
  private readonly groupRows: number;
  private rows = 0;
  private closed = false;

  constructor(
    private readonly sink: { write(data: Uint8Array): void },
    private readonly columns: readonly ParquetColumn[],
    options: { rowGroupRows?: number; createdBy?: string } = {},
  ) {
    if (!hyparquet) throw new Error('parquet table: await loadParquetWriter() before constructing a writer');
    this.groupRows = options.rowGroupRows ?? PARQUET_ROW_GROUP_ROWS;
    this.bytes = new hyparquet.ByteWriter();
    // hyparquet-writer calls flush after each row group: the bytes go to the file, the buffer is reused
    Object.assign(this.bytes, { flush: () => this.flushBytes(), finish: () => this.flushBytes() });
    this.writer = new hyparquet.ParquetWriter({
      writer: this.bytes,
      schema: parquetSchema(columns),
      codec: 'SNAPPY',
      createdBy: options.createdBy,
    });
    this.buffers = this.freshBuffers();
  }

  /** Appends one row, cells in column order. */
  appendRow(row: readonly ParquetCell[]): void {
    if (this.closed) throw new Error('parquet table: append after close');
    if (row.length !== this.columns.length) throw new Error(`parquet table: row of ${row.length} cells for ${this.columns.length} columns`);
    const r = this.rows;
    for (let c = 0; c < row.length; c++) {
      const cell = row[c];
      const column = this.columns[c];
      const value = typeof cell === 'number' && !Number.isFinite(cell) ? null : cell;
      if (value === null && !column.nullable) throw new Error(`parquet table: empty cell in column ${column.name}, which is not nullable`);
      if (
        value !== null &&
        (column.type === 'string'
          ? typeof value !== 'string'
          : typeof value !== 'number' || (column.type === 'int32' && (value | 0) !== value))
      ) {
        throw new Error(`parquet table: column ${column.name} (${column.type}) got ${JSON.stringify(value)}`);
      }
      // doubles are kept in a Float64Array, an empty cell as NaN (see groupData)
      if (column.type === 'double') (this.buffers[c] as Float64Array)[r] = value === null ? NaN : (value as number);
      else (this.buffers[c] as ParquetCell[])[r] = value;
    }
    this.rows = r + 1;
    if (this.rows === this.groupRows) this.writeGroup();
  }

  /**
   * Appends `count` rows given column by column, in column order: a double column as numbers
   * (NaN and ±∞ stored as null, as appendRow stores them), an int32 column as integers or null, a
   * string column as strings. Typed arrays are read in place (e.g. a worker's result arrays), so a
   * table of a million rows builds no row objects.
   */
  appendColumns(count: number, columns: readonly ArrayLike<ParquetCell>[]): void {
    if (this.closed) throw new Error('parquet table: append after close');
    if (columns.length !== this.columns.length) throw new Error(`parquet table: ${columns.length} columns for ${this.columns.length}`);
    for (const [c, data] of columns.entries()) {
      if (data.length < count) throw new Error(`parquet table: column ${this.columns[c].name} holds ${data.length} of ${count} rows`);
    }
    for (let done = 0; done < count;) {
      const n = Math.min(count - done, this.groupRows - this.rows);
      for (let c = 0; c < columns.length; c++) this.copyColumn(c, columns[c], done, n);
      this.rows += n;
      done += n;
      if (this.rows === this.groupRows) this.writeGroup();
    }
  }

  private copyColumn(c: number, data: ArrayLike<ParquetCell>, from: number, n: number): void {
    const column = this.columns[c];
    const at = this.rows;
    if (column.type === 'double') {
      const doubles = this.buffers[c] as Float64Array;
      for (let i = 0; i < n; i++) {
        const x = data[from + i];
        if (typeof x === 'number' && Number.isFinite(x)) doubles[at + i] = x;
        else if ((x === null || typeof x === 'number') && column.nullable) doubles[at + i] = NaN;
        else
          throw new Error(
            `parquet table: column ${column.name} (double${column.nullable ? '' : ', not nullable'}) got ${typeof x === 'number' ? String(x) : JSON.stringify(x)}`,
          );
      }
      return;
    }
    const buffer = this.buffers[c] as ParquetCell[];
    for (let i = 0; i < n; i++) {
      const x = data[from + i];
      const ok = x === null ? column.nullable : column.type === 'string' ? typeof x === 'string' : typeof x === 'number' && (x | 0) === x;
      if (!ok) throw new Error(`parquet table: column ${column.name} (${column.type}) got ${JSON.stringify(x)}`);
      buffer[at + i] = x;
    }
  }

  /** Writes the last row group and the footer with `metadata` (key → text). */
  close(metadata: Record<string, string> = {}): void {
    if (this.closed) throw new Error('parquet table: closed twice');
    this.writeGroup();
    this.closed = true;
    this.writer.kvMetadata = Object.entries(metadata).map(([key, value]) => ({ key, value }));
    // not a promise: hyparquet-writer returns one only when the sink's finish does, and flushBytes is synchronous
    void this.writer.finish();
  }

  private writeGroup(): void {
    const n = this.rows;
    if (n === 0) return;
    const columnData: ColumnSource[] = this.columns.map((column, c) => ({
      name: column.name,
      data: groupData(column, this.buffers[c], n),
      // Strings (a few names, such as the regime) are dictionary-encoded. Numbers are PLAIN: a double
      // column almost never repeats (trying a dictionary doubled the write time), and the dictionary
      // hyparquet-writer tries on an int32 column cost a quarter of the whole table's encoding
      // time, for 0.3 % of the file's size
      encoding: column.type === 'string' ? 'RLE_DICTIONARY' : 'PLAIN',
      statistics: column.statistics ?? true,
    }));
    // not a promise: hyparquet-writer returns one only when the sink's flush does, and flushBytes is synchronous
    void this.writer.write({ columnData, rowGroupSize: n });
    this.rows = 0;
    this.buffers = this.freshBuffers();
  }

  /** Doubles and required int32 in typed arrays (no boxed number per cell); strings and nullable int32 in arrays. */
  private freshBuffers(): (ParquetCell[] | Float64Array | Int32Array)[] {
    return this.columns.map((column) =>
      column.type === 'double'
        ? new Float64Array(this.groupRows)
        : column.type === 'int32' && !column.nullable
          ? new Int32Array(this.groupRows)
          : new Array<ParquetCell>(this.groupRows),
    );
  }

  private flushBytes(): void {
    if (this.bytes.index === 0) return;
    this.sink.write(new Uint8Array(this.bytes.buffer, 0, this.bytes.index));
    this.bytes.index = 0;
  }
}

/**
 * A column's first `n` cells as hyparquet-writer takes them. A nullable double column goes as its
 * typed array when the row group has no empty cell (every definition level is then 1, and no cell
 * is boxed), and as an array with null where it has one: the same file either way.
 */
function groupData(
  column: ParquetColumn,
  buffer: ParquetCell[] | Float64Array | Int32Array,
  n: number,
): ParquetCell[] | Float64Array | Int32Array {
  if (Array.isArray(buffer)) return buffer.length === n ? buffer : buffer.slice(0, n);
  const cells = buffer.subarray(0, n);
  if (column.type !== 'double' || !column.nullable) return cells;
  const doubles = cells as Float64Array;
  for (let i = 0; i < n; i++) {
    if (Number.isNaN(doubles[i])) return Array.from(doubles, (x) => (Number.isNaN(x) ? null : x));
  }
  return doubles;
}

function parquetSchema(columns: readonly ParquetColumn[]): SchemaElement[] {
  return [
    { name: 'root', num_children: columns.length },
    ...columns.map((column): SchemaElement => ({
      name: column.name,
      repetition_type: column.nullable ? 'OPTIONAL' : 'REQUIRED',
      ...(column.type === 'double'
        ? { type: 'DOUBLE' }
        : column.type === 'int32'
          ? { type: 'INT32' }
          : { type: 'BYTE_ARRAY', converted_type: 'UTF8', logical_type: { type: 'STRING' } }),
    })),
  ];
}

/**
 * The key-value metadata of a table a run wrote: what the run's JSON holds beside the rows. A
 * summary's optimizer (its spec and stability threshold) also gets a key of its own.
 */
export function runMetadata(meta: { tool: string; version: string }, spec: unknown, summary: object): Record<string, string> {
  const metadata: Record<string, string> = {
    tool: meta.tool,
    version: meta.version,
    spec: JSON.stringify(spec),
    summary: JSON.stringify(summary),
  };
  if ('optimizer' in summary) metadata.optimizer = JSON.stringify(summary.optimizer);
  return metadata;
}
