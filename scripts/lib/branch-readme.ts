// The README of a step branch: a banner that says what the branch is and how to run and check
// it, then the step's chapter with its links pointed at what the branch holds.
import { posix } from 'node:path';
import { branchName as branchOf, type Step } from './steps.ts';

/** The banner: which step this is, its neighbours, how to run it, check it and diff it. */
export function branchBanner(step: Step, steps: Step[]): string {
  const position = steps.findIndex((candidate) => candidate.number === step.number);
  const previous = position > 0 ? steps[position - 1] : undefined;
  const next = steps[position + 1];
  const branch = branchOf(step);
  const around = [
    previous ? `previous: \`${branchOf(previous)}\`` : 'the first step',
    next ? `next: \`${branchOf(next)}\`` : 'the last step: the finished system',
  ].join(' · ');
  const diff = previous
    ? `- **What this step changed in the code:** \`git diff ${branchOf(previous)} ${branch} -- frontend backend\` (add \`--stat\` for the file list).`
    : '- **What this step made:** `git show --stat` lists every file.';
  return [
    `> **This is the branch \`${branch}\`: the code at the end of step ${step.number} (${step.title}) of the workshop.** ${capitalised(around)}.`,
    '>',
    `> - **Run it:** \`npm ci\`, then \`npm run dev\` ${step.hasBackend ? 'starts it all (a database of its own included)' : 'starts the frontend'} and prints the addresses.`,
    `> - **Check it:** \`npm test\` runs the quality gates and step ${step.number}'s checks (\`steps/${step.folder}/tests/\`) against this branch's own \`frontend/\` and \`backend/\`; \`npm run check ${step.number}\` runs the checks alone.`,
    `> ${diff}`,
    '> - **The whole workshop** (every step, the catch-up and diff commands, the docs) is the `main` branch of this repository.',
    '>',
    '> The chapter below is written for someone building the step: the code it asks you to write is already here. Where it names `npm run reset`, `npm run take` or `npm run diff`, run those on `main`.',
  ].join('\n');
}

const capitalised = (text: string) => text.charAt(0).toUpperCase() + text.slice(1);

/** Markdown links and images with a relative target: `[label](target)` and `![alt](target)`. */
const relativeLink = /(!?)\[([^\]]*)\]\((?![a-z][a-z0-9+.-]*:|#)([^)\s]+)\)/gi;

/**
 * The chapter as it reads on the branch: a link to a file the branch holds points at it where
 * it is on the branch (steps/NN-name/frontend/x becomes frontend/x); a link to anything else
 * becomes plain text naming the file on main, so no link on the branch is broken.
 */
export function branchChapter(chapter: string, step: Step, branchPaths: Set<string>): string {
  const chapterDir = `steps/${step.folder}`;
  return chapter.replace(relativeLink, (_whole, image: string, label: string, target: string) => {
    const [path = '', anchor] = target.split('#');
    const onMain = posix.normalize(posix.join(chapterDir, path));
    const onBranch = onMain
      .replace(new RegExp(`^${chapterDir}/(frontend|backend)/`), '$1/')
      .replace(`${chapterDir}/README.md`, 'README.md');
    if (branchPaths.has(onBranch) || onBranch === 'README.md')
      return `${image}[${label}](${onBranch}${anchor ? `#${anchor}` : ''})`;
    if (image) return `_(${label}: \`${onMain}\` on main)_`;
    // A label that is the path already says which file: only where it lives is added.
    return label.replaceAll('`', '') === onMain
      ? `\`${onMain}\` on main`
      : `${label} (\`${onMain}\` on main)`;
  });
}

export function branchReadme(
  chapter: string,
  step: Step,
  steps: Step[],
  branchPaths: Set<string>,
): string {
  return `${branchBanner(step, steps)}\n\n${branchChapter(chapter, step, branchPaths)}`;
}
