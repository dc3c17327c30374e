import type { CsvDataSpec } from './csv-dataset.js';
import { loadCsvDataset } from './csv-dataset.js';
import type { Dataset } from './dataset.js';
import { loadDigits, type DigitsDataSpec } from './digits.js';

export type DataSpec = DigitsDataSpec | CsvDataSpec;

/** Loads the data set a spec's `data` field describes (see loadDigits and loadCsvDataset). */
export function loadDataset(spec: DataSpec, options: { specFile?: string } = {}): Dataset {
  return spec.dataset === 'digits' ? loadDigits(spec, options) : loadCsvDataset(spec, options);
}
