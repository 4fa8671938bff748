// Reads the request collections in docs/ (the .http file and the Postman collection) into
// one plain shape, so a check can send what they contain to a real backend.
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

export interface FileRequest {
  title: string;
  method: string;
  /** With {{variables}} still in place. */
  url: string;
  headers: Record<string, string>;
  body: string;
}

export interface RequestCollection {
  variables: Record<string, string>;
  requests: FileRequest[];
}

/**
 * The .http format of JetBrains' HTTP client and httpyac (the parts docs/requests.http uses),
 * with the variables of the "dev" environment in http-client.env.json beside it.
 */
export function parseHttpFile(path: string): RequestCollection {
  const environments = join(dirname(path), 'http-client.env.json');
  const variables: Record<string, string> = existsSync(environments)
    ? ((JSON.parse(readFileSync(environments, 'utf8')) as { dev?: Record<string, string> }).dev ??
      {})
    : {};
  const requests: FileRequest[] = [];
  // "###" separates requests; whatever follows it on the line is the request's title.
  for (const block of readFileSync(path, 'utf8').split(/^###/m)) {
    const [titleLine = '', ...rest] = block.split(/\r?\n/);
    const lines = rest.filter((line) => !/^\s*(#|\/\/)/.test(line));
    for (const line of [titleLine, ...rest]) {
      const variable = /^@(\w+)\s*=\s*(.*?)\s*$/.exec(line);
      if (variable) variables[variable[1]!] = variable[2]!;
    }
    const start = lines.findIndex((line) => /^[A-Z]+\s+\S+/.test(line));
    if (start === -1) continue;
    const [method = '', url = ''] = lines[start]!.trim().split(/\s+/);
    const headers: Record<string, string> = {};
    let index = start + 1;
    for (; index < lines.length && lines[index]!.trim() !== ''; index += 1) {
      const [name = '', ...value] = lines[index]!.split(':');
      headers[name.trim().toLowerCase()] = value.join(':').trim();
    }
    // A response handler (`> {% ... %}`) follows the body: it is the request's checks, not its body.
    const handler = lines.findIndex((line, at) => at >= index && line.startsWith('> {%'));
    requests.push({
      title: titleLine.trim(),
      method,
      url,
      headers,
      body: lines
        .slice(index, handler === -1 ? undefined : handler)
        .join('\n')
        .trim(),
    });
  }
  return { variables, requests };
}

interface PostmanCollection {
  info: { schema: string };
  variable?: { key: string; value: string }[];
  item: {
    name: string;
    request: {
      method: string;
      header?: { key: string; value: string }[];
      body?: { mode: string; raw?: string };
      url: string | { raw: string };
    };
  }[];
}

export const POSTMAN_SCHEMA_V21 =
  'https://schema.getpostman.com/json/collection/v2.1.0/collection.json';

/** A Postman v2.1 collection (flat: requests at the top level, as docs/postman has them). */
export function parsePostmanCollection(path: string): RequestCollection & { schema: string } {
  const collection = JSON.parse(readFileSync(path, 'utf8')) as PostmanCollection;
  return {
    schema: collection.info.schema,
    variables: Object.fromEntries(
      (collection.variable ?? []).map(({ key, value }) => [key, value]),
    ),
    requests: collection.item.map(({ name, request }) => ({
      title: name,
      method: request.method,
      url: typeof request.url === 'string' ? request.url : request.url.raw,
      headers: Object.fromEntries(
        (request.header ?? []).map(({ key, value }) => [key.toLowerCase(), value]),
      ),
      body: request.body?.raw ?? '',
    })),
  };
}

/** Replaces every {{name}} with its value; throws when one is unknown. */
export function fillVariables(text: string, variables: Record<string, string>): string {
  return text.replace(/\{\{\s*(\w+)\s*\}\}/g, (_match, name: string) => {
    const value = variables[name];
    if (value === undefined) throw new Error(`{{${name}}} is used but never defined`);
    return value;
  });
}
