// What a chapter tells the learner to do, read from its code blocks in order: the whole-file
// listings, diffs and excerpts for the apps' files, and the shell commands that change them
// (npm run take/reset, npm install/uninstall in a workspace, rm). Used by the follow-along proof.
import { parse as parseShell } from 'shell-quote';
import { apps, type App } from './app-diff.ts';
import { asListing, readBlocks, type Block, type Listing } from './listings.ts';

/** Where an instruction stands in the chapter, for the messages. */
export interface Place {
  section: string;
  line: number;
}

export type Instruction =
  | (Place & { kind: 'listing'; listing: Listing })
  | (Place & { kind: 'take'; step: number; path: string })
  | (Place & { kind: 'install'; app: App; specs: string[]; dev: boolean; exact: boolean })
  | (Place & { kind: 'uninstall'; app: App; names: string[] })
  | (Place & { kind: 'remove'; paths: string[] })
  | (Place & { kind: 'reset'; step: number });

const shellLanguages = new Set(['bash', 'sh', 'shell', 'console', 'zsh', 'powershell', 'ps1']);

/**
 * The commands of a shell block, each as its words: `\` continuations joined, split at `&&`,
 * `||` and `;`, quotes removed, comments dropped (shell-quote does the shell's parsing).
 * `$NAME` stays as written: the chapter's commands are read, not run.
 */
function commandsOf(block: Block): { words: string[]; line: number }[] {
  const commands: { words: string[]; line: number }[] = [];
  let pending = '';
  let startLine = 0;
  for (const { text, line } of block.lines) {
    if (!pending) startLine = line;
    const trimmed = text.trim().replace(/^\$\s+/, '');
    if (trimmed.endsWith('\\')) {
      pending += `${trimmed.slice(0, -1)} `;
      continue;
    }
    let command: string[] = [];
    for (const token of parseShell(pending + trimmed, (name) => `$${name}`)) {
      if (typeof token === 'string') command.push(token);
      else if ('pattern' in token) command.push(token.pattern);
      else if ('op' in token && command.length > 0) {
        commands.push({ words: command, line: startLine });
        command = [];
      }
    }
    pending = '';
    if (command.length > 0) commands.push({ words: command, line: startLine });
  }
  return commands;
}

export const appOf = (path: string) =>
  apps.find((app) => path === app || path.startsWith(`${app}/`));

/** The workspace an `npm install ... -w frontend` names, and the words without that option. */
function workspaceOption(args: string[]): { app?: App; rest: string[] } {
  const rest: string[] = [];
  let app: App | undefined;
  for (let index = 0; index < args.length; index += 1) {
    const arg = args[index]!;
    const name =
      arg === '-w' || arg === '--workspace'
        ? args[++index]
        : arg.startsWith('--workspace=')
          ? arg.slice('--workspace='.length)
          : undefined;
    if (name === undefined) rest.push(arg);
    else app = appOf(name.replace(/^\.\//, '').replace(/\/$/, ''));
  }
  return { app, rest };
}

/** What one command asks for, or undefined when it does not change the apps' files. */
function instructionOf(words: string[], place: Place): Instruction | undefined {
  const [program, verb, ...args] = words;
  if (program === 'npm' && verb === 'run' && args[0] === 'take' && args.length >= 3) {
    return { ...place, kind: 'take', step: Number(args[1]), path: args[2]! };
  }
  if (program === 'npm' && verb === 'run' && args[0] === 'reset' && args.length >= 2) {
    return { ...place, kind: 'reset', step: Number(args[1]) };
  }
  if (program === 'npm' && ['install', 'i', 'add', 'uninstall', 'remove', 'rm'].includes(verb!)) {
    const { app, rest } = workspaceOption(args);
    const specs = rest.filter((arg) => !arg.startsWith('-'));
    if (!app || specs.length === 0) return undefined; // the root's packages, or just installing
    if (['uninstall', 'remove', 'rm'].includes(verb!)) {
      return { ...place, kind: 'uninstall', app, names: specs };
    }
    const flags = new Set(rest.filter((arg) => arg.startsWith('-')));
    return {
      ...place,
      kind: 'install',
      app,
      specs,
      dev: flags.has('-D') || flags.has('--save-dev'),
      exact: flags.has('-E') || flags.has('--save-exact'),
    };
  }
  const removal =
    program === 'rm' ? [verb!, ...args] : program === 'git' && verb === 'rm' ? args : undefined;
  if (removal) {
    const paths = removal.filter((arg) => !arg.startsWith('-') && appOf(arg));
    return paths.length > 0 ? { ...place, kind: 'remove', paths } : undefined;
  }
  return undefined;
}

/** The instructions of a chapter, in the order a learner meets them. */
export function readInstructions(markdown: string): Instruction[] {
  const headings: { line: number; section: string }[] = [];
  markdown
    .replace(/\r\n/g, '\n')
    .split('\n')
    .forEach((text, index) => {
      const heading = /^#{2,3}\s+(.*)$/.exec(text);
      if (heading) headings.push({ line: index + 1, section: heading[1]!.trim() });
    });
  const sectionAt = (line: number) =>
    headings.filter((heading) => heading.line < line).at(-1)?.section ?? '';
  // Headings inside code blocks (`# a comment`) are not sections.
  const blocks = readBlocks(markdown);
  const inBlock = (line: number) =>
    blocks.some((block) => line > block.line && line <= (block.lines.at(-1)?.line ?? block.line));
  headings.splice(0, headings.length, ...headings.filter((heading) => !inBlock(heading.line)));

  const instructions: Instruction[] = [];
  for (const block of blocks) {
    const listing = asListing(block);
    const section = sectionAt(block.line);
    if (listing) {
      if (appOf(listing.title)) {
        instructions.push({ kind: 'listing', listing, section, line: block.line });
      }
      continue;
    }
    if (!shellLanguages.has(block.info.split(/\s+/)[0] ?? '')) continue;
    for (const command of commandsOf(block)) {
      const instruction = instructionOf(command.words, { section, line: command.line });
      if (instruction) instructions.push(instruction);
    }
  }
  return instructions;
}
