// docs/requests.http and the Postman collection walk one sign-in from start to end, and each
// request checks its own answer. Here the clients people use run them as shipped: newman runs
// the collection and httpyac the .http file, against this run's backend, and every one of
// their assertions must pass.
import { execFile } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import newman, { type NewmanRunSummary } from 'newman';
import { describe, expect, it } from 'vitest';
import { checkEnv } from '../../../scripts/checks/env.ts';
import { packageBin } from '../../../scripts/lib/paths.ts';

const docs = (path: string) => fileURLToPath(new URL(`../../../docs/${path}`, import.meta.url));
const collectionFile = docs('postman/workshop.postman_collection.json');
const httpFile = docs('requests.http');
const { backendUrl, frontendDir } = checkEnv();
// The clients get `localhost` like a learner types it; the run's backend listens on this port.
const backendPort = new URL(backendUrl).port;

/** BACKEND_URL as frontend/.env.example documents it: the API the app itself talks to. */
function documentedBackendUrl(): string | undefined {
  const file = join(frontendDir, '.env.example');
  if (!existsSync(file)) return undefined;
  return /^BACKEND_URL=(.*)$/m.exec(readFileSync(file, 'utf8'))?.[1]?.trim();
}

function runNewman(): Promise<NewmanRunSummary> {
  return new Promise((resolve, reject) => {
    newman.run(
      {
        collection: JSON.parse(readFileSync(collectionFile, 'utf8')),
        // What the collection's description tells people to use: an environment variable.
        envVar: [{ key: 'baseUrl', value: backendUrl }],
        reporters: [],
        timeoutRequest: 10_000,
      },
      (error, summary) => (error ? reject(error) : resolve(summary)),
    );
  });
}

interface HttpyacReport {
  summary: { totalTests: number; failedTests: number; erroredTests: number };
  requests: {
    title?: string;
    name: string;
    response?: { name: string };
    testResults?: { message: string; status: string; error?: { displayMessage?: string } }[];
  }[];
}

async function runHttpyac(): Promise<HttpyacReport> {
  const args = [packageBin('httpyac/bin/httpyac.js'), 'send', httpFile, '--all', '--json'];
  // The command the file's header gives, with this run's address instead of the dev one.
  args.push('--env', 'dev', '--var', `baseUrl=${backendUrl}`);
  const { stdout } = await promisify(execFile)(process.execPath, args, {
    cwd: docs('.'),
    maxBuffer: 16 * 1024 * 1024,
  }).catch((error: { stdout?: string }) => ({ stdout: error.stdout ?? '' }));
  const start = stdout.indexOf('{');
  expect(start, `httpyac printed no JSON report:\n${stdout.slice(0, 2000)}`).toBeGreaterThan(-1);
  return JSON.parse(stdout.slice(start)) as HttpyacReport;
}

describe('the request files in docs/, run by the clients people use', () => {
  it('when newman runs the Postman collection against the backend, then every request is answered there and every pm.test passes', async () => {
    const collection = JSON.parse(readFileSync(collectionFile, 'utf8')) as {
      variable: { key: string; value: string }[];
    };
    const fromCollection = collection.variable.find((variable) => variable.key === 'baseUrl');
    expect(
      fromCollection?.value,
      'without --env-var, the collection variable baseUrl is the BACKEND_URL that frontend/.env.example names',
    ).toBe(documentedBackendUrl());
    const summary = await runNewman();
    const failures = summary.run.failures.map(
      (failure) => `${failure.source?.name ?? '?'}: ${failure.error.message}`,
    );
    expect(failures, 'docs/postman/workshop.postman_collection.json').toEqual([]);
    const ports = summary.run.executions.map((execution) => execution.request.url.port);
    expect(ports.length, 'the collection should hold the whole journey').toBeGreaterThanOrEqual(12);
    expect(
      new Set(ports),
      '--env-var baseUrl should send every request to this backend: a collection variable would win over it',
    ).toEqual(new Set([backendPort]));
    expect(summary.run.stats.assertions.total).toBeGreaterThanOrEqual(12);
  });

  it('when httpyac sends docs/requests.http against the backend, then every request is answered there and every client.test passes', async () => {
    const environments = JSON.parse(readFileSync(docs('http-client.env.json'), 'utf8')) as {
      dev: { baseUrl: string };
    };
    expect(
      environments.dev.baseUrl,
      'without --var, docs/http-client.env.json "dev" baseUrl is the BACKEND_URL that frontend/.env.example names',
    ).toBe(documentedBackendUrl());
    const report = await runHttpyac();
    const failed = report.requests.flatMap((request) =>
      (request.testResults ?? [])
        .filter((result) => result.status !== 'SUCCESS')
        .map(
          (result) =>
            `${request.title ?? request.name}: ${result.message} (${result.error?.displayMessage ?? result.status})`,
        ),
    );
    expect(failed, 'docs/requests.http').toEqual([]);
    expect(
      report.summary.totalTests,
      'every request should check its answer',
    ).toBeGreaterThanOrEqual(12);
    for (const request of report.requests) {
      expect(
        request.response?.name,
        `${request.title ?? request.name} should reach this backend: an @baseUrl in the file would win over --var`,
      ).toContain(`:${backendPort}/`);
    }
  });
});
