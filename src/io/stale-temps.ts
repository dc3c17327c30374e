import { readdirSync, unlinkSync } from 'node:fs';
import { join } from 'node:path';
import { otherProcessAlive } from './process-alive.js';

/**
 * Removes the temp files of outputs `<name>.*` in `dir` left by runs that were killed outright
 * (kill -9, power loss), which no cleanup handler saw: `.<name>.<suffix>.tmp-<pid>-<nonce>`
 * (see tempPathFor) whose process is gone. Temps of a live process are kept. Returns the removed names.
 */
export function removeStaleTemps(dir: string, name: string): string[] {
  const pattern = new RegExp(`^\\.${name.replace(/[.\-]/g, '\\$&')}\\..+\\.tmp-(\\d+)-[0-9a-z]+$`);
  const removed: string[] = [];
  let entries: string[];
  try {
    entries = readdirSync(dir);
  } catch {
    return removed; // a folder we may write but not list (mode -wx): nothing to clean that we can see
  }
  for (const entry of entries) {
    const match = pattern.exec(entry);
    if (!match || otherProcessAlive(Number(match[1]))) continue;
    try {
      unlinkSync(join(dir, entry));
      removed.push(entry);
    } catch {
      /* removed meanwhile, or not ours to remove: a later run tries again */
    }
  }
  return removed;
}
