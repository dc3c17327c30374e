import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';

/**
 * The page: the files of explorer/ at the package root (plain HTML, CSS and ES modules, no build
 * step, no CDN). Resolved from this file so the same path works from src/ and dist/. All of them
 * are read once at start-up into memory; requests only look names up in that map, so no request
 * path ever reaches the file system.
 */
export const CLIENT_DIR = fileURLToPath(new URL('../../explorer/', import.meta.url));

const TYPES: Record<string, string> = {
  html: 'text/html; charset=utf-8',
  js: 'text/javascript; charset=utf-8',
  css: 'text/css; charset=utf-8',
  svg: 'image/svg+xml',
};

export interface StaticFile {
  type: string;
  body: Buffer;
}

/** URL path → file: "/" is index.html, every other file is served at "/<name>". */
export function loadClientFiles(dir = CLIENT_DIR): Map<string, StaticFile> {
  const files = new Map<string, StaticFile>();
  for (const name of readdirSync(dir)) {
    const ext = /^[a-z0-9-]+\.([a-z]+)$/.exec(name)?.[1];
    if (!ext || !TYPES[ext]) continue;
    files.set(`/${name}`, { type: TYPES[ext], body: readFileSync(join(dir, name)) });
  }
  const index = files.get('/index.html');
  if (!index) throw new Error(`internal: the explorer page is missing (${join(dir, 'index.html')})`);
  files.set('/', index);
  return files;
}
