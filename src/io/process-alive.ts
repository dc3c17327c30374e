/**
 * Whether another process with this pid is running on this machine. Our own pid counts as gone:
 * a file naming it was left by an earlier process that had the same pid (containers reuse pid 1),
 * since this process looks for such files before it makes any.
 */
export function otherProcessAlive(pid: number): boolean {
  if (!Number.isSafeInteger(pid) || pid <= 0 || pid === process.pid) return false;
  try {
    process.kill(pid, 0); // signal 0: only checks that the process exists
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM'; // exists, owned by another user
  }
}
