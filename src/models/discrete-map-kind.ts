import type { MapDefinition } from '../kind/map-definition.js';
import type { ModelKind, ModelKindInfo } from '../kind/model-kind.js';
import type { TrajectoryFigure, TrajectoryTable } from '../kind/trajectory.js';
import { mapCascadeFamily } from '../maps/map-cascade-family.js';
import { runMapTrajectory, type MapTrajectory } from '../maps/map-trajectory.js';
import { mapPortraitSystem } from '../portrait/portrait-system.js';
import { formatNumber } from '../render/style.js';
import type { GenericModelSpec } from '../spec/model-schema.js';
import type { TrajectorySpec } from '../spec/trajectory-spec.js';
import { computeMapChunk } from '../sweep/map-chunk.js';

/**
 * A discrete map kind, whole, from its descriptor and its definition: the generic batch engine,
 * the cascade family along a parameter, the orbit as its trajectory, and the portrait of its
 * variables. A new map kind is a folder with these two and one line in registry.ts.
 */
export function discreteMapModelKind<M>(
  name: string,
  info: ModelKindInfo,
  definition: (model: M) => MapDefinition,
  prepare?: () => Promise<void>,
): ModelKind {
  const def = definition as (model: unknown) => MapDefinition;
  const orbitFigure = (spec: TrajectorySpec, orbit: MapTrajectory): TrajectoryFigure => ({
    type: 'orbit',
    title: spec.title ?? spec.name,
    subtitle: mapTrajectorySubtitle(spec.model as GenericModelSpec, spec.steps, orbit.divergedAtStep),
    orbit,
  });
  return {
    name,
    info,
    compute: {
      chunk: (task) => computeMapChunk(task, def(task.spec.model)),
      definition: def,
      cascadeFamily: (spec) => mapCascadeFamily(def(spec.model), spec.sweep.parameter!),
    },
    trajectory: {
      savesWeights: false,
      async run(spec) {
        const t = runMapTrajectory(def(spec.model), spec.steps, spec.divergenceBound);
        const state = (c: number) => t.states.subarray(c * t.capacity, c * t.capacity + t.length);
        const columns: Record<string, Float64Array> = { step: Float64Array.from({ length: t.length }, (_, i) => i) };
        t.stateNames.forEach((n, c) => (columns[n] = state(c)));
        const last = t.length - 1;
        return {
          columnNames: ['step', ...t.stateNames],
          columns,
          length: t.length,
          divergedAtStep: t.divergedAtStep,
          figure: orbitFigure(spec, t),
          lastRow:
            last >= 0
              ? `step ${last}: ${t.stateNames.map((n, c) => `${n} ${formatNumber(t.states[c * t.capacity + last])}`).join(', ')}`
              : null,
          divergence: 'a state',
          files: [],
        };
      },
      async figure(spec, table: TrajectoryTable) {
        const names = table.columnNames.slice(1);
        const states = new Float64Array(names.length * table.length);
        names.forEach((n, c) => states.set(table.columns[n], c * table.length));
        return orbitFigure(spec, {
          stateNames: names,
          states,
          capacity: table.length,
          length: table.length,
          divergedAtStep: table.divergedAtStep,
        });
      },
    },
    portrait: { system: (spec) => mapPortraitSystem(def(spec.model)) },
    prepare,
  };
}

/** The line under a map trajectory's title: the map, its parameters, and the steps or where it diverged. */
export function mapTrajectorySubtitle(model: GenericModelSpec, steps: number, divergedAtStep: number | null): string {
  const parameters = 'parameters' in model ? Object.entries(model.parameters).map(([p, v]) => `${p} = ${formatNumber(v)}`) : [];
  return [`${model.kind} map`, ...parameters, divergedAtStep !== null ? `DIVERGED at step ${divergedAtStep}` : `${steps} steps`].join(
    '   ·   ',
  );
}
