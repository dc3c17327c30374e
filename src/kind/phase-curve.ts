/** A boundary the theory draws in a phase diagram's (η, y) plane, as η(y). */
export interface PhaseCurve {
  label: string;
  color: string;
  dash: number[];
  xOf: (y: number) => number;
}
