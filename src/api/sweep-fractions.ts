import type { ModelKind } from '../kind/model-kind.js';
import type { SweepSpec } from '../spec/sweep-spec.js';
import type { ChunkResult } from '../sweep/chunk.js';
import { FractionsCollector, type FractionsData } from '../sweep/fractions-collector.js';
import { drawInitialConditions } from '../sweep/initial-condition-draws.js';
import type { SweepOutcome } from '../sweep/run-sweep.js';
import type { EngineOptions } from './engine-run.js';
import { sweepRaster } from './sweep-run.js';
import { runEngine } from './engine-run.js';
import { runSweep } from '../sweep/run-sweep.js';
import type { SweepEngine } from '../cluster/replay-engine.js';

/** A sweep with initialConditions: the runs' summed raster and what its attractors come to. */
export interface FractionsOutcome extends SweepOutcome {
  fractions: FractionsData;
}

/**
 * The K specs of a sweep with initialConditions: run 0 is the spec itself (its own start), run
 * k ≥ 1 starts from the kind's k-th initial condition (the box's k-th draw, seed init.seed + k, or
 * the k-th perturbation), everything else as written. Without the field, the spec itself.
 */
export function initialConditionSpecs(kind: ModelKind, spec: SweepSpec): SweepSpec[] {
  const ic = spec.initialConditions;
  if (!ic) return [spec];
  const kindIc = kind.info.initialConditions;
  const draws = drawInitialConditions(ic, kindIc.boxNames(spec.model));
  return Array.from({ length: ic.count }, (_, k) =>
    k === 0
      ? spec
      : {
          ...spec,
          model: kindIc.modelOf(spec.model, k, draws?.[k] ?? null, ic) as SweepSpec['model'],
        },
  );
}

/**
 * Runs a sweep with initialConditions: the K runs one after another on one worker pool (one
 * runEngine call), all in the first run's raster layout (its y range is given to the others), each
 * chunk handed to `onChunk(k, chunk)` in grid order, then grouped and matched into attractors.
 * The outcome's raster is the sum over the runs.
 */
export async function runSweepFractions(
  kind: ModelKind,
  spec: SweepSpec,
  options: Omit<EngineOptions, 'raster' | 'saveSeries' | 'engine'>,
  onChunk: (k: number, chunk: ChunkResult) => void,
): Promise<FractionsOutcome> {
  const ic = spec.initialConditions;
  if (!ic) throw new Error('runSweepFractions: the spec has no initialConditions');
  const specs = initialConditionSpecs(kind, spec);
  const points = spec.sweep.points;
  let collector: FractionsCollector | null = null;
  const engine: SweepEngine = async (engineKind, _spec, engineOptions) => {
    let first: SweepOutcome | null = null;
    let raster: Uint32Array | null = null;
    let clipped = 0;
    for (const [k, runSpec] of specs.entries()) {
      // the first run fixes the layout (its pilot run or the spec's yRange); the others reuse it
      const layout = first?.layout;
      const shared: SweepSpec = layout ? { ...runSpec, image: { ...runSpec.image, yRange: [layout.yMin, layout.yMax] } } : runSpec;
      const pending: ChunkResult[] = [];
      const outcome = await runSweep(
        engineKind,
        shared,
        {
          ...engineOptions,
          saveSeries: true,
          onProgress: (done) => options.onProgress?.(k * points + done, ic.count * points),
          onComputed: (result, computedLayout) => {
            // a pilot-run layout is known before the first chunk: no need to hold the first run's series
            if (!collector && computedLayout)
              collector = new FractionsCollector(points, ic.count, spec.record, ic.tolerance, computedLayout);
            options.onComputed?.(result, computedLayout);
          },
        },
        (chunk) => {
          if (collector) {
            collector.add(k, chunk);
            onChunk(k, chunk);
          } else pending.push(chunk); // the first run's layout is known once it ends (mlp: from its samples)
        },
      );
      if (!first) {
        first = outcome;
        collector ??= new FractionsCollector(points, ic.count, spec.record, ic.tolerance, outcome.layout);
        for (const chunk of pending) {
          collector.add(k, chunk);
          onChunk(k, chunk);
        }
      }
      if (outcome.raster) {
        raster ??= new Uint32Array(outcome.raster.length);
        for (let p = 0; p < raster.length; p++) raster[p] += outcome.raster[p];
      }
      clipped += outcome.clipped;
    }
    return { layout: first!.layout, raster, clipped };
  };
  const outcome = await runEngine('sweep', kind, spec, { ...options, raster: sweepRaster(spec), engine }, () => {});
  return { ...outcome, fractions: collector!.finish() };
}
