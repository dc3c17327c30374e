import { z } from 'zod';

export const DESCRIPTION_MAX_CHARS = 20_000;

/** Fields every spec file has: a name that becomes the output file stem, and optional prose. */
export const specHeader = {
  /** optional editor hint, ignored */
  $schema: z.string().optional(),
  /** output files are <name>.<kind>.<ext>; letters, digits, '.', '_' and '-' only */
  name: z
    .string()
    .regex(/^[A-Za-z0-9][A-Za-z0-9._-]{0,99}$/, 'expected a file-name-safe name: letters, digits, ".", "_" or "-", at most 100 characters'),
  /** figure title; defaults to the name */
  title: z.string().max(200).optional(),
  /** free text for the reader of the spec, ignored (capped: it is copied into attractors.json) */
  description: z.string().max(DESCRIPTION_MAX_CHARS).optional(),
};
