import { createHash } from 'node:crypto';

/**
 * The names a Kubernetes manifest of ours carries. Object names (ConfigMap, Jobs) and the run label
 * are DNS-1123 labels: lowercase letters, digits and '-', at most 63 characters. A spec's name may
 * hold capitals, '.' and '_', so it is cleaned, and cleaning maps several names onto one ('A.b',
 * 'a-b', 'a_b' all give 'a-b'): 8 hex digits of the SHA-256 of the original name keep them apart.
 *
 *   uvchaos-<cleaned name, at most 30>-<hash>-{spec,shards,merge}    at most 54 characters
 *
 * which leaves room for the Indexed Job's pod hostnames, <job name>-<index>, up to index 9999999.
 */
export interface K8sObjectNames {
  /** the `uvchaos/run` label's value: <cleaned>-<hash> */
  run: string;
  spec: string;
  shards: string;
  merge: string;
}

const CLEANED_MAX = 30;

export function k8sObjectNames(specName: string): K8sObjectNames {
  const cleaned =
    specName
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '-')
      .slice(0, CLEANED_MAX)
      .replace(/^-+|-+$/g, '') || 'run';
  const hash = createHash('sha256').update(specName).digest('hex').slice(0, 8);
  const run = `${cleaned}-${hash}`;
  const base = `uvchaos-${run}`;
  return { run, spec: `${base}-spec`, shards: `${base}-shards`, merge: `${base}-merge` };
}

/** A DNS-1123 subdomain, Kubernetes' own pattern: dot-separated labels, each alphanumeric at both ends. */
const DNS_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
const DNS_SUBDOMAIN_MAX = 253;

/** Why `name` is no PersistentVolumeClaim name (a DNS-1123 subdomain), or null if it is one. */
export function claimNameIssue(name: string): string | null {
  if (name.length > DNS_SUBDOMAIN_MAX) return `of at most ${DNS_SUBDOMAIN_MAX} characters, got ${name.length}`;
  if (!DNS_SUBDOMAIN.test(name))
    return `(lowercase letters, digits, '-' and '.', starting and ending with a letter or digit, e.g. uvchaos-data), got ${JSON.stringify(name)}`;
  return null;
}

/**
 * An image reference as registries write them: [host[:port]/]path[:tag][@digest], from letters,
 * digits and . _ - / : @ (the manifest is JSON, so nothing here is ever read by a shell; the check
 * keeps out whitespace and the like, which no registry accepts anyway).
 */
export function isImageReference(image: string): boolean {
  return image.length <= 1024 && /^[A-Za-z0-9][A-Za-z0-9._\-/:@]*$/.test(image);
}
