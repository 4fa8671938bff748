// Holds an answer of the API against its description, docs/openapi.json: the status must be one
// the route lists, the body must match that status's schema, and the headers it lists as
// required must be there. Used for every answer a check gets (support/vitest.setup.ts).
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Ajv2020, type ValidateFunction } from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';

export const descriptionFile = fileURLToPath(
  new URL('../../../../docs/openapi.json', import.meta.url),
);

interface Described {
  description: string;
  headers?: Record<string, { required?: boolean }>;
  content?: Record<string, { schema: object }>;
}
type Operation = { responses: Record<string, Described> };
interface Description {
  paths: Record<string, Record<string, Operation>>;
  components?: object;
}

export const description = JSON.parse(readFileSync(descriptionFile, 'utf8')) as Description;

// strict: false, because each schema is compiled with the document's components beside it
// (where its $refs point), and "components" is not a JSON Schema keyword.
const ajv = new Ajv2020({ strict: false, allErrors: true });
addFormats.default(ajv);
const compiled = new Map<object, ValidateFunction>();
const validatorFor = (schema: object) => {
  let validate = compiled.get(schema);
  if (!validate) {
    validate = ajv.compile({ ...schema, components: description.components });
    compiled.set(schema, validate);
  }
  return validate;
};

export interface Answer {
  method: string;
  path: string;
  status: number;
  headers: Headers;
  text: string;
}

/** What in the answer breaks the description; nothing for a route the description does not have. */
export function answerProblems({ method, path, status, headers, text }: Answer): string[] {
  const operation = description.paths[path]?.[method.toLowerCase()];
  if (!operation) return [];
  const route = `${method.toUpperCase()} ${path}`;
  const described = operation.responses[String(status)];
  if (!described) {
    const listed = Object.keys(operation.responses).join(', ');
    return [
      `${route} answered ${status}, which the description does not list (it lists ${listed})`,
    ];
  }
  const problems: string[] = [];
  for (const [name, header] of Object.entries(described.headers ?? {})) {
    if (header.required && !headers.has(name))
      problems.push(
        `${route} answered ${status} without the ${name} header the description requires`,
      );
  }
  const schema = described.content?.['application/json']?.schema;
  if (!schema) {
    if (text !== '')
      problems.push(`${route} answered ${status} with a body where none is described`);
    return problems;
  }
  if (!(headers.get('content-type') ?? '').startsWith('application/json'))
    return [...problems, `${route} answered ${status} without Content-Type: application/json`];
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    return [...problems, `${route} answered ${status} with a body that is not JSON`];
  }
  const validate = validatorFor(schema);
  if (!validate(body)) {
    const errors = (validate.errors ?? []).map(
      (error) =>
        `${error.instancePath || 'the body'} ${error.message}${'additionalProperty' in error.params ? ` (${String(error.params.additionalProperty)})` : ''}`,
    );
    problems.push(
      `${route} answered ${status} with a body the description does not allow: ${errors.join('; ')}`,
    );
  }
  return problems;
}
