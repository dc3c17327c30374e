import { spawn, type ChildProcess } from 'node:child_process';
import { CLI, ROOT } from '../helpers.js';

export interface ExploreProcess {
  child: ChildProcess;
  url: string;
  stderr: () => string;
  /** sends SIGINT (Ctrl-C) and resolves with the exit code */
  interrupt(): Promise<number | null>;
}

/** Starts the built CLI's `explore` on a free port and waits for the URL it prints. */
export function startExplore(spec: string, extra: string[] = []): Promise<ExploreProcess> {
  const child = spawn(process.execPath, [CLI, 'explore', spec, '--port', '0', ...extra], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  let err = '';
  child.stderr!.on('data', (d: Buffer) => (err += d.toString()));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`explore printed no URL within 60 s; stderr: ${err}`));
    }, 60_000);
    child.stdout!.on('data', (d: Buffer) => {
      out += d.toString();
      const url = /(http:\/\/127\.0\.0\.1:\d+\/)/.exec(out)?.[1];
      if (!url) return;
      clearTimeout(timer);
      resolve({
        child,
        url,
        stderr: () => err,
        interrupt: () => {
          child.kill('SIGINT');
          return exited;
        },
      });
    });
    // `exited` never rejects, and once the URL is out this reject is a no-op: nothing to await
    void exited.then((code) => {
      clearTimeout(timer);
      reject(new Error(`explore exited with ${code} before printing a URL; stderr: ${err}`));
    });
  });
}
