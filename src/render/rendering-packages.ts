import { createRequire } from 'node:module';

/** The packages only figures need: optional peer dependencies of uvchaos (canvas is native). */
export const RENDERING_PACKAGES = ['canvas', 'chart.js', 'chartjs-node-canvas'] as const;

/** The rendering packages that cannot be resolved from here (none in a full install). */
export function missingRenderingPackages(): string[] {
  const require = createRequire(import.meta.url);
  return RENDERING_PACKAGES.filter((name) => {
    try {
      require.resolve(name);
      return false;
    } catch {
      return true;
    }
  });
}

/** What to tell a user who runs a figure-drawing command without them. */
export function renderingPackagesMessage(command: string, missing: readonly string[]): string {
  return (
    `${command} draws figures with the optional packages ${RENDERING_PACKAGES.join(', ')}, and ${missing.join(', ')} ${missing.length > 1 ? 'are' : 'is'} not installed; ` +
    `install them with: npm install ${RENDERING_PACKAGES.join(' ')}`
  );
}
