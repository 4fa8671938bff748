// docs/requests.http and the Postman collection: the requests that replace the guide's
// "register with Postman" step. They must name the API the app itself talks to, and what
// they send must work against the real backend.
// red-green: exempt, because it checks the request files in docs/, which no step's code changes
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { checkEnv } from '../../../scripts/checks/env.ts';
import { newAccount } from './support/accounts.ts';
import {
  fillVariables,
  parseHttpFile,
  parsePostmanCollection,
  POSTMAN_SCHEMA_V21,
  type FileRequest,
  type RequestCollection,
} from './support/request-files.ts';

const docs = (path: string) => fileURLToPath(new URL(`../../../docs/${path}`, import.meta.url));
const { backendUrl, frontendDir } = checkEnv();

const collections: [string, () => RequestCollection][] = [
  ['docs/requests.http', () => parseHttpFile(docs('requests.http'))],
  [
    'docs/postman/workshop.postman_collection.json',
    () => {
      const collection = parsePostmanCollection(docs('postman/workshop.postman_collection.json'));
      expect(collection.schema, 'Postman recognises a v2.1 collection by info.schema').toBe(
        POSTMAN_SCHEMA_V21,
      );
      return collection;
    },
  ],
];

/** BACKEND_URL as frontend/.env.example documents it: the API the app itself talks to. */
function documentedBackendUrl(): string | undefined {
  const file = join(frontendDir, '.env.example');
  if (!existsSync(file)) return undefined;
  return /^BACKEND_URL=(.*)$/m.exec(readFileSync(file, 'utf8'))?.[1]?.trim();
}

/** The request named `name` ("Sign in", or "Sign in: 200 with ..." in the .http file). */
function find(
  file: string,
  collection: RequestCollection,
  name: string,
  path: string,
): FileRequest {
  const request = collection.requests.find(
    (candidate) => candidate.title === name || candidate.title.startsWith(`${name}:`),
  );
  expect(request, `${file} should have a request named "${name}"`).toBeDefined();
  expect(request!.method, `${file}: ${path} is a POST`).toBe('POST');
  expect(request!.url, `${file}: ${path} should be built on {{baseUrl}}`).toBe(
    `{{baseUrl}}${path}`,
  );
  expect(request!.headers['content-type'], `${file}: ${path} sends JSON`).toBe('application/json');
  return request!;
}

/** Sends a request of the file to this run's backend, with an email no other run uses. */
async function send(request: FileRequest, variables: Record<string, string>, email: string) {
  const body = JSON.parse(fillVariables(request.body, variables)) as Record<string, unknown>;
  const response = await fetch(fillVariables(request.url, variables), {
    method: request.method,
    headers: request.headers,
    body: JSON.stringify({ ...body, email }),
  });
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

describe.each(collections)('%s', (file, load) => {
  it('when its requests are sent to the API that frontend/.env.example names, then register answers 201 and login 200', async () => {
    const collection = load();
    const register = find(file, collection, 'Register', '/api/auth/register');
    const login = find(file, collection, 'Sign in', '/api/auth/login');
    // Same API, two clients: these requests and the app (BACKEND_URL).
    expect(
      collection.variables.baseUrl,
      `${file}: {{baseUrl}} should be the BACKEND_URL that frontend/.env.example documents`,
    ).toBe(documentedBackendUrl());

    // The run's backend listens on a port of its own, not on the dev port 4000.
    const email = newAccount('docs').email;
    const variables = { ...collection.variables, baseUrl: backendUrl, email };
    const registered = await send(register, variables, email);
    expect(
      registered.status,
      `${file}: the register request should create an account (201): ${JSON.stringify(registered.body)}`,
    ).toBe(201);
    const signedIn = await send(login, variables, email);
    expect(
      signedIn.status,
      `${file}: the login request should sign in with the password the register request set`,
    ).toBe(200);
    expect(signedIn.body.token, `${file}: a successful login returns a token`).toEqual(
      expect.any(String),
    );
  });
});
