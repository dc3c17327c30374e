import { isAbsolute } from 'node:path';
import type { ModelKindInfo } from '../kind/model-kind-info.js';

/**
 * The files a spec names that a Kubernetes pod would have to open (an mlp model's CSV dataset and
 * starting weights: its kind says which). They are relative to the spec file, but in a pod the
 * spec is mounted alone (a ConfigMap), so only absolute paths can work, and only if they exist
 * inside the image or on the claim.
 */
export interface PodFile {
  field: string;
  path: string;
  relative: boolean;
}

/** The file paths in a validated spec's model, as written in the spec file (not yet resolved against its folder). */
export function podFiles(kind: Pick<ModelKindInfo, 'namedFiles'>, model: unknown): PodFile[] {
  return (kind.namedFiles?.(model) ?? []).map((file) => ({ ...file, relative: !isAbsolute(file.path) }));
}
