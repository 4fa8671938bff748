// A small workshop on disk for the tooling's tests: three fake steps, a workspace equal to the
// newest one, root config, and (by default) a git repository with it all committed.
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { packageBin, repoRoot } from '../../lib/paths.ts';
import type { Env } from '../../lib/processes.ts';
import { makeScratchFolder, type ScratchFolder } from './scratch-folder.ts';

const manifest = (name: string, dependencies: Record<string, string>) =>
  `${JSON.stringify({ name, version: '1.0.0', private: true, dependencies }, null, 2)}\n`;

const page = (heading: string) => `export default function Home() {
  return <h1>${heading}</h1>;
}
`;

/** path -> content of each step's apps; the workspace gets the newest step with its own names. */
export const stepFiles: Record<string, Record<string, string>> = {
  '01-first-page': {
    'frontend/package.json': manifest('@workshop/step-01-frontend', { next: '14.2.35' }),
    'frontend/src/pages/index.tsx': page('Hello'),
    'frontend/src/styles/site.css': 'body { margin: 0; }\n',
  },
  '02-api': {
    'frontend/package.json': manifest('@workshop/step-02-frontend', { next: '14.2.35' }),
    'frontend/src/pages/index.tsx': page('Hello, API'),
    'frontend/src/styles/site.css': 'body { margin: 0; }\n',
    'frontend/src/lib/api.ts': "export const apiUrl = 'http://localhost:4000/api';\n",
    'backend/package.json': manifest('@workshop/step-02-backend', { express: '^5.3.0' }),
    'backend/src/server.ts': "console.log('listening');\n",
    'backend/.env.example': 'JWT_SECRET=change-me-to-a-long-random-string-of-32-chars\n',
  },
  '03-tokens': {
    'frontend/package.json': manifest('@workshop/step-03-frontend', {
      next: '14.2.35',
      axios: '^1.21.1',
    }),
    'frontend/src/pages/index.tsx': page('Hello, tokens'),
    'frontend/src/styles/site.css': 'body { margin: 0; }\n',
    'frontend/src/lib/client.ts': "export const client = 'axios';\n",
    'backend/package.json': manifest('@workshop/step-03-backend', { express: '^5.3.0' }),
    'backend/src/server.ts': "console.log('listening');\n",
    'backend/src/tokens.ts': 'export const ttl = 900;\n',
    'backend/.env.example': 'JWT_SECRET=change-me-to-a-long-random-string-of-32-chars\n',
  },
};

const chapter = (title: string, listing: string) => `# ${title}

Write the page:

\`\`\`tsx title="frontend/src/pages/index.tsx"
${listing}\`\`\`
`;

export interface ScratchWorkshop extends ScratchFolder {
  /** Runs git in the scratch folder (as a learner with an identity of their own); returns stdout. */
  git(...args: string[]): string;
  /** Runs one of the workshop's scripts against the scratch folder. */
  run(
    script: string,
    args?: string[],
    env?: Env,
  ): { status: number; stdout: string; stderr: string };
}

/** Root config, the steps with their checks and chapters, and the workspace (the newest step). */
function writeWorkshop(write: ScratchFolder['write']): void {
  write(
    'package.json',
    `${JSON.stringify({ name: 'scratch-workshop', private: true, workspaces: ['steps/*/frontend', 'steps/*/backend', 'frontend', 'backend'] }, null, 2)}\n`,
  );
  write('package-lock.json', '{}\n');
  write('tsconfig.json', '{ "compilerOptions": { "strict": true } }\n');
  write('.gitignore', 'node_modules/\n.workshop/\n.env\n.env.local\nnext-env.d.ts\n');
  write('scripts/hello.ts', "console.log('tooling');\n");
  for (const [folder, files] of Object.entries(stepFiles)) {
    for (const [path, content] of Object.entries(files)) write(`steps/${folder}/${path}`, content);
    write(`steps/${folder}/tests/home.test.ts`, '// checks\n');
    write(
      `steps/${folder}/README.md`,
      chapter(`Chapter ${folder}`, files['frontend/src/pages/index.tsx']!),
    );
  }
  // Left out everywhere: build output and secrets.
  write('steps/01-first-page/frontend/next-env.d.ts', '/// generated\n');
  write('steps/01-first-page/frontend/.env.local', 'NEXTAUTH_SECRET=local\n');
  for (const [path, content] of Object.entries(stepFiles['03-tokens']!)) {
    write(path, path.endsWith('package.json') ? content.replace(/step-03-/, '') : content);
  }
}

/** git in root, as a learner with an identity of their own (and no signing set up). */
function gitAsLearner(root: string): ScratchWorkshop['git'] {
  const identity = ['-c', 'user.name=Learner', '-c', 'user.email=learner@example.com'];
  return (...args) => {
    const result = spawnSync('git', [...identity, '-c', 'commit.gpgsign=false', ...args], {
      cwd: root,
      encoding: 'utf8',
    });
    if (result.status !== 0) throw new Error(`git ${args.join(' ')} failed: ${result.stderr}`);
    return result.stdout;
  };
}

/** A workshop script run with root as the workshop (WORKSHOP_ROOT), without colours. */
function scriptRunner(root: string): ScratchWorkshop['run'] {
  return (script, args = [], env = {}) => {
    const { FORCE_COLOR: _force, ...inherited } = process.env;
    const result = spawnSync(
      process.execPath,
      [packageBin('tsx/dist/cli.mjs'), join(repoRoot, 'scripts', script), ...args],
      {
        cwd: root,
        encoding: 'utf8',
        env: { ...inherited, NO_COLOR: '1', WORKSHOP_ROOT: root, ...env },
      },
    );
    return { status: result.status ?? 1, stdout: result.stdout, stderr: result.stderr };
  };
}

export function makeScratchWorkshop(options: { git?: boolean } = {}): ScratchWorkshop {
  const folder = makeScratchFolder('workshop');
  writeWorkshop(folder.write);
  const scratch: ScratchWorkshop = {
    ...folder,
    git: gitAsLearner(folder.root),
    run: scriptRunner(folder.root),
  };
  if (options.git !== false) {
    scratch.git('init', '-q', '-b', 'main');
    scratch.git('add', '-A');
    scratch.git('commit', '-q', '-m', 'The workshop');
  }
  return scratch;
}
