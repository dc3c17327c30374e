import { isAbsolute } from 'node:path';

/**
 * The files a spec names that a Kubernetes pod would have to open: an mlp model's CSV dataset
 * (model.data.path) and its starting weights (model.init.weights). Both are relative to the spec
 * file, but in a pod the spec is mounted alone (a ConfigMap), so only absolute paths can work, and
 * only if they exist inside the image or on the claim.
 */
export interface PodFile {
  field: string;
  path: string;
  relative: boolean;
}

/** The file paths in a spec's raw JSON (already validated, so the fields have their types). */
export function podFiles(raw: unknown): PodFile[] {
  const model = (raw as { model?: { kind?: unknown; data?: { dataset?: unknown; path?: unknown }; init?: { weights?: unknown } } }).model;
  if (model?.kind !== 'mlp') return [];
  const files: PodFile[] = [];
  const add = (field: string, path: unknown) => {
    if (typeof path === 'string') files.push({ field, path, relative: !isAbsolute(path) });
  };
  if (model.data?.dataset === 'csv') add('model.data.path', model.data.path);
  add('model.init.weights', model.init?.weights);
  return files;
}
