// Shared by this step's checks: where the services are, and small HTTP and database helpers.
import { randomUUID } from 'node:crypto';
import mongoose from 'mongoose';
import { checkEnv } from '../../../../scripts/checks/env.ts';

export const env = checkEnv();

export interface Answer {
  status: number;
  headers: Headers;
  contentType: string;
  text: string;
  /** The parsed body, or undefined when it is not JSON. */
  json: any;
  ms: number;
}

export interface RequestOptions {
  /** Another backend than the run's (one a check started itself). */
  baseUrl?: string;
  /** A signal to give up early; otherwise the request gives up after timeoutMs. */
  signal?: AbortSignal;
  timeoutMs?: number;
}

/**
 * The one HTTP request function of the checks (step 6's support/backend.ts and support/outage.ts
 * build on it): sends the request and reads the whole answer. A network error or a timeout throws.
 */
export async function request(
  path: string,
  init: RequestInit = {},
  { baseUrl = env.backendUrl, signal, timeoutMs = 20_000 }: RequestOptions = {},
): Promise<Answer> {
  const started = performance.now();
  const response = await fetch(`${baseUrl}${path}`, {
    ...init,
    signal: signal ?? AbortSignal.timeout(timeoutMs),
  });
  const text = await response.text();
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    json = undefined;
  }
  return {
    status: response.status,
    headers: response.headers,
    contentType: response.headers.get('content-type') ?? '',
    text,
    json,
    ms: performance.now() - started,
  };
}

/** POSTs a body (an object is sent as JSON; a string is sent as it is) and reads the whole answer. */
export async function post(path: string, body: unknown, baseUrl = env.backendUrl): Promise<Answer> {
  return request(
    path,
    {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: typeof body === 'string' ? body : JSON.stringify(body),
    },
    { baseUrl },
  );
}

export async function get(path: string, baseUrl = env.backendUrl): Promise<Answer> {
  return request(path, { method: 'GET' }, { baseUrl });
}

/** A user no other check uses: every check makes its own data. */
export function newUser(label = 'user') {
  return {
    name: `Test ${label}`,
    email: `${label}-${randomUUID().slice(0, 8)}@example.com`,
    password: `pw-${randomUUID()}`,
  };
}

/**
 * The users collection, read directly over MONGODB_URI (the database the backend uses),
 * to see what the backend really stored. Close it in afterAll.
 */
export async function openUsersCollection() {
  const connection = await mongoose
    .createConnection(env.mongodbUri, { serverSelectionTimeoutMS: 5_000 })
    .asPromise();
  return { users: connection.collection('users'), close: () => connection.close() };
}

/** True when the text looks like a stack trace or an HTML error page. */
export function leaksInternals(text: string): boolean {
  return /\bat .+:\d+:\d+|<html|<!DOCTYPE|"stack"/i.test(text);
}
