/** Training data as the MLP engine reads it: dense row-major float64 matrices. */
export interface Dataset {
  /** X, examples × inputDim, row-major */
  inputs: Float64Array;
  /** Y, examples × outputs, row-major */
  targets: Float64Array;
  examples: number;
  inputDim: number;
  outputs: number;
  /** the class of each example, for classification data (digits) */
  labels?: Int32Array;
}

/** Throws RangeError when the arrays do not have the declared shapes. */
export function checkDataset(data: Dataset): void {
  const { examples, inputDim, outputs } = data;
  for (const [name, value] of [
    ['examples', examples],
    ['inputDim', inputDim],
    ['outputs', outputs],
  ] as const) {
    if (!Number.isInteger(value) || value < 1) throw new RangeError(`dataset ${name} must be a positive integer, got ${value}`);
  }
  if (data.inputs.length !== examples * inputDim)
    throw new RangeError(`dataset inputs hold ${data.inputs.length} numbers, expected ${examples} × ${inputDim}`);
  if (data.targets.length !== examples * outputs)
    throw new RangeError(`dataset targets hold ${data.targets.length} numbers, expected ${examples} × ${outputs}`);
}
