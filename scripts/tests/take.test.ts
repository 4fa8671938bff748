import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { makeScratchWorkshop } from './support/scratch-workshop.ts';

const css = 'frontend/src/styles/site.css';

describe('npm run take', () => {
  it('when the workspace lacks a file of the step, then it is copied there as it is', () => {
    const scratch = makeScratchWorkshop();
    const result = scratch.run('take.ts', ['2', 'backend/.env.example']);
    expect(result.status, result.stderr).toBe(0);
    expect(readFileSync(join(scratch.root, 'backend/.env.example'), 'utf8')).toBe(
      readFileSync(join(scratch.root, 'steps/02-api/backend/.env.example'), 'utf8'),
    );
  });

  it('when the file holds uncommitted work, then take refuses and leaves it; --force replaces it after a backup', () => {
    const scratch = makeScratchWorkshop();
    scratch.write(css, 'body { margin: 4px; } /* mine */\n');
    const refused = scratch.run('take.ts', ['1', css]);
    expect(refused.status).toBe(1);
    expect(refused.stderr).toContain('not committed');
    expect(refused.stderr).toContain('--force');
    expect(readFileSync(join(scratch.root, css), 'utf8')).toContain('mine');

    const forced = scratch.run('take.ts', ['1', css, '--force']);
    expect(forced.status, forced.stderr).toBe(0);
    expect(readFileSync(join(scratch.root, css), 'utf8')).toBe('body { margin: 0; }\n');
    const backups = join(scratch.root, '.workshop', 'backups');
    const [backup] = readdirSync(backups);
    expect(readFileSync(join(backups, backup!, css), 'utf8')).toContain('mine');
  });

  it('when it copies a package.json, then the workspace keeps its own package name', () => {
    const scratch = makeScratchWorkshop();
    scratch.git('rm', '-q', '--cached', 'frontend/package.json');
    scratch.git('commit', '-qm', 'no manifest');
    const result = scratch.run('take.ts', ['2', 'frontend/package.json', '--force']);
    expect(result.status, result.stderr).toBe(0);
    expect(JSON.parse(readFileSync(join(scratch.root, 'frontend/package.json'), 'utf8')).name).toBe(
      '@workshop/frontend',
    );
    expect(result.stdout).toContain('npm install');
  });

  it('when the path is outside the apps or the step lacks it, then it says so and writes nothing', () => {
    const scratch = makeScratchWorkshop();
    const outside = scratch.run('take.ts', ['2', '../package.json']);
    expect(outside.status).toBe(2);
    expect(outside.stderr).toContain('start it with frontend/ or backend/');
    const missing = scratch.run('take.ts', ['1', 'backend/src/server.ts']);
    expect(missing.status).toBe(1);
    expect(missing.stderr).toContain('Step 1 has no file backend/src/server.ts');
    expect(existsSync(join(scratch.root, '.workshop', 'backups'))).toBe(false);
  });
});
