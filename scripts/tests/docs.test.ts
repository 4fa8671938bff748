// The documentation's own checks (part of `npm run test:tooling`): every relative link in every
// tracked Markdown file resolves, to a file and to a heading (remark-validate-links, GitHub's
// slugs), every mermaid diagram parses with mermaid's real parser, docs/errata.md covers each
// fault of the original guide with a check that exists, and troubleshooting.md quotes
// `npm run doctor` as it really speaks.
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { JSDOM } from 'jsdom';
import type { Nodes } from 'mdast';
import { toString } from 'mdast-util-to-string';
import type { Mermaid } from 'mermaid';
import { remark } from 'remark';
import remarkGfm from 'remark-gfm';
import { visit } from 'unist-util-visit';
import { beforeAll, describe, expect, it } from 'vitest';
import { checkEnvFiles } from '../lib/doctor-checks.ts';
import { repoRoot } from '../lib/paths.ts';
import { type BrokenLink, brokenLinks } from './support/broken-links.ts';
import { makeScratchFolder } from './support/scratch-folder.ts';

// ---------------------------------------------------------------------------------------------
// Reading markdown the way GitHub shows it
// ---------------------------------------------------------------------------------------------

interface Heading {
  depth: number;
  text: string;
  line: number;
}

interface MarkdownFile {
  source: string;
  headings: Heading[];
  /** Destinations of links, images and link definitions. */
  links: { href: string; line: number }[];
  /** Fenced blocks: language and body. */
  blocks: { lang: string; text: string; line: number }[];
}

const parser = remark().use(remarkGfm);

function readMarkdown(source: string): MarkdownFile {
  const tree = parser.parse(source);
  const file: MarkdownFile = { source, headings: [], links: [], blocks: [] };
  const lineOf = (node: Nodes) => node.position?.start.line ?? 0;
  visit(tree, (node) => {
    if (node.type === 'heading') {
      // The text a heading shows: formatting, HTML tags and image alt texts dropped.
      const text = toString(node, { includeHtml: false, includeImageAlt: false }).trim();
      file.headings.push({ depth: node.depth, text, line: lineOf(node) });
    }
    if (node.type === 'link' || node.type === 'image' || node.type === 'definition')
      file.links.push({ href: node.url, line: lineOf(node) });
    if (node.type === 'code')
      file.blocks.push({ lang: node.lang ?? '', text: node.value, line: lineOf(node) });
  });
  return file;
}

/** Every Markdown file git tracks: the README, docs/, the chapters, CONTRIBUTING.md... */
function documentationFiles(): string[] {
  const listed = execFileSync('git', ['ls-files', '--', '*.md'], {
    cwd: repoRoot,
    encoding: 'utf8',
  });
  return listed.split('\n').filter((path) => path !== '' && existsSync(join(repoRoot, path)));
}

const cache = new Map<string, MarkdownFile>();
function markdown(path: string): MarkdownFile {
  let file = cache.get(path);
  if (!file) {
    file = readMarkdown(readFileSync(join(repoRoot, path), 'utf8'));
    cache.set(path, file);
  }
  return file;
}

const diagrams = (path: string) =>
  markdown(path).blocks.filter((block) => block.lang === 'mermaid');

const isExternal = (href: string) => /^[a-z][a-z\d+.-]*:/i.test(href) || href.startsWith('//');

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
  'authorization',
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
    const { root, write } = makeScratchFolder('docs-doctor');
    for (const [path, content] of Object.entries(files)) write(path, `${content}\n`);
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
  it('when a link names a missing file, a missing heading or a missing image, then it is reported with its line', async () => {
    const { root, write } = makeScratchFolder('docs-links');
    write('docs/a.md', '# Hello, world!\n\n## `withAuth` & co.\n');
    const links = [
      '[fine](a.md#withauth--co)',
      '[file](no-such-file.md)',
      '[heading](a.md#hello-there)',
      '[here](#nope)',
      '![image](missing.png)',
    ];
    write('docs/b.md', `# B\n\n${links.join('\n\n')}\n`);
    const broken = await brokenLinks(root, ['docs/a.md', 'docs/b.md']);
    expect(broken.map(({ file, line }) => `${file}:${line}`)).toEqual([
      'docs/b.md:5',
      'docs/b.md:7',
      'docs/b.md:9',
      'docs/b.md:11',
    ]);
    expect(broken.map((link) => link.reason).join('\n')).toMatch(/no-such-file\.md/);
    expect(broken.map((link) => link.reason).join('\n')).toMatch(/#hello-there.*a\.md/);
  });
});

describe('links in every tracked Markdown file', () => {
  let broken: BrokenLink[] = [];
  beforeAll(async () => {
    broken = await brokenLinks(repoRoot, files);
  });

  it('when the documentation is collected, then the README, docs/ and all six chapters are in it', () => {
    expect(files, 'README.md should be checked').toContain('README.md');
    expect(
      files.filter((path) => /^steps\/[^/]+\/README\.md$/.test(path)).length,
      'Every step folder should have its chapter, README.md',
    ).toBeGreaterThanOrEqual(6);
  });

  it.each(files)('when %s links to a file or a heading, then the target exists', (path) => {
    const problems = broken
      .filter((link) => link.file === path)
      .map((link) => `${link.file}:${link.line}:${link.column} ${link.reason}`);
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

  const withDiagrams = files.filter((path) => diagrams(path).length > 0);

  it('when the architecture page is read, then it has the component and three sequence diagrams', () => {
    const kinds = diagrams('docs/architecture.md').map(
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
    for (const diagram of diagrams(path)) {
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
