import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { COMMANDS } from '../../src/cli/commands.js';
import { CLI, ROOT, runCli } from '../helpers.js';
import { headingAnchors, markdownFiles, markdownLinks } from './markdown.js';

/**
 * The docs a newcomer reads stay true to the tree and to the CLI: every relative link of README.md
 * and docs/ resolves (file and #anchor), every command of the registry has its page, and every flag
 * its --help prints is on that page.
 */
const read = (path: string) => readFileSync(join(ROOT, path), 'utf8');

describe('README.md and docs/', () => {
  it('link only to files that exist, and to headings those files have', () => {
    const anchors = new Map<string, Set<string>>();
    const anchorsOf = (path: string) => {
      if (!anchors.has(path)) anchors.set(path, headingAnchors(read(path)));
      return anchors.get(path)!;
    };
    const broken: string[] = [];
    const files = markdownFiles(ROOT);
    expect(files.length).toBeGreaterThan(10);
    for (const file of files) {
      for (const { target, line } of markdownLinks(read(file))) {
        if (/^[a-z][a-z\d+.-]*:/i.test(target)) continue; // https:, mailto:: not checked offline
        const [pathPart, anchor] = target.split('#', 2) as [string, string | undefined];
        const path = pathPart === '' ? file : relative(ROOT, join(ROOT, dirname(file), decodeURIComponent(pathPart)));
        const where = `${file}:${line}: ${target}`;
        if (path.startsWith('..') || !existsSync(join(ROOT, path))) broken.push(`${where} (no file ${path})`);
        else if (anchor !== undefined) {
          if (!path.endsWith('.md') || statSync(join(ROOT, path)).isDirectory())
            broken.push(`${where} (an anchor into a file that is not Markdown)`);
          else if (!anchorsOf(path).has(anchor)) broken.push(`${where} (no heading #${anchor} in ${path})`);
        }
      }
    }
    expect(broken).toEqual([]);
  });

  it('give every command of the CLI its page, linked from the README, and no page to a command that is gone', () => {
    const names = COMMANDS.map((c) => c.name);
    expect(names.length).toBeGreaterThanOrEqual(10);
    const missing = names.filter((name) => !existsSync(join(ROOT, 'docs', 'commands', `${name}.md`)));
    expect(missing, 'commands without docs/commands/<name>.md').toEqual([]);
    const pages = readdirSync(join(ROOT, 'docs', 'commands')).map((f) => f.replace(/\.md$/, ''));
    expect(
      pages.filter((page) => !names.includes(page)),
      'pages of no command',
    ).toEqual([]);
    const readmeLinks = new Set(markdownLinks(read('README.md')).map((l) => l.target));
    expect(
      names.filter((name) => !readmeLinks.has(`docs/commands/${name}.md`)),
      'commands the README does not link',
    ).toEqual([]);
  });

  it("name on each command's page every flag that `uvchaos <command> --help` prints", () => {
    expect(existsSync(CLI), `${CLI} is missing: build first (npx tsc -p .)`).toBe(true);
    const missing: string[] = [];
    for (const { name } of COMMANDS) {
      const help = runCli([name, '--help']);
      expect(help.code, help.stderr).toBe(0);
      const options = help.stdout.split('\noptions:\n')[1]?.split('\n\n')[0] ?? '';
      const flags = [...options.matchAll(/^ {2}--([a-z][a-z-]*)/gm)].map((m) => m[1]).filter((flag) => flag !== 'help');
      expect(flags.length, `no flags read from ${name} --help`).toBeGreaterThan(0);
      const page = read(join('docs', 'commands', `${name}.md`));
      for (const flag of flags) if (!new RegExp(`--${flag}(?![a-z-])`).test(page)) missing.push(`${name} --${flag}`);
    }
    expect(missing, 'flags --help prints that the command page does not name').toEqual([]);
  });
});
