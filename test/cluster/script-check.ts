import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * How the two readers of a generated batch script see it, for tests: sbatch reads the `#SBATCH`
 * lines, bash the rest. Commands are stubbed with shell functions that record their argv, so a
 * script or a printed hint can be run for real without running anything but the stubs.
 */

/**
 * The arguments sbatch takes from a script's `#SBATCH` lines, read as Slurm's _get_argument does
 * (src/sbatch/opt.c): words split at whitespace, '…' or "…" group, a backslash escapes the next
 * character, an unquoted '#' ends the line; parsing stops at the first line that is a command.
 */
export function sbatchDirectives(script: string): string[] {
  const args: string[] = [];
  for (const line of script.split('\n')) {
    if (!line.startsWith('#SBATCH')) {
      if (/^\s*[^\s#]/.test(line)) break;
      continue;
    }
    let word: string | null = null;
    let quote = '';
    for (let i = '#SBATCH'.length; i < line.length; i++) {
      const ch = line[i];
      if (!quote && /\s/.test(ch)) {
        if (word !== null) args.push(word);
        word = null;
        continue;
      }
      if (!quote && ch === '#') break;
      word ??= '';
      if (ch === '\\') word += line[++i] ?? '';
      else if (quote && ch === quote) quote = '';
      else if (!quote && (ch === '"' || ch === "'")) quote = ch;
      else word += ch;
    }
    if (word !== null) args.push(word);
  }
  return args;
}

/** Runs `text` in bash with the named commands replaced by stubs; each call's argv, in order. */
function runStubbed(
  text: string,
  stubs: string[],
  env: Record<string, string>,
  cwd?: string,
): { code: number | null; calls: string[][]; stderr: string } {
  const dir = mkdtempSync(join(process.env.UVCHAOS_TEST_TMP ?? tmpdir(), 'stub-'));
  const calls = join(dir, 'calls');
  try {
    // bash (not in POSIX mode) finds functions before builtins, so even exec and cd are stubbed
    const prelude = stubs
      .map((name) => `${name}() { printf '%s\\0' ${name} "$@" >> "$STUB_CALLS"; printf '\\1' >> "$STUB_CALLS"; echo 42; }\n`)
      .join('');
    const result = spawnSync('bash', ['-c', prelude + text], {
      encoding: 'utf8',
      cwd: cwd ?? dir,
      env: { ...process.env, ...env, STUB_CALLS: calls },
    });
    let recorded = '';
    try {
      recorded = readFileSync(calls, 'utf8');
    } catch {
      // no call made
    }
    const parsed = recorded
      .split('\x01')
      .filter((c) => c !== '')
      .map((c) => c.split('\0').slice(0, -1));
    return { code: result.status, calls: parsed, stderr: result.stderr };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** A generated batch script run by bash with `cd` and `exec` stubbed: what it would change to and run. */
export function runScriptStubbed(script: string, env: Record<string, string>): { code: number | null; calls: string[][]; stderr: string } {
  return runStubbed(script, ['cd', 'exec'], env);
}

/** A printed hint pasted into bash with `command` stubbed (it prints 42, a job id): the argv of each call, without the command's name. */
export function runHint(hint: string, command: string, cwd: string): string[][] {
  const ran = runStubbed(hint, [command], {}, cwd);
  if (ran.code !== 0) throw new Error(`the hint failed in bash (${ran.code}): ${ran.stderr}`);
  return ran.calls.map((call) => call.slice(1));
}

/** `bash -n`: the script parses. */
export function bashSyntaxOk(script: string): boolean {
  return spawnSync('bash', ['-n'], { input: script }).status === 0;
}
