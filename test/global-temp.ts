import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * Vitest global setup: one parent directory for every test's temporary files, removed when the
 * run ends, so a run leaves nothing in /tmp (each run used to leave about 150 directories). The
 * test processes start after this and inherit the variable.
 */
export default function setup(): () => void {
  const root = mkdtempSync(join(tmpdir(), 'uvchaos-tests-'));
  process.env.UVCHAOS_TEST_TMP = root;
  return () => rmSync(root, { recursive: true, force: true });
}
