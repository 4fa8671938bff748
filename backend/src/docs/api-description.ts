// The API described as OpenAPI 3.1. The request bodies are the zod schemas that validateBody
// checks, so the description cannot promise one body while the code checks another; the
// answers are described here, beside them. Served in development at /api/docs, and written
// to docs/openapi.json for clients that read a file (Postman, schemathesis, code generators).
import { z } from 'zod';
import { createDocument, type ZodOpenApiResponsesObject } from 'zod-openapi';
import { roles } from '../models/user.model.ts';
import { roleChangeSchema, userListQuery } from '../schemas/admin.schemas.ts';
import { loginSchema, registerSchema } from '../schemas/auth.schemas.ts';

const user = z
  .object({ id: z.string(), name: z.string(), email: z.string(), role: z.enum(roles) })
  .meta({ id: 'User', description: 'A user as the API shows one: never the password hash.' });
const listedUser = user
  .extend({ createdAt: z.string().meta({ format: 'date-time' }) })
  .meta({ id: 'ListedUser', description: 'A user as an admin sees one: with its creation time.' });

const failure = z
  .object({
    message: z.string(),
    errors: z
      .record(z.string(), z.array(z.string()))
      .optional()
      .meta({ description: 'For a body that breaks the schema: the messages of each field.' }),
  })
  .meta({ id: 'Failure', description: 'Every answer from 400 up has this shape.' });

const accessToken = z.string().meta({
  description: 'A JWT for `Authorization: Bearer`, valid for ACCESS_TOKEN_TTL (15 minutes).',
});

// The email is trimmed and lowercased before zod checks that it is an email, so the JSON
// Schema of the input says only "a string of at most 254 characters". The annotation (the
// check's own regular expression) tells clients which strings will pass; the rules are zod's.
const emailInput = { format: 'email', pattern: z.regexes.email.source };
const registerBody = registerSchema.extend({
  email: registerSchema.shape.email.meta(emailInput),
});
const loginBody = loginSchema.extend({ email: loginSchema.shape.email.meta(emailInput) });

const json = (schema: z.ZodType) => ({ content: { 'application/json': { schema } } });
const fails = (description: string) => ({ description, ...json(failure) });

const setsRefreshCookie = z.object({
  'Set-Cookie': z.string().meta({
    description: 'refreshToken=<opaque token>; Path=/api/auth; HttpOnly; SameSite=Strict',
  }),
});
const retryAfter = z.object({
  'Retry-After': z.string().meta({ description: 'Whole seconds to wait before trying again.' }),
});

/** What any route may answer: the database is away, or something went wrong on our side. */
const always: ZodOpenApiResponsesObject = {
  '500': fails('Something went wrong on our side (logged on the server, never the details).'),
  '503': fails('The database is unavailable; try again shortly.'),
};

/** What an admin route answers to anyone but an admin. */
const notAdmin: ZodOpenApiResponsesObject = {
  '401': fails('No access token, or one that is not valid or has expired.'),
  '403': fails('The account of the token is not an admin (read from the database, each time).'),
};

/** What any route that reads a JSON body may answer before the body reaches the route. */
const badBody: ZodOpenApiResponsesObject = {
  '400': fails('The body is not valid JSON, cannot be read, or breaks the schema (see errors).'),
  '413': fails('The body is over 10 kB.'),
  '415': fails('The body is not UTF-8, or its Content-Encoding is not gzip, deflate or br.'),
};

export function apiDescription() {
  return createDocument({
    openapi: '3.1.0',
    info: {
      title: 'Workshop API',
      version: '6.0.0',
      description:
        'Registration, sign-in with a short-lived access token and a rotating refresh token in an httpOnly cookie, the profile of the signed-in user, and the user list and roles for admins.',
    },
    components: {
      securitySchemes: {
        accessToken: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT' },
        refreshCookie: { type: 'apiKey', in: 'cookie', name: 'refreshToken' },
      },
    },
    paths: {
      '/api/health': {
        get: {
          summary: 'Is the API up, and can it reach its database?',
          responses: {
            '200': {
              description: 'Up, with its database.',
              ...json(z.object({ status: z.literal('ok'), db: z.literal('up') })),
            },
            '503': {
              description: 'Up, but the database is unreachable.',
              ...json(z.object({ status: z.literal('degraded'), db: z.literal('down') })),
            },
          },
        },
      },
      '/api/auth/register': {
        post: {
          summary: 'Create an account',
          requestBody: { required: true, ...json(registerBody) },
          responses: {
            '201': { description: 'The new account.', ...json(z.object({ user })) },
            '409': fails('An account with this email already exists.'),
            ...badBody,
            ...always,
          },
        },
      },
      '/api/auth/login': {
        post: {
          summary: 'Sign in: an access token, and a refresh token in a cookie',
          requestBody: { required: true, ...json(loginBody) },
          responses: {
            '200': {
              description: 'Signed in. The refresh token is only in the cookie.',
              headers: setsRefreshCookie,
              ...json(z.object({ accessToken, user })),
            },
            '401': fails('Wrong email or password (the same answer, in the same time, for both).'),
            '429': {
              description: 'Too many failed sign-ins for this email or from this address.',
              headers: retryAfter,
              ...json(failure),
            },
            ...badBody,
            ...always,
          },
        },
      },
      '/api/auth/refresh-token': {
        post: {
          summary: 'Trade the refresh cookie for a new access token and a new refresh token',
          security: [{ refreshCookie: [] }],
          responses: {
            '200': {
              description: 'The cookie now holds the next refresh token; the one sent is used up.',
              headers: setsRefreshCookie,
              ...json(z.object({ accessToken })),
            },
            '401': fails(
              'No cookie, or a token that is unknown, expired, revoked or used before (which ends the sign-in); the cookie is cleared.',
            ),
            '429': {
              description: 'Too many refreshes of this sign-in this minute; the token stays good.',
              headers: retryAfter,
              ...json(failure),
            },
            ...badBody,
            ...always,
          },
        },
      },
      '/api/auth/logout': {
        post: {
          summary: 'End the sign-in of the refresh cookie, if any, and clear the cookie',
          security: [{ refreshCookie: [] }, {}],
          responses: {
            '204': { description: 'Signed out (also when there was nothing to sign out).' },
            ...badBody,
            ...always,
          },
        },
      },
      '/api/admin/users': {
        get: {
          summary: 'The users, oldest first, a page at a time (admins only)',
          security: [{ accessToken: [] }],
          requestParams: { query: userListQuery },
          responses: {
            '200': {
              description: 'One page of the users, and how many there are in all.',
              ...json(
                z.object({
                  users: z.array(listedUser),
                  page: z.number().int(),
                  perPage: z.number().int(),
                  total: z.number().int(),
                }),
              ),
            },
            '400': fails('page or perPage is not a whole number in range (see errors).'),
            ...notAdmin,
            ...always,
          },
        },
      },
      '/api/admin/users/{id}/role': {
        patch: {
          summary: "Change a user's role (admins only)",
          security: [{ accessToken: [] }],
          requestParams: { path: z.object({ id: z.string() }) },
          requestBody: { required: true, ...json(roleChangeSchema) },
          responses: {
            '200': {
              description: 'The user with its new role.',
              ...json(z.object({ user: listedUser })),
            },
            '404': fails('No user with this id.'),
            '409': fails('The change would leave no admin; it was not made.'),
            ...notAdmin,
            ...badBody,
            ...always,
          },
        },
      },
      '/api/user/profile': {
        get: {
          summary: 'The signed-in user',
          security: [{ accessToken: [] }],
          responses: {
            '200': { description: 'The user of the access token.', ...json(z.object({ user })) },
            '401': fails(
              'No access token, or one that is not valid, has expired, or belongs to a deleted account.',
            ),
            ...always,
          },
        },
      },
    },
  });
}
