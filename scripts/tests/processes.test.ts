import { existsSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { runningCount, runToEnd, startProcess, stopAll } from '../lib/processes.ts';

/** Alive and not a zombie (an orphaned zombie waits for a reaper that containers may lack). */
const isAlive = (pid: number) => {
  try {
    process.kill(pid, 0);
  } catch {
    return false;
  }
  const stat =
    process.platform === 'linux' && existsSync(`/proc/${pid}/stat`)
      ? readFileSync(`/proc/${pid}/stat`, 'utf8')
      : '';
  return !/^\d+ \(.*\) Z/.test(stat);
};

// A parent that starts a grandchild, prints its pid and ignores SIGTERM: the worst case.
const parentScript = `
  const { spawn } = require('node:child_process');
  process.on('SIGTERM', () => {});
  const child = spawn(process.execPath, ['-e', 'setInterval(() => {}, 1000)'], { stdio: 'ignore' });
  console.log('grandchild ' + child.pid);
  setInterval(() => {}, 1000);
`;

describe.skipIf(process.platform === 'win32')('process cleanup', () => {
  it('when a started process is stopped, then its children are stopped too, even if it ignores SIGTERM', async () => {
    let grandchild = 0;
    const printed = new Promise<void>((resolve) => {
      startProcess('parent', process.execPath, ['-e', parentScript], {
        cwd: process.cwd(),
        ownGroup: true,
        onLine: (line) => {
          const match = /grandchild (\d+)/.exec(line);
          if (match) {
            grandchild = Number(match[1]);
            resolve();
          }
        },
      });
    });
    await printed;
    expect(isAlive(grandchild)).toBe(true);
    expect(runningCount()).toBe(1);

    await stopAll();

    expect(runningCount(), 'stopAll should leave nothing tracked').toBe(0);
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(isAlive(grandchild), 'the grandchild should be gone with its group').toBe(false);
  });

  it('when a process exits on its own, then it is no longer tracked', async () => {
    const managed = startProcess('quick', process.execPath, ['-e', 'console.log("bye")'], {
      cwd: process.cwd(),
    });
    expect(await managed.exited).toBe(0);
    expect(managed.tail()).toContain('bye');
    expect(runningCount()).toBe(0);
  });
});

describe('work for a later run', () => {
  // Like `next build`, this exits 0 on SIGTERM: only the stopped flag tells it did not finish.
  // It says "ready" once the handler is in place: a SIGTERM before that would end it as a signal.
  const exitsZeroOnSigterm = `process.on('SIGTERM', () => process.exit(0)); console.log('ready'); setInterval(() => {}, 1000);`;

  it('when a run ends, then a background build goes on; when it is stopped, then runToEnd says so although the exit code is 0', async () => {
    const build = startProcess('background build', process.execPath, ['-e', exitsZeroOnSigterm], {
      cwd: process.cwd(),
      background: true,
    });
    const service = startProcess('service', process.execPath, ['-e', exitsZeroOnSigterm], {
      cwd: process.cwd(),
    });
    await stopAll({ keepBackground: true });
    expect(service.stopped).toBe(true);
    expect(isAlive(build.child.pid!), 'the background build should still run').toBe(true);
    expect(build.stopped).toBe(false);

    let ready: () => void = () => {};
    const isReady = new Promise<void>((resolve) => (ready = resolve));
    const ended = runToEnd('stopped build', process.execPath, ['-e', exitsZeroOnSigterm], {
      cwd: process.cwd(),
      background: true,
      onLine: (line) => line === 'ready' && ready(),
    });
    await isReady; // on a busy machine Node can take longer than any fixed wait to get there
    await stopAll();
    expect(isAlive(build.child.pid!)).toBe(false);
    const result = await ended;
    expect(result.code).toBe(0);
    expect(result.stopped, 'a stopped build must not pass for a finished one').toBe(true);
  });
});
