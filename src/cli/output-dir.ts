import { mkdirSync, statSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { describeFsError, errorCode } from '../io/file-error.js';
import { OutputSet } from '../io/output-set.js';
import { UsageError } from '../util/user-errors.js';

/**
 * Creates the output folder if needed and locks the name in it (a second run of the same name into
 * the same folder refuses); the run's files <name>.<suffix> go in it all or nothing.
 */
export function prepareOutputs(dir: string, name: string): OutputSet {
  makeFolder(dir);
  return OutputSet.open(dir, name, `--out ${dir}`);
}

/**
 * mkdir -p with every step bounded. Node 20's recursive mkdirSync loops forever (ENOENT ⇄ EEXIST)
 * where a file system refuses new folders, as /proc does, and the loop blocks Ctrl-C: here each
 * missing folder is created once, from the nearest existing ancestor down, and any refusal is a
 * one-line error naming the folder.
 */
function makeFolder(dir: string): void {
  const target = resolve(dir);
  const refuse = (folder: string, what: string) => new UsageError(`--out ${dir}: ${folder === target ? '' : `${folder}: `}${what}`);
  const missing: string[] = [];
  for (let folder = target; ; folder = dirname(folder)) {
    let stat;
    try {
      stat = statSync(folder, { throwIfNoEntry: false });
    } catch (err) {
      throw refuse(folder, `cannot use it as a folder: ${describeFsError(err)}`);
    }
    if (stat?.isDirectory()) break;
    if (stat) throw refuse(folder, 'expected a folder, found a file');
    missing.push(folder);
    if (dirname(folder) === folder) break;
  }
  for (const folder of missing.reverse()) {
    try {
      mkdirSync(folder);
    } catch (err) {
      // created meanwhile by another run: fine if it is a folder
      if (errorCode(err) === 'EEXIST' && statSync(folder, { throwIfNoEntry: false })?.isDirectory()) continue;
      throw refuse(folder, `cannot create the folder: ${describeFsError(err)}`);
    }
  }
}
