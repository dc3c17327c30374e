/** Paths of the journals this process has open: an interrupted run names them (main.ts). */
export const openJournals = new Set<string>();
