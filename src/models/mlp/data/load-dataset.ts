import { SpecError } from '../../../spec/spec-error.js';
import type { CsvDataSpec, CsvLabels } from './csv-dataset.js';
import { loadCsvDataset } from './csv-dataset.js';
import type { Dataset } from './dataset.js';
import { loadDigits, type DigitsDataSpec } from './digits.js';

export type DataSpec = DigitsDataSpec | CsvDataSpec;

/**
 * Loads the data set a spec's `data` field describes (see loadDigits and loadCsvDataset). `labels`:
 * the loss is cross-entropy, which reads class labels: a CSV's target column as integer labels, and
 * the digits with targets ±1 or one-hot (so targetScale must stay 1).
 */
export function loadDataset(spec: DataSpec, options: { specFile?: string; labels?: CsvLabels } = {}): Dataset {
  if (spec.dataset === 'csv') return loadCsvDataset(spec, options);
  if (options.labels && spec.targetScale !== 1)
    throw new SpecError(
      options.specFile ?? '(data spec)',
      'model.data.targetScale',
      `cross-entropy reads the classes as labels, so targetScale must be 1, got ${spec.targetScale}`,
    );
  return loadDigits(spec, options);
}
