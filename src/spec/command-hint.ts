/**
 * The top-level key that marks each kind of spec file, and the commands that read it. Used to
 * turn `unknown key "sweep"` on a trajectory run into "this is a spec for uvchaos sweep".
 */
const MARKERS: ReadonlyArray<{ key: string; commands: string }> = [
  { key: 'steps', commands: '"uvchaos trajectory"' },
  { key: 'sweep', commands: '"uvchaos sweep" or "uvchaos cascade"' },
  { key: 'grid', commands: '"uvchaos phase"' },
  { key: 'window', commands: '"uvchaos portrait"' },
  { key: 'trajectories', commands: '"uvchaos portrait"' },
];

/** A hint naming the command a spec belongs to, when it carries another command's marker key. */
export function otherCommandHint(raw: unknown, knownTopLevelKeys: readonly string[]): string | null {
  if (!raw || typeof raw !== 'object' || Array.isArray(raw)) return null;
  const marker = MARKERS.find((m) => Object.hasOwn(raw, m.key) && !knownTopLevelKeys.includes(m.key));
  return marker ? `this looks like a spec for ${marker.commands} (it has "${marker.key}")` : null;
}
