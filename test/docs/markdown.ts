import { readdirSync } from 'node:fs';
import { join, relative } from 'node:path';

/** README.md and every Markdown file under docs/, as paths relative to `root`. */
export function markdownFiles(root: string): string[] {
  const walk = (dir: string): string[] =>
    readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) return walk(path);
      return entry.name.endsWith('.md') ? [relative(root, path)] : [];
    });
  return ['README.md', ...walk(join(root, 'docs')).sort()];
}

/** Per line: whether it is code (a fence line, inside a fenced block, or an indented block). */
function codeLines(markdown: string): boolean[] {
  let inFence = false;
  return markdown.split('\n').map((line) => {
    if (/^\s*(```|~~~)/.test(line)) {
      inFence = !inFence;
      return true;
    }
    return inFence || /^ {4}/.test(line);
  });
}

/**
 * The text with code blocks and inline code spans blanked out (line breaks kept, so line numbers
 * still hold): `[x](y)` or `# x` inside code is an example, not a link or a heading.
 */
export function withoutCode(markdown: string): string {
  const code = codeLines(markdown);
  return markdown
    .split('\n')
    .map((line, i) => (code[i] ? '' : line.replace(/(`+)[\s\S]*?\1/g, (span) => ' '.repeat(span.length))))
    .join('\n');
}

export interface MarkdownLink {
  target: string;
  line: number;
}

/** Inline links and images, `[text](target "title")`, outside code. */
export function markdownLinks(markdown: string): MarkdownLink[] {
  const links: MarkdownLink[] = [];
  withoutCode(markdown)
    .split('\n')
    .forEach((line, i) => {
      for (const match of line.matchAll(/\]\(\s*<?([^)\s>]+)>?(?:\s+"[^"]*")?\s*\)/g)) links.push({ target: match[1], line: i + 1 });
    });
  return links;
}

/**
 * The anchor GitHub gives each heading (as github-slugger does): the heading's text (code, links
 * and emphasis reduced to their text), lower-cased, every character that is not a letter, mark,
 * digit, connector (`_`), space or hyphen removed, spaces turned into hyphens. A repeated anchor
 * gets -1, -2, … in order.
 */
export function headingAnchors(markdown: string): Set<string> {
  const code = codeLines(markdown);
  const seen = new Map<string, number>();
  const anchors = new Set<string>();
  markdown.split('\n').forEach((line, i) => {
    if (code[i] || !/^#{1,6} /.test(line)) return;
    const text = line
      .replace(/^#{1,6} /, '')
      .replace(/!?\[([^\]]*)\]\([^)]*\)/g, '$1')
      .replace(/<[^>]+>/g, '')
      .replace(/[*`]/g, '');
    const base = text
      .trim()
      .toLowerCase()
      .replace(/[^\p{L}\p{M}\p{N}\p{Pc} -]/gu, '')
      .replace(/ /g, '-');
    const count = seen.get(base) ?? 0;
    seen.set(base, count + 1);
    anchors.add(count === 0 ? base : `${base}-${count}`);
  });
  return anchors;
}
