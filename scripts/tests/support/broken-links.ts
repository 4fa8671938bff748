// The link check of docs.test.ts: remark-validate-links, offline, over Markdown files read the
// way GitHub reads them (remark-gfm). It runs through unified-engine, the engine behind
// remark-cli, because only there does the plugin see every file at once and check links to
// headings in other files; called on one file, it checks that those files exist, no more.
import { PassThrough } from 'node:stream';
import { remark } from 'remark';
import remarkGfm from 'remark-gfm';
import remarkValidateLinks from 'remark-validate-links';
import type { Plugin } from 'unified';
import { engine } from 'unified-engine';

export interface BrokenLink {
  /** Relative to the root, as given. */
  file: string;
  line: number;
  column: number;
  /** The plugin's words: "Cannot find heading for `#nope` in `errata.md`; did you mean `notes`". */
  reason: string;
}

/** Every link, image or reference of `files` (relative to `root`) that names a missing file or heading. */
export function brokenLinks(root: string, files: string[]): Promise<BrokenLink[]> {
  return new Promise((resolve, reject) => {
    engine(
      {
        processor: remark().use(remarkGfm),
        cwd: root,
        files,
        // No Git remote to read: full URLs of the hosted repository are not checked, local links are.
        // The cast: the engine's types take plugins of any tree with options of any type, and
        // this one is typed for Markdown trees and its own options.
        plugins: [[remarkValidateLinks as unknown as Plugin, { repository: false, root }]],
        // Nothing is written: not the files, not a report (the test prints its own).
        output: false,
        out: false,
        silent: true,
        streamError: new PassThrough(),
        detectConfig: false,
        detectIgnore: false,
      },
      (error, _code, context) => {
        if (error) return reject(error);
        const found: BrokenLink[] = (context?.files ?? []).flatMap((file) =>
          file.messages.map((message) => ({
            file: file.path,
            line: message.line ?? 0,
            column: message.column ?? 0,
            reason: message.reason,
          })),
        );
        resolve(
          found.sort(
            (a, b) => a.file.localeCompare(b.file) || a.line - b.line || a.column - b.column,
          ),
        );
      },
    );
  });
}
