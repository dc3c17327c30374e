import { DIVERGED_COLOR, SETTLING_COLOR } from './density-image.js';
import type { FigureAttractor } from './fractions-figure-input.js';

/**
 * Okabe & Ito's qualitative palette ("Color Universal Design", 2008), told apart by readers with
 * any common colour-vision deficiency and in print; without its black (a black density ramp passes
 * through the greys of divergence), strongest first and yellow last (pale on white paper).
 */
export const ATTRACTOR_PALETTE = ['#0072B2', '#D55E00', '#009E73', '#CC79A7', '#E69F00', '#56B4E9', '#F0E442'] as const;

/** The one colour shared by the attractors beyond the palette (darker than divergence's grey). */
export const OTHER_ATTRACTORS_COLOR = '#6e6e6e';

/** The label of divergence in attractors.csv and in FigureAttractor. */
export const DIVERGED_LABEL = -1;

/**
 * The label of runs still settling (their observable still trends at the end of the record): no
 * attractor yet, so they are neither grouped nor matched, whatever their statistics.
 */
export const SETTLING_LABEL = -2;

/**
 * Each attractor's colour, in input order. Divergence is the repository's diverged grey, runs still
 * settling its settling sienna (as in the bifurcation figure). The attractors get the palette in
 * order of their summed fraction over the grid, most common first (ties to the earlier), so the
 * strongest colours go to the attractors that cover the most of the figure, and a pale one (the
 * palette's yellow) to a rare one. Beyond the palette the rarest share OTHER_ATTRACTORS_COLOR:
 * cycling the palette would draw two attractors in one colour and let a reader take them for one.
 */
export function attractorColours(attractors: readonly FigureAttractor[]): string[] {
  const ranked = attractors
    .map((a, j) => ({ j, total: sum(a.fraction) }))
    .filter(({ j }) => attractors[j].label >= 0)
    .sort((a, b) => b.total - a.total || a.j - b.j);
  const colourOf = new Map(ranked.map(({ j }, rank) => [j, ATTRACTOR_PALETTE[rank] ?? OTHER_ATTRACTORS_COLOR]));
  return attractors.map((a, j) => {
    if (a.label === DIVERGED_LABEL) return DIVERGED_COLOR;
    if (a.label === SETTLING_LABEL) return SETTLING_COLOR;
    return colourOf.get(j)!;
  });
}

/** '#rrggbb' as [r, g, b]. */
export function hexToRgb(hex: string): [number, number, number] {
  const n = parseInt(hex.slice(1), 16);
  return [(n >> 16) & 255, (n >> 8) & 255, n & 255];
}

function sum(values: Float64Array): number {
  let s = 0;
  for (const v of values) s += v;
  return s;
}
