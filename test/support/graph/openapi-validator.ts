/**
 * Checks requests and responses against Microsoft's Graph OpenAPI description
 * (test/fixtures/graph/graph-openapi.json, trimmed by scripts/trim-graph-openapi.mjs) merged with
 * graph-docs-extras.json (what only the docs describe). Ajv 8 compiles each schema once per
 * process (or loads them from node_modules/.cache, see precompile); the server handles tens of
 * thousands of requests in a benchmark.
 *
 * Microsoft's description is generated (OpenAPI.NET.OData) and has three quirks that are fixed
 * here at load time, so the fixture stays Microsoft's text:
 *  - every schema lists `@odata.type` as required (a side effect of its discriminators,
 *    microsoft/OpenAPI.NET.OData#520); real payloads carry it only for derived types, so it is
 *    dropped from `required`;
 *  - a nullable reference is written `anyOf: [{$ref}, {type: object, nullable: true}]`, whose second
 *    branch accepts any object at all; it becomes `anyOf: [{$ref}, {type: 'null'}]`, which is what it
 *    means, so nested objects are really checked;
 *  - `nullable` without `type` (which Ajv refuses) becomes `anyOf: [schema, {type: 'null'}]`.
 */
import fs from 'node:fs';
import path from 'node:path';
import Ajv, { type ErrorObject, type ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';
import standaloneCode from 'ajv/dist/standalone';
import { packageOf, preparedFile } from '../../../bot/rulings/search/prepared-cache';
import { splitTopLevel } from './odata-options';

/** OpenAPI is untyped JSON here; Ajv does the checking. */
type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

const FIXTURES = path.join(__dirname, '..', '..', 'fixtures', 'graph');
/** Beside the packages (npm ci empties it); found through Node's resolution, so it works compiled outside test/ too. */
const CACHE_FOLDER = path.join(path.dirname(path.dirname(require.resolve('ajv/package.json'))), '.cache', 'renkei-graph-validators');
const DOC_ID = 'graph.json';
const METHODS = ['get', 'put', 'post', 'patch', 'delete'];
/** The schema of a parameter the description gives none: anything. */
const ANY_SCHEMA: Json = {};
/** OData system query options Graph also accepts without the `$`. */
const SYSTEM_OPTIONS = new Set(['select', 'expand', 'filter', 'orderby', 'top', 'skip', 'count', 'search', 'skiptoken']);

export interface RequestProblem {
  part: 'query' | 'body';
  /** The query parameter, for part 'query'. */
  name?: string;
  message: string;
}

export interface Operation {
  method: string;
  template: string;
  spec: Json;
  /** Path-level and operation-level parameters, refs resolved, by name. */
  parameters: Map<string, Json>;
  /** Collections that page with @odata.nextLink accept the $skiptoken that link carries. */
  pageable: boolean;
}

function normalizeSchemas(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(normalizeSchemas);
  if (!node || typeof node !== 'object') return node;
  const out: Json = {};
  for (const [key, value] of Object.entries(node)) {
    if (key === '$ref' && typeof value === 'string' && value.startsWith('#/')) out.$ref = `${DOC_ID}${value}`;
    else if (key !== 'discriminator') out[key] = normalizeSchemas(value);
  }
  if (Array.isArray(out.required) && out.required.every((name: unknown) => typeof name === 'string')) {
    out.required = out.required.filter((name: string) => name !== '@odata.type');
    if (out.required.length === 0) delete out.required;
  }
  if (Array.isArray(out.anyOf)) {
    out.anyOf = out.anyOf.map((branch: Json) =>
      branch && branch.nullable === true && branch.type === 'object' && Object.keys(branch).length === 2 ? { type: 'null' } : branch,
    );
  }
  if ('nullable' in out && out.type === undefined && typeof out.nullable === 'boolean') {
    const nullable = out.nullable;
    delete out.nullable;
    if (nullable) return { anyOf: [out, { type: 'null' }] };
  }
  return out;
}

function loadDocument(): Json {
  const graph = JSON.parse(fs.readFileSync(path.join(FIXTURES, 'graph-openapi.json'), 'utf8'));
  const extras = JSON.parse(fs.readFileSync(path.join(FIXTURES, 'graph-docs-extras.json'), 'utf8'));
  for (const [section, entries] of Object.entries<Json>(extras.components ?? {})) {
    graph.components[section] ??= {};
    for (const [name, value] of Object.entries(entries)) {
      if (graph.components[section][name]) throw new Error(`graph-docs-extras.json redefines components.${section}.${name}`);
      graph.components[section][name] = value;
    }
  }
  for (const [template, item] of Object.entries<Json>(extras.paths)) {
    const target = (graph.paths[template] ??= {});
    for (const [key, value] of Object.entries(item)) if (!(key === 'parameters' && target.parameters)) target[key] = value;
  }
  return normalizeSchemas(graph) as Json;
}

function describe(errors: ErrorObject[] | null | undefined): string {
  const list = errors ?? [];
  const shown = list
    .slice(0, 3)
    .map(
      (error) =>
        `${error.instancePath || '/'} ${error.message}${error.params && 'allowedValues' in error.params ? ` (${error.params.allowedValues.join(', ')})` : ''}`,
    );
  return shown.join('; ') + (list.length > 3 ? `; (+${list.length - 3} more)` : '');
}

export class OpenApiValidator {
  private static shared?: OpenApiValidator;

  /** One per process: loading and compiling takes about a second. */
  static load(): OpenApiValidator {
    return (OpenApiValidator.shared ??= new OpenApiValidator());
  }

  readonly templates: string[];
  private readonly doc: Json;
  /** Made only to compile (what the cache doesn't hold), as adding the description costs time too. */
  private ajv?: Ajv;
  private readonly operations = new Map<string, Operation>();
  private readonly compiled = new WeakMap<object, ValidateFunction>();

  private constructor() {
    this.doc = loadDocument();
    this.templates = Object.keys(this.doc.paths);
    for (const [template, item] of Object.entries<Json>(this.doc.paths)) {
      for (const method of METHODS) {
        const spec = item[method];
        if (!spec) continue;
        const parameters = new Map<string, Json>();
        for (const parameter of [...(item.parameters ?? []), ...(spec.parameters ?? [])].map((p: Json) => this.resolve(p))) {
          if (parameter.in === 'query') parameters.set(parameter.name, parameter);
        }
        this.operations.set(`${method.toUpperCase()} ${template}`, {
          method: method.toUpperCase(),
          template,
          spec,
          parameters,
          pageable: Boolean(spec['x-ms-pageable']),
        });
      }
    }
    this.precompile();
  }

  operation(method: string, template: string): Operation | undefined {
    return this.operations.get(`${method.toUpperCase()} ${template}`);
  }

  methods(template: string): string[] {
    return METHODS.filter((method) => this.doc.paths[template]?.[method]).map((method) => method.toUpperCase());
  }

  /** Query options and body of a request: one entry per mismatch. */
  validateRequest(op: Operation, query: URLSearchParams, body: unknown): RequestProblem[] {
    const problems: RequestProblem[] = [];
    for (const [key, value] of query) {
      const parameter = op.parameters.get(key) ?? (SYSTEM_OPTIONS.has(key) ? op.parameters.get(`$${key}`) : undefined);
      if (!parameter) {
        if (op.pageable && (key === '$skiptoken' || key === 'skiptoken')) continue;
        problems.push({ part: 'query', name: key, message: `unknown query parameter '${key}'` });
        continue;
      }
      const problem = this.checkParameter(parameter, value);
      if (problem) problems.push({ part: 'query', name: key, message: `query parameter '${key}=${value}': ${problem}` });
    }
    const requestBody = op.spec.requestBody ? this.resolve(op.spec.requestBody) : undefined;
    if (!requestBody) return problems;
    if (body === undefined) {
      if (requestBody.required) problems.push({ part: 'body', message: 'request body is required' });
      return problems;
    }
    const json = requestBody.content?.['application/json'];
    if (json) {
      const validate = this.validator(json.schema);
      if (!validate(body)) problems.push({ part: 'body', message: `request body: ${describe(validate.errors)}` });
    }
    return problems;
  }

  /** Whether the operation takes a JSON body (else raw bytes, or none). */
  takesJson(op: Operation): boolean {
    const requestBody = op.spec.requestBody ? this.resolve(op.spec.requestBody) : undefined;
    return Boolean(requestBody?.content?.['application/json']);
  }

  /** The body sent with `status`, against the response the description gives for it. */
  validateResponse(op: Operation, status: number, body: unknown): string[] {
    const responses = op.spec.responses ?? {};
    const entry = responses[String(status)] ?? responses[`${String(status)[0]}XX`] ?? responses.default;
    if (!entry) return [`status ${status} is not a described response (${Object.keys(responses).join(', ')})`];
    const response = this.resolve(entry);
    const json = response.content?.['application/json'];
    if (!json) return body === undefined ? [] : [`status ${status} is described without a body, but one was sent`];
    if (body === undefined) return [`status ${status} must have a body`];
    const validate = this.validator(json.schema);
    return validate(body) ? [] : [`response body: ${describe(validate.errors)}`];
  }

  private checkParameter(parameter: Json, raw: string): string | undefined {
    const schema = parameter.schema ?? ANY_SCHEMA;
    let value: unknown = raw;
    if (schema.type === 'array') {
      const items = splitTopLevel(raw).map((item) => item.replace(/\(.*\)$/s, '').trim());
      // SharePoint lists sort on their columns (fields/X [asc|desc]), which the generated enum omits.
      value = parameter.name === '$orderby' ? items.filter((item) => !/^fields\/\S+(\s+(asc|desc))?$/i.test(item)) : items;
    } else if (schema.type === 'integer' || schema.type === 'number') {
      if (!/^-?\d+(\.\d+)?$/.test(raw)) return 'must be a number';
      value = Number(raw);
    } else if (schema.type === 'boolean') {
      if (raw !== 'true' && raw !== 'false') return 'must be true or false';
      value = raw === 'true';
    }
    const validate = this.validator(schema);
    return validate(value) ? undefined : describe(validate.errors);
  }

  /** Follows one OpenAPI-level $ref (responses, parameters, requestBodies) within the document. */
  private resolve(node: Json): Json {
    let current = node;
    for (let hops = 0; current?.$ref && hops < 10; hops++) {
      const pointer = String(current.$ref)
        .slice(DOC_ID.length + 2)
        .split('/');
      current = pointer.reduce((at: Json, key: string) => at?.[key.replace(/~1/g, '/').replace(/~0/g, '~')], this.doc);
      if (!current) throw new Error(`unresolvable $ref ${node.$ref}`);
    }
    return current;
  }

  private validator(schema: Json): ValidateFunction {
    let validate = this.compiled.get(schema);
    if (!validate) {
      validate = this.compiler().compile(schema);
      this.compiled.set(schema, validate);
    }
    return validate;
  }

  private compiler(): Ajv {
    if (this.ajv) return this.ajv;
    // `source`: the compiled code can be written out (standaloneCode) for the next process.
    const ajv = new Ajv({ strict: false, allErrors: true, code: { source: true } });
    addFormats(ajv);
    // OpenAPI's numeric and binary formats say nothing a JSON type doesn't already check.
    for (const format of ['int16', 'int32', 'int64', 'uint8', 'float', 'double', 'decimal', 'base64url', 'binary'])
      ajv.addFormat(format, true);
    ajv.addSchema({ $id: DOC_ID, components: this.doc.components });
    return (this.ajv = ajv);
  }

  /**
   * Compiles every schema up front, so the first request isn't the slow one. Compiling takes about
   * a CPU-second, and a dozen test files start a server each, so Ajv's standalone code for them (the
   * same validation functions, as JavaScript) is kept in node_modules/.cache/renkei-graph-validators,
   * keyed by the description, this file and the Ajv versions, and the next process only loads it.
   */
  private precompile(): void {
    const schemas = this.schemasInUse();
    const key = [
      fs.readFileSync(path.join(FIXTURES, 'graph-openapi.json'), 'utf8'),
      fs.readFileSync(path.join(FIXTURES, 'graph-docs-extras.json'), 'utf8'),
      fs.readFileSync(__filename, 'utf8'),
      packageOf(path.dirname(require.resolve('ajv/package.json'))),
      packageOf(path.dirname(require.resolve('ajv-formats/package.json'))),
    ].join('\n');
    const code = preparedFile('graph-validators', key, () => Buffer.from(this.standaloneCode(schemas)), CACHE_FOLDER).toString('utf8');
    const module = { exports: {} as Record<string, ValidateFunction> };
    // The code Ajv generated (and would itself evaluate with new Function when compiling).
    // eslint-disable-next-line @typescript-eslint/no-implied-eval
    new Function('module', 'exports', 'require', code)(module, module.exports, require);
    schemas.forEach((schema, index) => this.compiled.set(schema, module.exports[`v${index}`]));
  }

  /** The schemas of every operation's parameters, request body and responses, each once, in a fixed order. */
  private schemasInUse(): Json[] {
    const schemas = new Set<Json>();
    for (const op of this.operations.values()) {
      for (const parameter of op.parameters.values()) schemas.add(parameter.schema ?? ANY_SCHEMA);
      const requestBody = op.spec.requestBody ? this.resolve(op.spec.requestBody) : undefined;
      const json = requestBody?.content?.['application/json'];
      if (json) schemas.add(json.schema);
      for (const entry of Object.values<Json>(op.spec.responses ?? {})) {
        const schema = this.resolve(entry).content?.['application/json']?.schema;
        if (schema) schemas.add(schema);
      }
    }
    return [...schemas];
  }

  /** One CommonJS module exporting the validator of schemas[i] as v{i}. */
  private standaloneCode(schemas: Json[]): string {
    const ajv = this.compiler();
    const exports: Record<string, string> = {};
    schemas.forEach((schema, index) => {
      ajv.addSchema(schema, `v${index}`);
      exports[`v${index}`] = `v${index}`;
    });
    return standaloneCode(ajv, exports);
  }
}
