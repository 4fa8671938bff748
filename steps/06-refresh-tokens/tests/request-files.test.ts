// docs/requests.http and the Postman collection: they parse, and what they send works
// against the real backend (the guide's "register with Postman" step, without Postman).
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
const { backendUrl } = checkEnv();

const collections: [string, () => RequestCollection][] = [
  ['docs/requests.http', () => parseHttpFile(docs('requests.http'))],
  ['docs/postman/workshop.postman_collection.json', () => parsePostmanCollection(docs('postman/workshop.postman_collection.json'))],
];

function find(collection: RequestCollection, path: string): FileRequest {
  const request = collection.requests.find((candidate) => candidate.url.endsWith(path));
  if (!request) throw new Error(`There is no request to ${path}`);
  return request;
}

/** Sends a request from the file to this run's backend, with an email no other run uses. */
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
  it('when read, then it registers and signs in at {{baseUrl}}, which is the dev backend http://localhost:4000', () => {
    const collection = load();

    expect(collection.variables.baseUrl, `${file} should define baseUrl as the backend npm run dev starts`).toBe('http://localhost:4000');
    for (const path of ['/api/auth/register', '/api/auth/login']) {
      const request = find(collection, path);
      expect(request.method, `${file}: ${path} is a POST`).toBe('POST');
      expect(request.url, `${file}: ${path} should be built on {{baseUrl}}`).toBe(`{{baseUrl}}${path}`);
      expect(request.headers['content-type'], `${file}: ${path} sends JSON`).toBe('application/json');
      expect(() => JSON.parse(request.body), `${file}: the body of ${path} should be valid JSON`).not.toThrow();
    }
  });

  it('when its requests are sent to the backend, then register answers 201 and login 200 with an access token', async () => {
    const collection = load();
    const variables = { ...collection.variables, baseUrl: backendUrl };
    const email = newAccount('docs').email;

    const registered = await send(find(collection, '/api/auth/register'), variables, email);
    expect(registered.status, `${file}: the register request should create an account (201): ${JSON.stringify(registered.body)}`).toBe(201);

    const signedIn = await send(find(collection, '/api/auth/login'), variables, email);
    expect(signedIn.status, `${file}: the login request should use the password the register request set`).toBe(200);
    // Since step 6 the login answers {accessToken, user}, and the refresh token comes as a cookie.
    expect(signedIn.body.accessToken, `${file}: a successful login returns an accessToken`).toEqual(expect.any(String));
  });
});

describe('docs/postman/workshop.postman_collection.json', () => {
  it('when Postman imports it, then it is a v2.1 collection', () => {
    const { schema } = parsePostmanCollection(docs('postman/workshop.postman_collection.json'));
    expect(schema, 'Postman recognises the format by info.schema').toBe(POSTMAN_SCHEMA_V21);
  });
});
