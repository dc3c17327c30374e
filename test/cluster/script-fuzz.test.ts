import { resolve } from 'node:path';
import fc from 'fast-check';
import { ConfigMap } from 'kubernetes-models/v1/ConfigMap';
import { Job } from 'kubernetes-models/batch/v1/Job';
import { describe, expect, it } from 'vitest';
import { UsageError } from '../../src/util/user-errors.js';
import { k8sFlagValues, k8sRunHint } from '../../src/cli/k8s-command.js';
import { k8sManifest } from '../../src/cluster/k8s-manifest.js';
import { k8sObjectNames } from '../../src/cluster/k8s-names.js';
import {
  arrayScript,
  arrayScriptPath,
  checkSlurmPlan,
  mergeScript,
  mergeScriptPath,
  submitHint,
  type SlurmPlan,
} from '../../src/cluster/slurm-scripts.js';
import { sbatchLiteral } from '../../src/cluster/script-words.js';
import { validateSpec } from '../../src/spec/load-spec.js';
import { SpecError } from '../../src/spec/spec-error.js';
import { sweepSpecSchema } from '../../src/spec/sweep-spec.js';
import { uvModel } from './cluster-helpers.js';
import { bashSyntaxOk, runHint, runScriptStubbed, sbatchDirectives } from './script-check.js';

/**
 * Property tests over everything a user names that ends up in a generated script, manifest or
 * printed hint: the spec path, --out, the working directory, the spec's name, --partition/--time,
 * --volume, --image and --merge-wait. Any input gives the script or one clear usage/spec error;
 * an accepted one reaches bash and sbatch as exactly the words it was.
 */

/** Characters that break naive quoting, weighted in; plus any code point at all. */
const HOSTILE = [
  '\n',
  '\r',
  '\t',
  '\0',
  '\x1b',
  '\x7f',
  '\u0085',
  ' ',
  "'",
  '"',
  '$',
  '`',
  '\\',
  '%',
  '#',
  '(',
  ')',
  ';',
  '&',
  '|',
  '*',
  '?',
  '~',
  '!',
  '{',
  '}',
  '=',
  ':',
  '.',
  '-',
  '_',
  '/',
  'a',
  'Z',
  '7',
  'é',
  '→',
];
const hostileText = fc.oneof(fc.string({ unit: fc.constantFrom(...HOSTILE), maxLength: 24 }), fc.string({ unit: 'binary', maxLength: 24 }));
/** The same without control characters: inputs the commands accept, to check their quoting. */
const printableText = fc.string({ unit: fc.constantFrom(...HOSTILE.filter((c) => !/\p{Cc}/u.test(c))), minLength: 1, maxLength: 24 });
const CONTROL = /\p{Cc}/u;

const sweepSpec = (name: string) => ({
  name,
  model: uvModel,
  sweep: { from: 0.9, to: 1.95, points: 31 },
  transient: 300,
  record: 64,
  period: { max: 16 },
});

interface SlurmInput {
  name: string;
  specPath: string;
  out: string;
  workDir: string;
  partition?: string;
  time?: string;
}

/** What `uvchaos slurm` does with these inputs, without the files: the plan and its texts, or the error. */
function slurmRun(input: SlurmInput) {
  const spec = validateSpec('spec.json', sweepSpec(input.name), sweepSpecSchema);
  const paths = {
    specFile: resolve('/home/u', input.specPath),
    out: resolve('/home/u', input.out),
    workDir: resolve('/', input.workDir),
    node: '/usr/bin/node',
    cli: '/opt/uvchaos/dist/cli/main.js',
    partition: input.partition,
    time: input.time,
  };
  checkSlurmPlan(paths);
  const plan: SlurmPlan = { ...paths, command: 'sweep', name: spec.name, shards: 3, cpusPerTask: 2 };
  return { plan, array: arrayScript(plan), merge: mergeScript(plan), hint: submitHint(plan) };
}

/** A refusal must be a usage or spec error of one line. */
function expectClearError(err: unknown): void {
  expect(err instanceof UsageError || err instanceof SpecError, String(err)).toBe(true);
  expect((err as Error).message).not.toMatch(/[\n\r]/);
}

describe('uvchaos slurm over hostile names and paths', () => {
  it('any input: the scripts, or one clear error; no control character from the input in any line', () => {
    const input = fc.record({
      name: hostileText,
      specPath: hostileText,
      out: hostileText,
      workDir: hostileText,
      partition: fc.option(hostileText, { nil: undefined }),
      time: fc.option(hostileText, { nil: undefined }),
    });
    fc.assert(
      fc.property(input, (i) => {
        let run;
        try {
          run = slurmRun(i);
        } catch (err) {
          expectClearError(err);
          return;
        }
        for (const text of [run.array, run.merge, run.hint]) expect(text.replace(/\n/g, '')).not.toMatch(CONTROL);
      }),
      { seed: 42, numRuns: 2000 },
    );
  });

  it('accepted paths: bash -n passes, sbatch and bash read every path back exactly, the hint runs nothing else', () => {
    const input = fc.record({ specPath: printableText, out: printableText, workDir: printableText });
    fc.assert(
      fc.property(input, (i) => {
        let run;
        try {
          run = slurmRun({ ...i, name: 'fuzz.run_1' });
        } catch (err) {
          // printable paths are refused only for a backslash in --out
          expect((err as Error).message).toMatch(/^slurm: --out .* contains a backslash/);
          expect(resolve('/home/u', i.out)).toContain('\\');
          return;
        }
        const { plan, array, merge, hint } = run;
        expect(bashSyntaxOk(array)).toBe(true);
        expect(bashSyntaxOk(merge)).toBe(true);
        expect(sbatchDirectives(array)).toEqual([
          '--job-name=uvchaos-fuzz.run_1',
          '--array=0-2',
          '--ntasks=1',
          '--cpus-per-task=2',
          `--output=${sbatchLiteral(plan.out)}/fuzz.run_1.slurm-%A_%a.log`,
        ]);
        expect(sbatchDirectives(merge)).toEqual([
          '--job-name=uvchaos-fuzz.run_1-merge',
          '--ntasks=1',
          '--cpus-per-task=1',
          `--output=${sbatchLiteral(plan.out)}/fuzz.run_1.slurm-merge-%j.log`,
        ]);
        const task = runScriptStubbed(array, { SLURM_CPUS_PER_TASK: '2' });
        expect(task.calls).toEqual([
          ['cd', '--', plan.workDir],
          [
            'exec',
            plan.node,
            plan.cli,
            'sweep',
            plan.specFile,
            '--out',
            plan.out,
            '--shard',
            'auto/3',
            '--workers',
            '2',
            '--resume',
            '--quiet',
          ],
        ]);
        expect(runScriptStubbed(merge, {}).calls[1]).toEqual([
          'exec',
          plan.node,
          plan.cli,
          'merge',
          `${plan.out}/fuzz.run_1.part-*-of-3.uvpart`,
          '--out',
          plan.out,
          '--quiet',
        ]);
        expect(runHint(hint, 'sbatch', '/')).toEqual([
          ['--parsable', arrayScriptPath(plan)],
          ['--dependency=afterok:42', mergeScriptPath(plan)],
        ]);
      }),
      { seed: 42, numRuns: 25 },
    );
  });
});

const k8sPlan = {
  command: 'sweep' as const,
  specText: '{}',
  shards: 4,
  parallelism: 2,
  image: 'registry.example/uvchaos:0.1.0',
  volume: 'uvchaos-data',
  cpus: 1,
  mergeWaitSeconds: 86_400,
};
const DNS_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
/** Valid spec names, biased towards ones that clean alike: one stem with '.', '_', '-' and capitals swapped. */
const specName = fc.stringMatching(/^[A-Za-z0-9][A-Za-z0-9._-]{0,99}$/);
const lookalike = (name: string) =>
  fc
    .array(fc.constantFrom('.', '_', '-', 'X', 'x'), { minLength: name.length, maxLength: name.length })
    .map((subs) =>
      [...name]
        .map((c, k) =>
          /[._-]/.test(c) && /[._-]/.test(subs[k])
            ? subs[k]
            : /[a-z]/i.test(c) && /x/i.test(subs[k])
              ? subs[k] === 'X'
                ? c.toUpperCase()
                : c.toLowerCase()
              : c,
        )
        .join(''),
    );

describe('uvchaos k8s over hostile names', () => {
  it('any spec name: a spec error, or objects named as valid DNS-1123 labels that pass the API schema', () => {
    fc.assert(
      fc.property(hostileText, (name) => {
        let spec;
        try {
          spec = validateSpec('spec.json', sweepSpec(name), sweepSpecSchema);
        } catch (err) {
          expectClearError(err);
          return;
        }
        const list = k8sManifest({ ...k8sPlan, name: spec.name });
        for (const item of list.items) {
          const metadata = item.metadata as { name: string; labels: Record<string, string> };
          expect(metadata.name).toMatch(DNS_LABEL);
          expect(metadata.name.length).toBeLessThanOrEqual(54);
          expect(metadata.labels['uvchaos/run']).toMatch(DNS_LABEL);
          if (item.kind === 'Job') new Job(item as never).validate();
          else new ConfigMap(item as never).validate();
        }
      }),
      { seed: 42, numRuns: 300 },
    );
  });

  it('distinct spec names never share an object name, lookalikes included', () => {
    const pair = fc.oneof(
      fc.tuple(specName, specName),
      specName.chain((a) => fc.tuple(fc.constant(a), lookalike(a))),
    );
    fc.assert(
      fc.property(pair, ([a, b]) => {
        fc.pre(a !== b);
        const [x, y] = [k8sObjectNames(a), k8sObjectNames(b)];
        const names = [x.spec, x.shards, x.merge, y.spec, y.shards, y.merge];
        expect(new Set(names).size).toBe(6);
        expect(x.run).not.toBe(y.run);
      }),
      { seed: 42, numRuns: 3000 },
    );
  });

  it('any --volume, --image and --merge-wait: a one-line usage error, or values a manifest carries as they are', () => {
    const flags = fc.record({
      volume: fc.oneof(hostileText, fc.stringMatching(/^[a-z0-9][a-z0-9.-]{0,300}$/)),
      image: fc.oneof(hostileText, fc.constant('registry.example/uvchaos:0.1.0')),
      'merge-wait': fc.oneof(hostileText, fc.constantFrom('24h', '90m', '3d', '1s', '0s', '366d')),
    });
    fc.assert(
      fc.property(flags, (f) => {
        let values;
        try {
          values = k8sFlagValues(f);
        } catch (err) {
          expectClearError(err);
          expect((err as Error).message).toMatch(/^k8s: --(image|volume|merge-wait) /);
          if (f.volume.length > 253 && /--volume/.test((err as Error).message))
            expect((err as Error).message).toMatch(/at most 253 characters/);
          return;
        }
        expect(values.volume.length).toBeLessThanOrEqual(253);
        expect(values.volume).toMatch(/^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/);
        expect(`${values.image}${values.volume}`).not.toMatch(CONTROL);
        expect(values.mergeWaitSeconds).toBeGreaterThanOrEqual(1);
        const list = k8sManifest({ ...k8sPlan, name: 'n', ...values });
        for (const item of list.items) if (item.kind === 'Job') new Job(item as never).validate();
      }),
      { seed: 42, numRuns: 1000 },
    );
  });

  it('the printed run hint, pasted into bash, applies exactly the manifest written, whatever its path', () => {
    fc.assert(
      fc.property(printableText, (out) => {
        const manifest = resolve('/home/u', out, 'n.k8s.json');
        const calls = runHint(k8sRunHint(manifest, 'uvchaos-n-12345678-merge', 86_400), 'kubectl', '/');
        expect(calls).toEqual([
          ['apply', '-f', manifest],
          ['wait', '--for=condition=complete', '--timeout=25h', 'job/uvchaos-n-12345678-merge'],
        ]);
      }),
      { seed: 42, numRuns: 25 },
    );
  });
});
