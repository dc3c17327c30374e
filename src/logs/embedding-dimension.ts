import { delayEmbed, embeddedLength, meanAndVariance } from './delay-embedding.js';
import { nearestNeighbours } from './nearest-neighbours.js';

/** Kennel, Brown & Abarbanel (1992): a neighbour is false when one more delay coordinate moves it this much farther (relative)… */
const RATIO_TOLERANCE = 10;
/** …or makes the pair farther apart than this many standard deviations of the series. */
const SIZE_TOLERANCE = 2;
/** The embedding is unfolded once at most this fraction of neighbours are false… */
export const FALSE_NEIGHBOUR_THRESHOLD = 0.01;
/**
 * …or once the fraction is at most this and one more dimension no longer halves it: on a finite
 * record a few percent stay false at every m (pairs near the attractor's sparse edges), and
 * climbing to the m where that residue happens to dip under 1 % only thins out the neighbours.
 */
export const FALSE_NEIGHBOUR_PLATEAU = 0.1;

export interface EmbeddingChoice {
  dimension: number;
  /** fraction of false nearest neighbours at each m = 1 … tried (index m − 1) */
  falseFractions: number[];
}

/**
 * The embedding dimension by false nearest neighbours: the smallest m whose neighbours stay
 * neighbours when the (m + 1)-th delay coordinate is added: at most 1 % of them false, or at most
 * 10 % and not halved by m + 1; if no m up to maxDimension qualifies, the one with the fewest.
 */
export function chooseEmbeddingDimension(x: Float64Array, delay: number, theiler: number, maxDimension = 8): EmbeddingChoice {
  const n = x.length;
  const sigma = Math.sqrt(meanAndVariance(x).variance) || 1;

  const falseFractions: number[] = [];
  for (let m = 1; m <= maxDimension; m++) {
    // vectors whose (m + 1)-th coordinate exists
    const count = embeddedLength(n, m + 1, delay);
    if (count < 2 * theiler + 10) break;
    const vectors = delayEmbed(x, m, delay);
    const nn = nearestNeighbours(vectors, m, count, theiler);
    let falses = 0;
    let pairs = 0;
    for (let i = 0; i < count; i++) {
      const j = nn.index[i];
      if (j < 0) continue;
      const d = nn.distance[i];
      const extra = Math.abs(x[i + m * delay] - x[j + m * delay]);
      pairs++;
      if ((d > 0 ? extra / d > RATIO_TOLERANCE : extra > 0) || Math.hypot(d, extra) / sigma > SIZE_TOLERANCE) falses++;
    }
    const fraction = pairs > 0 ? falses / pairs : 1;
    falseFractions.push(fraction);
    if (fraction <= FALSE_NEIGHBOUR_THRESHOLD) return { dimension: m, falseFractions };
    const previous = falseFractions[m - 2];
    if (m >= 2 && previous <= FALSE_NEIGHBOUR_PLATEAU && fraction > previous / 2) return { dimension: m - 1, falseFractions };
  }
  if (falseFractions.length === 0) return { dimension: 1, falseFractions };
  let best = 0;
  for (let k = 1; k < falseFractions.length; k++) if (falseFractions[k] < falseFractions[best]) best = k;
  return { dimension: best + 1, falseFractions };
}
