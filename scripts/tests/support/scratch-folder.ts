// An empty folder of a test's own (removed when the test process exits), and the one way the
// tests write files into such a folder.
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { scratchDir } from '../../lib/paths.ts';

export interface ScratchFolder {
  root: string;
  /** Writes root/path, making the folders on the way. */
  write(path: string, content: string): void;
}

export function makeScratchFolder(prefix: string): ScratchFolder {
  const root = scratchDir(prefix);
  return {
    root,
    write: (path, content) => {
      mkdirSync(dirname(join(root, path)), { recursive: true });
      writeFileSync(join(root, path), content);
    },
  };
}
