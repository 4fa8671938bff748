// The first error a backend printed with its stack (its error handler logs every 500 that
// way). Shown under a failed run, since "Something went wrong on our side" is all a check
// sees of a 500, while the cause, file and line are in the backend's log.
import { existsSync, readFileSync } from 'node:fs';

const STACK_LINES = 6;

/** The first `Error: ...` line followed by `    at ...` lines, with up to six of those. */
export function firstLoggedError(logFile: string): string | undefined {
  if (!existsSync(logFile)) return undefined;
  const lines = readFileSync(logFile, 'utf8').split(/\r?\n/);
  const isFrame = (line: string | undefined) => line !== undefined && /^\s+at /.test(line);
  const start = lines.findIndex((line, index) => !isFrame(line) && isFrame(lines[index + 1]));
  if (start === -1) return undefined;
  const frames: string[] = [];
  for (let index = start + 1; isFrame(lines[index]) && frames.length < STACK_LINES; index += 1) {
    frames.push(lines[index]!);
  }
  return [lines[start]!, ...frames].join('\n');
}
