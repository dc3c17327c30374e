import { createHash } from 'node:crypto';
import { resolve } from 'node:path';
import { readJsonFile } from '../spec/json-source.js';
import type { SweepSpec } from '../spec/sweep-spec.js';
import type { ChunkTask } from '../sweep/chunk.js';
import { toolVersion } from '../version.js';
import type { Shard } from './shard.js';

export type ClusterCommand = 'sweep' | 'phase';

/**
 * What a sweep or phase run computes, in the terms journals, part files and merges need: the
 * engine's spec, raster and plane, and the identity of the spec (its hash over the validated spec,
 * so formatting and key order do not matter, but every value does).
 */
export interface ClusterJob {
  command: ClusterCommand;
  name: string;
  /** absolute path of the spec file (paths inside an mlp spec are relative to it) */
  specFile: string;
  /** the spec file's JSON as written: a part file carries it, so a merge needs no spec file */
  specJson: unknown;
  specHash: string;
  /** what the sweep engine runs (a phase diagram's plane flattened into one grid) */
  sweep: SweepSpec;
  raster: { columns: number; rows: number } | null;
  plane?: ChunkTask['plane'];
}

export function specHash(command: ClusterCommand, spec: unknown): string {
  return createHash('sha256')
    .update(`${command}\n${JSON.stringify(spec)}`)
    .digest('hex');
}

export function clusterJob(
  command: ClusterCommand,
  file: string,
  spec: { name: string },
  engine: { sweep: SweepSpec; raster: ClusterJob['raster']; plane?: ChunkTask['plane'] },
): ClusterJob {
  return { command, name: spec.name, specFile: resolve(file), specJson: readJsonFile(file), specHash: specHash(command, spec), ...engine };
}

/** The first record of a journal or a part file (JSON). */
export interface RunHeader {
  format: 'uvchaos-journal' | 'uvchaos-part';
  formatVersion: 1;
  tool: 'uvchaos';
  version: string;
  command: ClusterCommand;
  name: string;
  specHash: string;
  specFile: string;
  spec: unknown;
  points: number;
  shard: Shard | null;
  /** the grid indices [from, to) this file covers */
  block: [number, number];
}

export function runHeader(format: RunHeader['format'], job: ClusterJob, shard: Shard | null, block: [number, number]): RunHeader {
  return {
    format,
    formatVersion: 1,
    tool: 'uvchaos',
    version: toolVersion(),
    command: job.command,
    name: job.name,
    specHash: job.specHash,
    specFile: job.specFile,
    spec: job.specJson,
    points: job.sweep.sweep.points,
    shard,
    block,
  };
}

/** The short form of a hash in messages. */
export const shortHash = (hash: string) => hash.slice(0, 12);
