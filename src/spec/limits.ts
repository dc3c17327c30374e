/** Sweep fields a spec may leave out (the schema's defaults; zod-free for the start-up path). */
export const SWEEP_DEFAULTS = { transient: 20_000, record: 1_000 } as const;

/** Bounds that keep a mistyped spec from exhausting memory or time. Each is named in its error. */
export const LIMITS = {
  /** rows of a trajectory table (about 100 bytes each) */
  trajectorySteps: 10_000_000,
  /** weights drawn for a seeded init (each a Gaussian draw) */
  seededWeights: 100_000_000,
  /** weights held in memory by the full-parameter engine (8 bytes each) */
  fullEngineWeights: 20_000_000,
  /** bytes of a spec file, read before parsing (a path such as /dev/zero never ends) */
  specBytes: 10 * 1024 * 1024,
  width: 1e12,
  inputDim: 1e9,
} as const;
