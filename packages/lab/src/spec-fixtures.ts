// Test helper (not a test file, not published): checks JSON against the providers' own OpenAPI
// documents, copied unmodified into test/fixtures/specs/ (see the README there).
import { readFileSync } from 'node:fs';
import { Ajv, type ErrorObject, type ValidateFunction } from 'ajv';
import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormatsModule from 'ajv-formats';


/** A recorded `fetch` call: what a provider would have received. */
export interface SeenRequest {
  method: string;
  url: URL;
  headers: Headers;
  body: string;
}

async function seen(input: RequestInfo | URL, init?: RequestInit): Promise<SeenRequest> {
  const request = new Request(input, init);
  return { method: request.method, url: new URL(request.url), headers: request.headers, body: await request.text() };
}

/** The documents of test/fixtures/specs/, by `{provider}/{file without .json}`. */
export type SpecName =
  | 'paypal/checkout_orders_v2'
  | 'paypal/notifications_webhooks_v1'
  | 'adyen/CheckoutService-v71'
  | 'adyen/Webhooks-v1';

/**
 * What to check a body against: a named schema of `components.schemas`, an operation's request
 * body (by `operationId`, from `paths` or, in webhook documents, `webhooks`), or one of its
 * responses (`default` when the status is not listed, as OpenAPI says).
 */
export type SpecTarget =
  | { schema: string }
  | { operation: string; request: true }
  | { operation: string; status: number };

export interface OpenApiSpec {
  name: SpecName;
  document: Json;
  ajv: Ajv;
  compiled: Map<string, ValidateFunction>;
}

type Json = Record<string, unknown>;

export const SPECS_DIR = new URL('../test/fixtures/specs/', import.meta.url);

// ajv-formats is CommonJS: its default export arrives as the module object under NodeNext.
const addFormats = ((addFormatsModule as unknown as { default?: unknown }).default ?? addFormatsModule) as (ajv: Ajv) => Ajv;

const loaded = new Map<SpecName, OpenApiSpec>();

const isJson = (value: unknown): value is Json => value !== null && typeof value === 'object' && !Array.isArray(value);

/** Every `format` name a document uses, so the provider-private ones can be declared. */
function formatsOf(node: unknown, found = new Set<string>()): Set<string> {
  if (Array.isArray(node)) for (const item of node) formatsOf(item, found);
  else if (isJson(node)) {
    if (typeof node['format'] === 'string') found.add(node['format']);
    for (const value of Object.values(node)) formatsOf(value, found);
  }
  return found;
}

/** Loads (once) and prepares one document; schemas are compiled on first use only (PayPal's take seconds). */
export function openApiSpec(name: SpecName): OpenApiSpec {
  const known = loaded.get(name);
  if (known) return known;
  const document = JSON.parse(readFileSync(new URL(`${name}.json`, SPECS_DIR), 'utf8')) as Json;
  const options = {
    // The documents carry OpenAPI's own keywords (`example`, `discriminator`, `x-…`): not errors.
    strict: false,
    allErrors: true,
    // An OpenAPI document is not itself a JSON Schema: only the schemas inside it are compiled.
    validateSchema: false,
    // PayPal's e-mail pattern is written for JavaScript's non-unicode regular expressions.
    unicodeRegExp: false,
    logger: false as const,
  };
  // OpenAPI 3.1 schemas are JSON Schema 2020-12; 3.0 ones are draft-04-like with `nullable`, which Ajv knows.
  const ajv = String(document['openapi']).startsWith('3.1') ? new Ajv2020(options) : new Ajv(options);
  addFormats(ajv);
  // PayPal's private formats (`ppaas_date_time_v3`…) are not published: the pattern, length and
  // enum keywords beside them still apply, so an unknown format accepts its value.
  for (const format of formatsOf(document)) if (!ajv.formats[format]) ajv.addFormat(format, true);
  ajv.addSchema(document, name);
  const spec: OpenApiSpec = { name, document, ajv, compiled: new Map() };
  loaded.set(name, spec);
  return spec;
}

const escapeSegment = (segment: string) => encodeURIComponent(segment.replace(/~/g, '~0').replace(/\//g, '~1'));

function at(document: Json, path: string[]): unknown {
  let node: unknown = document;
  for (const segment of path) node = isJson(node) || Array.isArray(node) ? (node as Json)[segment] : undefined;
  return node;
}

/** `#/a/b~1c` -> ['a', 'b/c'] */
const pointer = (ref: string) => ref.replace(/^#\/?/, '').split('/').filter(Boolean).map((s) => decodeURIComponent(s).replace(/~1/g, '/').replace(/~0/g, '~'));

function resolve(document: Json, node: unknown): unknown {
  let current = node;
  for (let hops = 0; isJson(current) && typeof current['$ref'] === 'string' && hops < 32; hops++) {
    current = at(document, pointer(current['$ref']));
  }
  return current;
}

/** The path (in the document) of the schema a target names. */
function schemaPath(spec: OpenApiSpec, target: SpecTarget): string[] {
  if ('schema' in target) return ['components', 'schemas', target.schema];
  const { document } = spec;
  for (const group of ['paths', 'webhooks']) {
    for (const [route, item] of Object.entries(isJson(document[group]) ? (document[group] as Json) : {})) {
      for (const [method, operation] of Object.entries(isJson(item) ? item : {})) {
        if (!isJson(operation) || operation['operationId'] !== target.operation) continue;
        let base = [group, route, method];
        let holder: unknown;
        if ('request' in target) {
          base = [...base, 'requestBody'];
          holder = operation['requestBody'];
        } else {
          const responses = isJson(operation['responses']) ? operation['responses'] : {};
          const status = String(target.status) in responses ? String(target.status) : 'default';
          base = [...base, 'responses', status];
          holder = responses[status];
        }
        // A `$ref` to components/requestBodies or components/responses: follow it to its content.
        if (isJson(holder) && typeof holder['$ref'] === 'string') {
          base = pointer(holder['$ref']);
          holder = at(document, base);
        }
        if (!isJson(holder)) throw new Error(`${spec.name}: ${target.operation} documents no ${'request' in target ? 'request body' : `answer ${target.status}`}`);
        return [...base, 'content', 'application/json', 'schema'];
      }
    }
  }
  throw new Error(`${spec.name}: no operation ${target.operation}`);
}

/**
 * Fields the body carries that the schema does not declare (provider schemas leave
 * `additionalProperties` open, so the validator alone would accept an invented field).
 */
function undeclared(document: Json, schema: unknown, value: unknown, path: string, found: string[]): void {
  const branches: Json[] = [];
  const collect = (node: unknown, depth: number) => {
    const resolved = resolve(document, node);
    if (!isJson(resolved) || depth > 16) return;
    branches.push(resolved);
    for (const key of ['allOf', 'anyOf', 'oneOf']) {
      if (Array.isArray(resolved[key])) for (const branch of resolved[key] as unknown[]) collect(branch, depth + 1);
    }
  };
  collect(schema, 0);
  if (Array.isArray(value)) {
    const items = branches.map((branch) => branch['items']).filter((items) => items !== undefined);
    // Every items schema at once: a field one of them declares is declared.
    if (items.length > 0) value.forEach((item, index) => undeclared(document, { allOf: items }, item, `${path}/${index}`, found));
    return;
  }
  if (!isJson(value)) return;
  const declared = new Map<string, unknown[]>();
  let open = true;
  for (const branch of branches) {
    if (isJson(branch['properties'])) {
      open = false;
      for (const [key, property] of Object.entries(branch['properties'])) declared.set(key, [...(declared.get(key) ?? []), property]);
    }
  }
  // A free-form object (no properties anywhere, or additionalProperties allowed) is not ours to judge.
  if (open || branches.some((branch) => branch['additionalProperties'] === true || isJson(branch['additionalProperties']))) return;
  for (const [key, child] of Object.entries(value)) {
    const schemas = declared.get(key);
    if (!schemas) found.push(`${path}/${key} is not in the schema`);
    else undeclared(document, { allOf: schemas }, child, `${path}/${key}`, found);
  }
}

/**
 * One line per failure. An `anyOf` that matched no branch (PayPal lists each issue as a branch)
 * is one line with the value, not one per branch tried.
 */
function readable(errors: ErrorObject[], body: unknown): string[] {
  const unmatched = errors.filter((error) => error.keyword === 'anyOf' || error.keyword === 'oneOf');
  const insideUnmatched = (error: ErrorObject) =>
    unmatched.some((outer) => outer !== error && error.schemaPath.startsWith(outer.schemaPath.replace(/\/(anyOf|oneOf)$/, '/$1/')));
  return errors.filter((error) => !insideUnmatched(error)).map((error) => {
    const where = error.instancePath || '/';
    const value = unmatched.includes(error) ? `: ${JSON.stringify(at(body as Json, pointer(error.instancePath)))}` : ` ${JSON.stringify(error.params)}`;
    return `${where} ${error.message ?? error.keyword}${value}`;
  });
}

/** The provider's own examples of a target's body (`examples` beside the schema), by name. */
export function examplesOf(spec: OpenApiSpec, target: Exclude<SpecTarget, { schema: string }>): Map<string, unknown> {
  const media = at(spec.document, schemaPath(spec, target).slice(0, -1));
  const examples = new Map<string, unknown>();
  for (const [name, example] of Object.entries(isJson(media) && isJson(media['examples']) ? media['examples'] : {})) {
    const resolved = resolve(spec.document, example);
    if (isJson(resolved) && 'value' in resolved) examples.set(name, resolved['value']);
  }
  return examples;
}

/** Everything wrong with `body` for `target` (empty when it conforms): the validator's errors, then undeclared fields. */
export function validateAgainst(spec: OpenApiSpec, target: SpecTarget, body: unknown): string[] {
  const path = schemaPath(spec, target);
  const key = path.join('\u0000');
  let validate = spec.compiled.get(key);
  if (!validate) {
    validate = spec.ajv.compile({ $ref: `${spec.name}#/${path.map(escapeSegment).join('/')}` });
    spec.compiled.set(key, validate);
  }
  const errors = validate(body) ? [] : (validate.errors ?? []);
  // A schema closed with `additionalProperties: false` (Adyen's) already names the field: once is enough.
  const named = new Set(errors.filter((error) => error.keyword === 'additionalProperties').map((error) => `${error.instancePath}/${String(error.params['additionalProperty'])}`));
  const fields: string[] = [];
  undeclared(spec.document, at(spec.document, path), body, '', fields);
  return [...readable(errors, body), ...fields.filter((field) => !named.has(field.replace(/ is not in the schema$/, '')))];
}

/** Throws, listing every problem, when `body` does not conform (assert-style, for tests). */
export function assertConforms(spec: OpenApiSpec, target: SpecTarget, body: unknown, what = 'body'): void {
  const problems = validateAgainst(spec, target, body);
  if (problems.length > 0) {
    throw new Error(`${what} does not conform to ${spec.name} ${JSON.stringify(target)}:\n  ${problems.join('\n  ')}\n${JSON.stringify(body, null, 2)}`);
  }
}

/** One request a fake provider received, with its answer's status and JSON. */
export interface Exchange {
  request: SeenRequest;
  status: number;
  body: unknown;
}

/** A `fetch` that records each request and its JSON answer on the way through (what the provider saw and said). */
export function recording(target: typeof fetch): { fetch: typeof fetch; exchanges: Exchange[] } {
  const exchanges: Exchange[] = [];
  return {
    exchanges,
    fetch: async (input, init) => {
      const request = await seen(input, init);
      const response = await target(input, init);
      exchanges.push({ request, status: response.status, body: await response.clone().json() });
      return response;
    },
  };
}
