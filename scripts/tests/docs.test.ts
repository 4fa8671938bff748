// The documentation's own checks (part of `npm run test:tooling`): every relative link in
// README.md, docs/**/*.md and the chapters resolves, every #anchor names a heading (GitHub's
// slugs), every mermaid diagram parses with mermaid's real parser, docs/errata.md covers each
// fault of the original guide with a check that exists, and troubleshooting.md quotes
// `npm run doctor` as it really speaks.
import { existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import GithubSlugger from 'github-slugger';
import { JSDOM } from 'jsdom';
import { Lexer, type Token } from 'marked';
import type { Mermaid } from 'mermaid';
import { beforeAll, describe, expect, it } from 'vitest';
import { checkEnvFiles } from '../lib/doctor-checks.ts';
import { repoRoot, scratchDir } from '../lib/paths.ts';

// ---------------------------------------------------------------------------------------------
// Reading markdown the way GitHub shows it
// ---------------------------------------------------------------------------------------------

interface Link {
  href: string;
  line: number;
}

interface Diagram {
  text: string;
  line: number;
}

interface Heading {
  depth: number;
  text: string;
  slug: string;
  line: number;
}

interface MarkdownFile {
  /** Relative to the repository root, with forward slashes. */
  path: string;
  source: string;
  headings: Heading[];
  /** Every id a #fragment may name: heading slugs and explicit id/name attributes. */
  anchors: Set<string>;
  links: Link[];
  diagrams: Diagram[];
  /** Fenced blocks: language and body. */
  blocks: { lang: string; text: string; line: number }[];
}

const lineAt = (source: string, index: number) =>
  source.slice(0, Math.max(0, index)).split('\n').length;

/** The text a heading shows (what GitHub slugs): formatting and HTML tags dropped. */
function plainText(tokens: Token[] | undefined): string {
  return (tokens ?? [])
    .map((token) => {
      if (token.type === 'html' || token.type === 'image' || token.type === 'br') return '';
      if ('tokens' in token && token.tokens && token.tokens.length > 0)
        return plainText(token.tokens);
      return 'text' in token ? String(token.text) : '';
    })
    .join('');
}

const attribute = (html: string, name: string) =>
  [...html.matchAll(new RegExp(`\\b${name}\\s*=\\s*["']([^"']+)["']`, 'gi'))].map(
    (match) => match[1]!,
  );

export function readMarkdown(path: string, source: string): MarkdownFile {
  const file: MarkdownFile = {
    path,
    source,
    headings: [],
    anchors: new Set(),
    links: [],
    diagrams: [],
    blocks: [],
  };
  const slugger = new GithubSlugger();
  let cursor = 0;
  // Tokens come in document order; each one's raw text is found after the previous one's,
  // which gives a line number for messages.
  const locate = (raw: string) => {
    const index = source.indexOf(raw, cursor);
    if (index >= 0) cursor = index;
    return lineAt(source, index >= 0 ? index : cursor);
  };

  const walk = (tokens: Token[]) => {
    for (const token of tokens) {
      const line =
        token.type === 'link' || token.type === 'image'
          ? lineAt(source, source.indexOf(token.raw, cursor))
          : locate(token.raw);
      if (token.type === 'heading') {
        const text = plainText(token.tokens).trim();
        const slug = slugger.slug(text);
        file.headings.push({ depth: token.depth, text, slug, line });
        file.anchors.add(slug);
      }
      if (token.type === 'link' || token.type === 'image')
        file.links.push({ href: token.href, line });
      if (token.type === 'html') {
        for (const href of [...attribute(token.raw, 'href'), ...attribute(token.raw, 'src')])
          file.links.push({ href, line });
        for (const id of [...attribute(token.raw, 'id'), ...attribute(token.raw, 'name')])
          file.anchors.add(id);
      }
      if (token.type === 'code') {
        const lang = (token.lang ?? '').split(/\s+/)[0] ?? '';
        file.blocks.push({ lang, text: token.text, line });
        if (lang === 'mermaid') file.diagrams.push({ text: token.text, line });
      }
      if (token.type === 'table') {
        for (const cell of [...token.header, ...token.rows.flat()]) walk(cell.tokens);
      }
      if (token.type === 'list') walk(token.items);
      if ('tokens' in token && token.tokens) walk(token.tokens);
    }
  };
  walk(new Lexer({ gfm: true }).lex(source));
  return file;
}

/** README.md, docs/**\/*.md and every chapter (steps/*\/README.md). */
function documentationFiles(): string[] {
  const found = ['README.md'];
  const visit = (dir: string) => {
    for (const entry of readdirSync(join(repoRoot, dir), { withFileTypes: true })) {
      const path = `${dir}/${entry.name}`;
      if (entry.isDirectory()) visit(path);
      else if (entry.name.endsWith('.md')) found.push(path);
    }
  };
  visit('docs');
  for (const step of readdirSync(join(repoRoot, 'steps')).sort()) {
    if (existsSync(join(repoRoot, 'steps', step, 'README.md')))
      found.push(`steps/${step}/README.md`);
  }
  return found.filter((path) => existsSync(join(repoRoot, path)));
}

const cache = new Map<string, MarkdownFile>();
function markdown(path: string): MarkdownFile {
  let file = cache.get(path);
  if (!file) {
    file = readMarkdown(path, readFileSync(join(repoRoot, path), 'utf8'));
    cache.set(path, file);
  }
  return file;
}

const isExternal = (href: string) => /^[a-z][a-z\d+.-]*:/i.test(href) || href.startsWith('//');

/** What is wrong with one link of a file, or undefined when it resolves. */
export function linkProblem(
  from: string,
  href: string,
  read: (path: string) => MarkdownFile | undefined,
): string | undefined {
  if (isExternal(href)) return undefined;
  const hash = href.indexOf('#');
  const pathPart = (hash >= 0 ? href.slice(0, hash) : href).split('?')[0]!;
  const anchor = hash >= 0 ? decodeURIComponent(href.slice(hash + 1)) : undefined;
  let target = from;
  if (pathPart !== '') {
    const decoded = decodeURIComponent(pathPart);
    const absolute = decoded.startsWith('/')
      ? join(repoRoot, decoded)
      : resolve(repoRoot, dirname(from), decoded);
    target = relative(repoRoot, absolute).split('\\').join('/');
    if (target.startsWith('..') || !existsSync(absolute))
      return `points at ${target}, which does not exist`;
    if (statSync(absolute).isDirectory())
      return anchor ? `has an anchor on a folder (${target})` : undefined;
  }
  if (anchor === undefined || anchor === '' || !target.endsWith('.md')) return undefined;
  const targetFile = read(target);
  if (!targetFile) return `points into ${target}, which could not be read`;
  if (targetFile.anchors.has(anchor)) return undefined;
  const near = targetFile.headings
    .map((heading) => heading.slug)
    .filter((slug) => slug.includes(anchor.split('-')[0] ?? anchor));
  return `names #${anchor}, but ${target} has no such heading${near.length ? ` (did you mean #${near.slice(0, 3).join(', #')}?)` : ''}`;
}

// ---------------------------------------------------------------------------------------------
// Mermaid, with the parser mermaid itself uses when it draws a diagram
// ---------------------------------------------------------------------------------------------

let mermaid: Mermaid;

/** mermaid expects a browser: DOMPurify, which cleans labels, needs a window and a document. */
async function loadMermaid(): Promise<Mermaid> {
  const { window } = new JSDOM('<!doctype html><html><body></body></html>', {
    pretendToBeVisual: true,
  });
  const global = globalThis as Record<string, unknown>;
  for (const name of [
    'window',
    'document',
    'DOMParser',
    'Element',
    'HTMLElement',
    'Node',
    'NodeFilter',
    'DocumentFragment',
  ]) {
    global[name] =
      name === 'window' ? window : (window as unknown as Record<string, unknown>)[name];
  }
  const { default: loaded } = await import('mermaid');
  loaded.initialize({ startOnLoad: false });
  return loaded;
}

/** The parser's complaint, or undefined when the diagram parses. */
async function diagramProblem(text: string): Promise<string | undefined> {
  try {
    await mermaid.parse(text);
    return undefined;
  } catch (error) {
    return (error as Error).message.split('\n').slice(0, 4).join('\n      ');
  }
}

// ---------------------------------------------------------------------------------------------
// The errata: one entry per fault of the original guide
// ---------------------------------------------------------------------------------------------

/**
 * Short keys of the faults listed in DESIGN.md ("Known faults of the original guide") and of
 * the others found since. Each must appear in a `###` heading of docs/errata.md.
 */
const faultKeys = [
  // DESIGN.md's list
  'next-auth v3 API',
  'create-next-app',
  'refresh cookie',
  'cookie-parser',
  'cors',
  'session mutation',
  'rotation',
  'parallel 401',
  'authorize errors',
  'NoSQL injection',
  'client-only guard',
  // found while building the steps
  'useNewUrlParser',
  '400 instead of 409',
  'register race',
  'input validation',
  'body limit',
  'error handling',
  'graceful shutdown',
  'hard-coded URL',
  'NEXTAUTH_SECRET',
  'algorithm',
  'never stored',
  'token types',
  'login timing',
  'email case',
  '72 bytes',
  'pre-save next',
  'dotenv',
  'raw error code',
  'callbackUrl',
  'missing profile route',
  'Postman only',
  'session lifetime',
  'silent sign-out',
  'withCredentials',
  'login throttling',
];

interface ErrataEntry {
  heading: Heading;
  body: string;
}

function errataEntries(): ErrataEntry[] {
  const file = markdown('docs/errata.md');
  const lines = file.source.split('\n');
  const entries = file.headings.filter((heading) => heading.depth === 3);
  return entries.map((heading) => {
    const next = file.headings.find((other) => other.line > heading.line && other.depth <= 3);
    return {
      heading,
      body: lines.slice(heading.line, next ? next.line - 1 : undefined).join('\n'),
    };
  });
}

const testFilePattern = /^steps\/\d\d-[^/]+\/tests\/[^/]+\.(test|spec)\.ts$/;

/** Links of an entry, resolved from docs/, as repository paths. */
function entryLinks(body: string): { path: string; line: string }[] {
  const found: { path: string; line: string }[] = [];
  for (const line of body.split('\n')) {
    for (const match of line.matchAll(/\]\(([^)\s#]+)(?:#[^)]*)?\)/g)) {
      if (isExternal(match[1]!)) continue;
      found.push({
        path: relative(repoRoot, resolve(repoRoot, 'docs', decodeURIComponent(match[1]!)))
          .split('\\')
          .join('/'),
        line,
      });
    }
  }
  return found;
}

/** A test's name as it is written in its file: quotes unescaped, so `frontend\'s` reads `frontend's`. */
const testSource = (path: string) =>
  readFileSync(join(repoRoot, path), 'utf8').replace(/\\(['"`])/g, '$1');

// ---------------------------------------------------------------------------------------------
// npm run doctor, as troubleshooting.md quotes it
// ---------------------------------------------------------------------------------------------

/** Every line of every string the doctor can print, as a pattern (`${...}` matches anything). */
function doctorPatterns(): RegExp[] {
  const sources = ['scripts/lib/doctor-checks.ts', 'scripts/doctor.ts', 'scripts/db/launch.ts'].map(
    (path) => readFileSync(join(repoRoot, path), 'utf8'),
  );
  const literals = sources.flatMap((source) =>
    [...source.matchAll(/`((?:\\[\s\S]|[^`\\])*)`|'((?:\\.|[^'\\\n])*)'/g)].map(
      (match) => match[1] ?? match[2]!,
    ),
  );
  const patterns: RegExp[] = [];
  for (const literal of literals) {
    // Placeholders first, so a '\n' inside a ${...} expression does not split the message.
    const text = literal
      .replace(/\$\{(?:[^{}]|\{[^{}]*\})*\}/g, '\u0000')
      .replace(/\\([`'"\\])/g, '$1')
      .replace(/\\n/g, '\n');
    for (const line of text.split('\n')) {
      const parts = line.trim().split('\u0000');
      // Too little fixed text to recognise a message by.
      if (parts.join('').replace(/\W/g, '').length < 12) continue;
      patterns.push(
        new RegExp(
          `^${parts.map((part) => part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('.+?')}$`,
        ),
      );
    }
  }
  return patterns;
}

/**
 * The env-file lines, made by the doctor's own checkEnvFiles on small example files: their
 * templates (`${file.path}: ${problems.join('; ')}`) have too little fixed text to match by.
 * Numbers are left open, so "is 6 characters" matches "is 5 characters".
 */
function doctorEnvFileLines(): RegExp[] {
  const cases = [
    { 'backend/.env': 'JWT_SECRET=', 'frontend/.env.local': 'NEXTAUTH_SECRET=' },
    { 'backend/.env': 'JWT_SECRET=short', 'frontend/.env.local': 'NEXTAUTH_SECRET=short' },
  ];
  return cases.flatMap((files) => {
    const root = scratchDir('docs-doctor');
    for (const [path, content] of Object.entries(files)) {
      mkdirSync(dirname(join(root, path)), { recursive: true });
      writeFileSync(join(root, path), `${content}\n`);
    }
    return checkEnvFiles(root).map(
      (finding) =>
        new RegExp(
          `^${finding.text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&').replace(/\d+/g, '\\d+')}$`,
        ),
    );
  });
}

// ---------------------------------------------------------------------------------------------
// The checks
// ---------------------------------------------------------------------------------------------

const files = documentationFiles();

describe('the link checker itself', () => {
  const fake = (path: string, source: string) => readMarkdown(path, source);
  const read = (path: string) =>
    path === 'docs/a.md'
      ? fake('docs/a.md', '# Hello, world!\n\n## `withAuth` & co.\n\n## Hello, world!\n')
      : undefined;

  it('when a heading has punctuation, code or a duplicate, then its slug is the one GitHub makes', () => {
    expect([...read('docs/a.md')!.anchors]).toEqual([
      'hello-world',
      'withauth--co',
      'hello-world-1',
    ]);
  });

  it('when a link names a missing file or a missing heading, then it is reported', () => {
    expect(linkProblem('docs/a.md', 'no-such-file.md', read)).toMatch(/does not exist/);
    expect(linkProblem('docs/a.md', '#hello-there', read)).toMatch(/no such heading/);
    expect(linkProblem('docs/a.md', '#withauth--co', read)).toBeUndefined();
    expect(linkProblem('docs/a.md', 'https://example.com/x', read)).toBeUndefined();
  });
});

describe('links in README.md, docs/ and the chapters', () => {
  it('when the documentation is collected, then the README, docs/ and all six chapters are in it', () => {
    expect(files, 'README.md should be checked').toContain('README.md');
    expect(
      files.filter((path) => path.startsWith('steps/')).length,
      'Every step folder should have its chapter, README.md',
    ).toBeGreaterThanOrEqual(6);
  });

  it.each(files)('when %s links to a file or a heading, then the target exists', (path) => {
    const file = markdown(path);
    const problems = file.links
      .map((link) => ({
        link,
        problem: linkProblem(path, link.href, (target) =>
          existsSync(join(repoRoot, target)) ? markdown(target) : undefined,
        ),
      }))
      .filter((entry) => entry.problem)
      .map(({ link, problem }) => `${path}:${link.line} (${link.href}) ${problem}`);
    expect(
      problems,
      `Fix these links (paths are relative to the file; anchors use GitHub's heading slugs):\n${problems.join('\n')}`,
    ).toEqual([]);
  });
});

describe('mermaid diagrams', () => {
  beforeAll(async () => {
    mermaid = await loadMermaid();
  }, 60_000);

  it('when a diagram has a syntax error, then the parser refuses it (the check is not a no-op)', async () => {
    expect(
      await diagramProblem('sequenceDiagram\n  A->>B: hello\n'),
      'A valid diagram should parse',
    ).toBeUndefined();
    expect(
      await diagramProblem('flowchart LR\n  A["a<br/>label"] --> B\n'),
      'A label with HTML should parse (DOMPurify needs the jsdom window)',
    ).toBeUndefined();
    expect(
      await diagramProblem('sequenceDiagram\n  A->>>B hello\n'),
      'A broken arrow should be refused',
    ).toMatch(/Parse error/);
  });

  const withDiagrams = files.filter((path) => markdown(path).diagrams.length > 0);

  it('when the architecture page is read, then it has the component and three sequence diagrams', () => {
    const kinds = markdown('docs/architecture.md').diagrams.map(
      (diagram) => diagram.text.trim().split(/\s/)[0],
    );
    expect(
      kinds.filter((kind) => kind === 'flowchart').length,
      'docs/architecture.md needs a flowchart of the components',
    ).toBeGreaterThanOrEqual(1);
    expect(
      kinds.filter((kind) => kind === 'sequenceDiagram').length,
      'docs/architecture.md needs the sign-in, expired-token and reuse sequences',
    ).toBeGreaterThanOrEqual(3);
  });

  it.each(withDiagrams)('when %s has mermaid blocks, then each one parses', async (path) => {
    const problems: string[] = [];
    for (const diagram of markdown(path).diagrams) {
      const problem = await diagramProblem(diagram.text);
      if (problem) problems.push(`${path}:${diagram.line}\n      ${problem}`);
    }
    expect(problems, `These diagrams would not render on GitHub:\n${problems.join('\n')}`).toEqual(
      [],
    );
  });
});

describe('docs/errata.md', () => {
  const entries = existsSync(join(repoRoot, 'docs/errata.md')) ? errataEntries() : [];

  it.each(faultKeys)('when the fault "%s" is looked up, then an errata heading names it', (key) => {
    const headings = entries.map((entry) => entry.heading.text);
    expect(
      headings.some((text) => text.toLowerCase().includes(key.toLowerCase())),
      `docs/errata.md needs a ### heading containing "${key}"; headings now: ${headings.join(' | ')}`,
    ).toBe(true);
  });

  it('when the entries are counted, then there is one per key and no entry without a key', () => {
    const unkeyed = entries.filter(
      (entry) =>
        !faultKeys.some((key) => entry.heading.text.toLowerCase().includes(key.toLowerCase())),
    );
    expect(
      unkeyed.map((entry) => entry.heading.text),
      'Add a key for each new entry to faultKeys in scripts/tests/docs.test.ts',
    ).toEqual([]);
  });

  it.each(entries.map((entry) => [entry.heading.text, entry] as const))(
    'when the entry "%s" is read, then it says what the guide does, what goes wrong, the fix and the check',
    (_title, entry) => {
      for (const part of ['The guide', 'What goes wrong', 'The fix', 'The check']) {
        expect(
          entry.body,
          `The entry "${entry.heading.text}" needs a "**${part}**" part`,
        ).toContain(`**${part}`);
      }
      const links = entryLinks(entry.body);
      const fixes = links.filter((link) =>
        /^(steps\/\d\d-[^/]+\/(frontend|backend)\/|scripts\/)/.test(link.path),
      );
      expect(
        fixes.map((link) => link.path),
        `"${entry.heading.text}" should link the file of the fix (steps/NN-*/frontend|backend/... or scripts/...)`,
      ).not.toEqual([]);
      const checks = links.filter((link) => testFilePattern.test(link.path));
      expect(
        checks.map((link) => link.path),
        `"${entry.heading.text}" should link a check in steps/NN-*/tests/`,
      ).not.toEqual([]);
      for (const check of checks) {
        expect(
          existsSync(join(repoRoot, check.path)),
          `"${entry.heading.text}" links ${check.path}, which does not exist`,
        ).toBe(true);
        // The test names quoted on the same line must be tests of that file.
        const names = [...check.line.matchAll(/`([^`]+)`/g)]
          .map((match) => match[1]!)
          .filter((name) => !name.endsWith('.ts'));
        expect(
          names,
          `"${entry.heading.text}": name the test after the link to ${check.path}, in backticks`,
        ).not.toEqual([]);
        const source = testSource(check.path);
        for (const name of names) {
          // The whole name, between its quotes: a shortened name is not the test's name.
          const named = ["'", '"', '`'].some((quote) => source.includes(`${quote}${name}${quote}`));
          expect(named, `"${entry.heading.text}": ${check.path} has no test named "${name}"`).toBe(
            true,
          );
        }
      }
    },
  );
});

describe('the rest of the documentation', () => {
  const readme = existsSync(join(repoRoot, 'README.md')) ? markdown('README.md') : undefined;
  const linked = new Set((readme?.links ?? []).map((link) => link.href.split('#')[0]));

  it.each([
    'docs/architecture.md',
    'docs/errata.md',
    'docs/production.md',
    'docs/troubleshooting.md',
    'docs/facilitator.md',
    'docs/decisions/README.md',
  ])('when README.md is read, then it links %s', (path) => {
    expect(existsSync(join(repoRoot, path)), `${path} should exist`).toBe(true);
    expect(linked.has(path), `README.md's Documentation section should link ${path}`).toBe(true);
  });

  const decisions = existsSync(join(repoRoot, 'docs/decisions'))
    ? readdirSync(join(repoRoot, 'docs/decisions')).filter((name) =>
        /^\d{3}-[a-z0-9-]+\.md$/.test(name),
      )
    : [];

  it('when the decision records are listed, then there are at least seven and the index links each one', () => {
    expect(
      decisions.length,
      'docs/decisions/ should hold the records 001 to 007',
    ).toBeGreaterThanOrEqual(7);
    const index = new Set(markdown('docs/decisions/README.md').links.map((link) => link.href));
    expect(
      decisions.filter((name) => !index.has(name)),
      'docs/decisions/README.md should link every record',
    ).toEqual([]);
  });

  it.each(decisions)(
    'when the record %s is read, then it has Context, Decision and Consequences',
    (name) => {
      const headings = markdown(`docs/decisions/${name}`).headings.map((heading) => heading.text);
      for (const part of ['Context', 'Decision', 'Consequences']) {
        expect(headings, `docs/decisions/${name} needs a "## ${part}" heading`).toContain(part);
      }
    },
  );

  it('when troubleshooting.md quotes npm run doctor, then every quoted line is one the doctor prints', () => {
    const patterns = [...doctorPatterns(), ...doctorEnvFileLines()];
    const quoted = markdown('docs/troubleshooting.md')
      .blocks.filter((block) => block.lang === 'text')
      .flatMap((block) =>
        block.text.split('\n').map((text, index) => ({ text, line: block.line + 1 + index })),
      )
      .filter(({ text }) => /^\s*[✔!✖] /.test(text));
    expect(
      quoted.length,
      'troubleshooting.md should quote the doctor line for each problem, in ```text blocks',
    ).toBeGreaterThanOrEqual(8);
    const unknown = quoted.filter(
      ({ text }) =>
        !patterns.some((pattern) => pattern.test(text.replace(/^\s*[✔!✖] /, '').trim())),
    );
    expect(
      unknown.map(({ text, line }) => `docs/troubleshooting.md:${line}: ${text}`),
      'These lines are not what scripts/lib/doctor-checks.ts prints; quote it as it is',
    ).toEqual([]);
  });
});
