import type { ParquetColumn } from './parquet-table.js';

/**
 * The attractor table's columns (attractorColumns) typed for Parquet: the swept parameter, regime and period are
 * always there; every other figure is empty in the CSV somewhere (a diverged point has no
 * exponents and no final state), so nullable. Counts are int32, the regime a dictionary string.
 * Row-group statistics (min/max) are kept on the swept parameter, which is sorted, so a reader
 * filtering on a parameter range skips whole row groups, and on the regime and period; the figures
 * (exponents, extents, final state) are arbitrary doubles in every row group, where they would
 * prune nothing and cost 30 % of the writer's time.
 */
export function attractorParquetColumns(columns: readonly string[]): ParquetColumn[] {
  return columns.map((name, c): ParquetColumn => {
    if (c === 0) return { name, type: 'double', nullable: false };
    if (name === 'regime') return { name, type: 'string', nullable: false };
    if (name === 'period') return { name, type: 'int32', nullable: false };
    if (name === 'diverged_at') return { name, type: 'int32', nullable: true, statistics: false };
    return { name, type: 'double', nullable: true, statistics: false };
  });
}
