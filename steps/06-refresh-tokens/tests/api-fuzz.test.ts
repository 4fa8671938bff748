// schemathesis, a property-based API tester that others wrote (PyPI), reads docs/openapi.json
// and sends the backend what the description allows and much that it does not. No answer may
// be a server error, and every answer must match the description: status, headers and body.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { findSchemathesis, installSchemathesis } from '../../../scripts/lib/schemathesis.ts';
import { descriptionFile } from './support/api-description.ts';
import { env } from './support/helpers.ts';

const schemathesis = findSchemathesis()?.command;

const checks = [
  'not_a_server_error',
  'status_code_conformance',
  'content_type_conformance',
  'response_headers_conformance',
  'response_schema_conformance',
];

describe('the backend fuzzed from its description by schemathesis', () => {
  test.skipIf(!schemathesis)(
    schemathesis
      ? 'when schemathesis sends generated requests to every route, then no answer is a 5xx and every answer matches docs/openapi.json'
      : `schemathesis is not installed (${installSchemathesis}), so the backend was not fuzzed`,
    () => {
      // In a folder of its own: schemathesis keeps a .schemathesis/ cache where it runs.
      const folder = mkdtempSync(join(tmpdir(), 'schemathesis-'));
      const run = spawnSync(
        schemathesis!,
        [
          'run',
          descriptionFile,
          `--url=${env.backendUrl}`,
          `--checks=${checks.join(',')}`,
          // Bounded: a few dozen requests per route, the same ones on every run.
          '--max-examples=20',
          '--seed=6',
          '--phases=examples,coverage,fuzzing',
          '--generation-database=none',
          '--request-timeout=10',
          '--workers=1',
          '--no-color',
          '--report=junit',
          `--report-junit-path=${join(folder, 'junit.xml')}`,
        ],
        { encoding: 'utf8', timeout: 150_000, cwd: folder },
      );
      const junit = existsSync(join(folder, 'junit.xml'))
        ? readFileSync(join(folder, 'junit.xml'), 'utf8')
        : '';
      rmSync(folder, { recursive: true, force: true });
      const output = `${run.stdout}${run.stderr}`;
      // Its report of what failed, with a curl command to repeat each case, without the progress lines.
      const report = output.slice(Math.max(0, output.search(/=+ FAILURES =+/)));
      expect(
        run.status,
        `schemathesis found answers that are server errors or break docs/openapi.json:\n${report.slice(0, 6000)}`,
      ).toBe(0);
      // One test case per route in its report: all of them ran.
      const described = JSON.parse(readFileSync(descriptionFile, 'utf8')) as {
        paths: Record<string, object>;
      };
      const operations = Object.values(described.paths).flatMap(Object.keys).length;
      const routes = [...junit.matchAll(/<testcase /g)].length;
      expect(routes, `every route was tested:\n${output.slice(-2000)}`).toBe(operations);
    },
    180_000,
  );
});
