import { readdirSync, statSync } from 'node:fs';
import { basename, join } from 'node:path';
import { UsageError } from '../util/user-errors.js';
import { describeFsError } from '../io/file-error.js';
import { shortHash } from './cluster-job.js';
import type { StoredChunkRef } from './journal.js';
import { readPart, type PartContents } from './part-file.js';
import { PART_EXTENSION } from './shard.js';

const PART_PATTERN = new RegExp(`\\.part-(\\d+)-of-(\\d+)\\.${PART_EXTENSION}$`);

/** The part files named on the command line: a folder's `*.part-K-of-N.uvpart`, or the files given. */
export function partFilesFrom(paths: string[]): string[] {
  if (paths.length === 1) {
    let stat;
    try {
      stat = statSync(paths[0]);
    } catch (err) {
      throw new UsageError(`merge: ${paths[0]}: ${describeFsError(err)}`);
    }
    if (stat.isDirectory()) {
      const files = readdirSync(paths[0])
        .filter((f) => PART_PATTERN.test(f))
        .sort()
        .map((f) => join(paths[0], f));
      if (files.length === 0)
        throw new UsageError(`merge: ${paths[0]}: no part files (<name>.part-K-of-N.${PART_EXTENSION}) in this folder`);
      return files;
    }
  }
  return paths;
}

/** A complete, consistent set of parts: one spec, one version, shards 0 … N−1 once each. */
export interface PartSet {
  parts: PartContents[];
  /** every chunk of the grid, sorted by start */
  chunks: StoredChunkRef[];
  computeSeconds: number;
  workers: number;
}

/**
 * Reads and checks every part; any problem refuses the merge with one line that lists all of them:
 * damaged or truncated files, parts of different specs, versions or splits, shards given twice or
 * missing.
 */
export function checkPartSet(files: string[]): PartSet {
  const problems: string[] = [];
  const parts: PartContents[] = [];
  for (const file of files) {
    const part = readPart(file);
    if ('problem' in part) problems.push(part.problem);
    else parts.push(part);
  }
  const differ = (what: string, key: (p: PartContents) => string) => {
    const groups = new Map<string, string[]>();
    for (const p of parts) groups.set(key(p), [...(groups.get(key(p)) ?? []), basename(p.file)]);
    if (groups.size > 1) problems.push(`${what}: ${[...groups].map(([k, names]) => `${k} (${names.join(', ')})`).join(' vs ')}`);
    return groups.size > 1;
  };
  const specsDiffer = differ(
    'parts of different specs',
    (p) => `${p.header.command} "${p.header.name}" spec ${shortHash(p.header.specHash)}`,
  );
  differ('parts from different uvchaos versions', (p) => p.header.version);
  const splitsDiffer = differ('parts of different splits', (p) => `N = ${p.header.shard?.count}`);
  const gridsDiffer = differ('parts of different grids', (p) => `${p.header.points} points`);
  if (parts.length > 0 && !specsDiffer && !splitsDiffer && !gridsDiffer) {
    const count = parts[0].header.shard!.count;
    const byIndex = new Map<number, string[]>();
    for (const p of parts) byIndex.set(p.header.shard!.index, [...(byIndex.get(p.header.shard!.index) ?? []), basename(p.file)]);
    for (const [index, names] of [...byIndex].sort((a, b) => a[0] - b[0])) {
      if (names.length > 1) problems.push(`shard ${index} of ${count} given ${names.length} times (${names.join(', ')})`);
    }
    const missing = Array.from({ length: count }, (_, i) => i).filter((i) => !byIndex.has(i));
    if (missing.length > 0) problems.push(`${missing.length === 1 ? 'shard' : 'shards'} ${listIndices(missing)} of ${count} missing`);
  }
  if (problems.length > 0)
    throw new UsageError(
      `merge: refusing to merge ${files.length} part file${files.length > 1 ? 's' : ''}, nothing written: ${problems.join('; ')}`,
    );
  parts.sort((a, b) => a.header.shard!.index - b.header.shard!.index);
  return {
    parts,
    chunks: parts.flatMap((p) => p.chunks),
    computeSeconds: parts.reduce((s, p) => s + p.end.computeSeconds, 0),
    workers: parts.reduce((s, p) => s + p.end.workers, 0),
  };
}

/** "3", "2, 5, 7", or "4, 5, 6, … (12 in all)" for long lists. */
function listIndices(indices: number[]): string {
  return indices.length <= 8 ? indices.join(', ') : `${indices.slice(0, 6).join(', ')}, … (${indices.length} in all)`;
}
