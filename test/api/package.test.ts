import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { markdownLinks } from '../docs/markdown.js';
import { ROOT, tempDir } from '../helpers.js';

/**
 * The package as a user gets it: `npm pack`, the tarball installed into a fresh strict TypeScript
 * project (its dependencies from the npm cache, the registry only for what the cache lacks), and
 * every example of the README's "Use as a library" section and of docs/library.md type-checked and
 * run there. Canvas,
 * Chart.js and chartjs-node-canvas are optional peers, so npm does not install them: the
 * computational examples run without them, which proves "uvchaos" never loads them; the figures
 * example runs after linking them in from this repository.
 */
const RENDERING = ['canvas', 'chart.js', 'chartjs-node-canvas'];

function run(command: string, args: string[], cwd: string, timeout = 240_000) {
  const result = spawnSync(command, args, { cwd, encoding: 'utf8', timeout, env: { ...process.env, npm_config_update_notifier: 'false' } });
  return { code: result.status, stdout: result.stdout ?? '', stderr: result.stderr ?? '' };
}

/** The ```ts blocks of the README's "Use as a library" section, then those of docs/library.md. */
function libraryExamples(): string[] {
  const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
  const start = readme.indexOf('\n## Use as a library\n');
  const end = readme.indexOf('\n## ', start + 1);
  expect(start).toBeGreaterThan(0);
  const blocks = (text: string) => [...text.matchAll(/```ts\n([\s\S]*?)```/g)].map((m) => m[1]);
  return [...blocks(readme.slice(start, end)), ...blocks(readFileSync(join(ROOT, 'docs', 'library.md'), 'utf8'))];
}

/** The images the README shows from this repository: the package ships them, so its README has no broken figure. */
function readmeImages(): string[] {
  return markdownLinks(readFileSync(join(ROOT, 'README.md'), 'utf8'))
    .map((link) => link.target)
    .filter((target) => target.endsWith('.png') && !/^[a-z]+:/i.test(target));
}

describe('the packed package', () => {
  // one test; the timeout leaves room for a machine loaded many times over
  it(
    "ships the README's figure but no other, no source maps or bench code, installs without canvas, and runs the library examples as documented",
    { timeout: 600_000 },
    () => {
      const dir = tempDir('uvchaos-package-');
      // the build in dist/ (npm test compiles first; `prepare` is skipped, it would compile again)
      const packed = run('npm', ['pack', '--json', '--ignore-scripts', '--pack-destination', dir], ROOT);
      expect(packed.code, packed.stderr).toBe(0);
      const [pack] = JSON.parse(packed.stdout.slice(packed.stdout.indexOf('['))) as [{ filename: string; files: { path: string }[] }];
      const paths = pack.files.map((f) => f.path);
      const images = readmeImages();
      expect(images.length).toBeGreaterThan(0);
      for (const image of images) expect(paths).toContain(image);
      expect(paths.filter((p) => p.endsWith('.map') || p.startsWith('dist/bench/') || (p.endsWith('.png') && !images.includes(p)))).toEqual(
        [],
      );
      for (const needed of [
        'dist/index.js',
        'dist/index.d.ts',
        'dist/api/render.js',
        'dist/advanced.js',
        'dist/workers/sweep-worker.js',
        'dist/cli/main.js',
        'sweeps/data/digits/digits.csv.gz',
      ]) {
        expect(paths).toContain(needed);
      }

      const project = join(dir, 'project');
      mkdirSync(project);
      writeFileSync(join(project, 'package.json'), JSON.stringify({ name: 'uses-uvchaos', private: true, type: 'module' }));
      const installed = run(
        'npm',
        ['install', '--prefer-offline', '--no-audit', '--no-fund', '--loglevel=error', join(dir, pack.filename)],
        project,
      );
      expect(installed.code, installed.stderr).toBe(0);
      const modules = join(project, 'node_modules');
      for (const name of RENDERING) expect(existsSync(join(modules, name)), `${name} was installed`).toBe(false);

      const examples = libraryExamples();
      expect(examples.length).toBeGreaterThanOrEqual(8);
      mkdirSync(join(project, 'src'));
      examples.forEach((code, i) => writeFileSync(join(project, 'src', `example-${i + 1}.ts`), code));
      writeFileSync(
        join(project, 'tsconfig.json'),
        JSON.stringify({
          compilerOptions: {
            target: 'ES2022',
            module: 'NodeNext',
            moduleResolution: 'NodeNext',
            strict: true,
            skipLibCheck: true,
            outDir: 'out',
            rootDir: 'src',
            types: ['node'],
            // @types/node from this repository: the project itself installs only uvchaos
            typeRoots: [join(ROOT, 'node_modules', '@types')],
          },
          include: ['src'],
        }),
      );
      const tsc = run(process.execPath, [join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', project], project);
      expect(tsc.stdout + tsc.stderr).toBe('');
      expect(tsc.code).toBe(0);

      const renders = (code: string) => code.includes("'uvchaos/render'");
      const runExample = (i: number) => {
        const result = run(process.execPath, [join(project, 'out', `example-${i + 1}.js`)], project);
        expect(result.code, `library example ${i + 1}:\n${examples[i]}\n${result.stderr}`).toBe(0);
        return result;
      };
      const outputs = new Map<number, string>();
      examples.forEach((code, i) => {
        if (!renders(code)) outputs.set(i, runExample(i).stdout);
      });
      const all = [...outputs.values()].join('\n');
      // what the examples' comments promise
      expect(all).toContain('step, loss, f, residual, ntk, sharpness, eta_sharpness');
      expect(all).toContain('map 1000000000000');
      expect(all).toContain('sweep(spec): sweep.to: expected to > from (3), got 2');
      const identity = /λ₁ \+ λ₂ = (\S+) \(ln b = (\S+)\)/.exec(all);
      expect(Math.abs(Number(identity?.[1]) - Number(identity?.[2]))).toBeLessThan(1e-9);
      expect(Number(/r∞ ≈ (\S+)/.exec(all)?.[1])).toBeCloseTo(3.56994567187, 7);

      // the CLI from the package without canvas: one clear line before any work, and cascade still runs
      const cli = join(modules, 'uvchaos', 'dist', 'cli', 'main.js');
      const refused = run(
        process.execPath,
        [cli, 'sweep', join(modules, 'uvchaos', 'sweeps', 'logistic.json'), '--out', join(dir, 'out')],
        project,
      );
      expect(refused.code).toBe(1);
      expect(refused.stderr).toBe(
        'uvchaos: error: sweep draws figures with the optional packages canvas, chart.js, chartjs-node-canvas, and canvas, chart.js, chartjs-node-canvas are not installed; install them with: npm install canvas chart.js chartjs-node-canvas\n',
      );
      expect(existsSync(join(dir, 'out'))).toBe(false);
      const located = run(
        process.execPath,
        [cli, 'cascade', join(modules, 'uvchaos', 'sweeps', 'logistic-cascade.json'), '--out', join(dir, 'out'), '--quiet'],
        project,
      );
      expect(located.stderr).toBe('');
      expect(located.code).toBe(0);

      for (const name of RENDERING) symlinkSync(join(ROOT, 'node_modules', name), join(modules, name), 'dir');
      examples.forEach((code, i) => {
        if (renders(code)) runExample(i);
      });
      for (const png of ['logistic.bifurcation.png', 'henon.trajectory.png']) {
        expect(readFileSync(join(project, png)).subarray(0, 8)).toEqual(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]));
      }
    },
  );
});
