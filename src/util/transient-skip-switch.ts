/**
 * The exact transient skip (docs/performance.md) is on unless the environment sets
 * UVCHAOS_NO_SKIP=1: a diagnostic, used by the byte-identity tests and the bench's baseline. Read
 * once, when a thread loads this module (every worker thread inherits its process's environment).
 */
export const TRANSIENT_SKIP = process.env.UVCHAOS_NO_SKIP !== '1';
