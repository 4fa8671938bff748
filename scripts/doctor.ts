// `npm run doctor`: checks what the workshop needs (Node, dependencies, ports, a database, a
// browser, your env files) and prints the fix for each problem. Exit 1 when something blocks it.
import { parseCommandLine, runCommand, workshopRoot } from './lib/cli.ts';
import { devPorts } from './lib/ports.ts';
import {
  checkBrowser,
  checkSchemathesis,
  checkDatabase,
  checkDependencies,
  checkEnvFiles,
  checkGit,
  checkNode,
  checkPorts,
  type Finding,
} from './lib/doctor-checks.ts';
import { colour, UserError } from './lib/log.ts';
import { stopAll, stopAllOnExit } from './lib/processes.ts';

const usage =
  'Usage: npm run doctor\n  Checks Node, dependencies, ports 3000/4000, a database engine, a browser and your env files.';

const marks = {
  ok: () => colour.green('✔'),
  warn: () => colour.yellow('!'),
  fail: () => colour.red('✖'),
};

function print(finding: Finding): void {
  console.log(`${marks[finding.mark]()} ${finding.text}`);
  if (finding.fix && finding.mark !== 'ok') {
    for (const line of finding.fix.split('\n')) console.log(colour.dim(`    ${line}`));
  }
}

async function main(): Promise<number> {
  const { positionals } = parseCommandLine(process.argv.slice(2), {}, usage);
  if (positionals.length > 0)
    throw new UserError(`npm run doctor takes no arguments.\n\n${usage}`, 2);
  stopAllOnExit();
  const root = workshopRoot();
  const findings: Finding[] = [];
  const report = (finding: Finding) => {
    findings.push(finding);
    print(finding);
  };

  console.log(colour.bold('Checking what the workshop needs…\n'));
  report(checkNode());
  report(checkDependencies(root));
  report(checkGit());
  // The ports npm run dev would use here, FRONTEND_PORT and BACKEND_PORT included.
  const dev = devPorts();
  const ports = await checkPorts([
    { port: dev.frontend, use: 'frontend', variable: 'FRONTEND_PORT' },
    { port: dev.backend, use: 'backend', variable: 'BACKEND_PORT' },
  ]);
  ports.forEach(report);
  report(await checkDatabase());
  report(await checkBrowser());
  report(checkSchemathesis());
  checkEnvFiles(root).forEach(report);
  await stopAll();

  const failed = findings.filter((finding) => finding.mark === 'fail').length;
  const warned = findings.filter((finding) => finding.mark === 'warn').length;
  if (failed > 0) {
    console.log(
      colour.red(
        `\n${failed} problem(s) block the workshop: fix them as shown above, then run \`npm run doctor\` again.`,
      ),
    );
    return 1;
  }
  console.log(
    colour.green(
      `\nReady for the workshop${warned ? ` (${warned} warning(s) above are worth a look)` : ''}. Next: \`npm run dev\` or \`npm run step 1\`.`,
    ),
  );
  return 0;
}

runCommand(main);
