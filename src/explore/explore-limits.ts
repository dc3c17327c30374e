/**
 * What one explorer request may cost. The budget bounds grid points × (transient + record) steps
 * of a view: about 2–4 s of UV sweeping on two cores, far longer for expression maps and mlps
 * (their steps cost more; the same budget applies). The caps bound what the server holds for a
 * view (its raster, its pixels, an mlp's recorded samples) and sends (two frames of RGBA pixels).
 * A request over any of them gets a 413 naming it (explore/view-cost.ts).
 */
export const EXPLORE_LIMITS = {
  /** grid points × (transient + record) per view */
  budget: 2e8,
  /** grid points (columns) per view */
  maxColumns: 4000,
  /**
   * The rendered plot area, in pixels: each side, and width × height. The page asks for at most
   * 1600 × 420; a frame's pixels are drawn on the main thread (about 0.15 s per million pixels,
   * more on a busy machine), so the cap also bounds how long a frame holds up other requests.
   */
  maxWidth: 4000,
  maxHeight: 3000,
  maxPixels: 1e6,
  /** bytes of a view's response: its two frames (RGBA pixels and header), before gzip */
  maxResponseBytes: 10e6,
  /** recorded samples (columns × record) the main thread holds for kinds whose workers send them back (mlp) */
  maxSamples: 4e6,
  /** views (and orbits and exports) one client address may have running at once; more get a 429 */
  viewsPerClient: 4,
  /** a response whose reader takes nothing for this long is cut off, and its sweep cancelled */
  stallTimeoutMs: 30_000,
  /** a connection that has not sent a whole request head within this long is closed */
  headersTimeoutMs: 20_000,
  /** the coarse pass sweeps every coarseFactor-th column's worth of points, at least minCoarse */
  coarseFactor: 8,
  minCoarse: 16,
  /** progress frames of a view (progress=1) are at least this far apart, but for each pass's last */
  progressIntervalMs: 250,
} as const;
