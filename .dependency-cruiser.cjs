// The layer rules of docs/architecture.md, checked by `npm run lint` (depcruise src).
// Layers from the top down: a folder may import its own layer and the layers below, never one above.
// Type-only imports count too: a lower layer should not even name a higher layer's types.
// To move a folder, or to add one (the neutral interfaces, new kinds of tools), edit LAYERS only.
/** @type {{ name: string, folders: string[] }[]} */
const LAYERS = [
  // the commands: parse flags, call the library, write the files
  { name: 'commands', folders: ['cli'] },
  // the library a user calls, and what is built on it: the explorer's server, the cluster launchers,
  // the logged-run reader (logs/), the benchmarks, and the package's entry files
  { name: 'library', folders: ['api', 'explore', 'cluster', 'logs', 'bench', 'workers', 'index.ts', 'advanced.ts'] },
  // one object per model kind, built by the kind's own folder
  { name: 'models', folders: ['models'] },
  // the engine, its analyses, the tables and rasters, and the files: they see a kind only through the neutral interfaces
  { name: 'engine', folders: ['sweep', 'analysis', 'maps', 'portrait', 'io', 'render', 'optimizers', 'schedules', 'training'] },
  // leaf helpers and the neutral interfaces every layer above may name
  { name: 'neutral', folders: ['kind', 'util', 'random', 'wasm', 'version.ts'] },
  // spec/ stands beside the layers: the validated spec is assembled from each kind's own schema in models/ (docs/architecture.md, rule 4)
];

/** A path pattern for the folders (or root files) of some layers. */
const pathOf = (layers) =>
  `^src/(${layers
    .flatMap((layer) => layer.folders)
    .join('|')
    .replaceAll('.', '\\.')})(/|$)`;

const layerRules = LAYERS.slice(1).map((layer, i) => ({
  name: `${layer.name}-imports-upward`,
  comment: `${layer.name} (${layer.folders.join(', ')}) may not import a layer above it (${LAYERS.slice(0, i + 1)
    .map((above) => above.name)
    .join(', ')})`,
  severity: 'error',
  from: { path: pathOf([layer]) },
  to: { path: pathOf(LAYERS.slice(0, i + 1)) },
}));

module.exports = {
  forbidden: [
    ...layerRules,
    {
      name: 'cli-imported-from-below',
      comment: 'the commands are the top: a folder in no layer (spec/, or a new one) does not import src/cli either',
      severity: 'error',
      from: { path: '^src/', pathNot: [pathOf(LAYERS)] },
      to: { path: '^src/cli/' },
    },
    {
      name: 'no-circular',
      comment:
        'a circular import makes load order matter and hides which module owns what (type-only edges have no load order and are left out)',
      severity: 'error',
      from: {},
      to: { circular: true, viaOnly: { dependencyTypesNot: ['dynamic-import', 'type-only'] } },
    },
    {
      // The one allowed cycle: the command registry (cli/commands.ts) loads each command with a dynamic
      // import, so `--help` loads none of them, and each command imports the registry's one-line summaries.
      // Any other cycle that goes through a dynamic import is still an error.
      name: 'no-circular-lazy',
      comment: 'a cycle through a dynamic import is allowed only through the lazy command registry src/cli/commands.ts',
      severity: 'error',
      from: {},
      to: {
        circular: true,
        via: { dependencyTypes: ['dynamic-import'] },
        viaOnly: { pathNot: '^src/cli/commands\\.ts$', dependencyTypesNot: ['type-only'] },
      },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    // `import type` is an edge too
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: { exportsFields: ['exports'], conditionNames: ['import', 'require', 'node', 'default', 'types'] },
  },
};
