/**
 * The boundaries the README's architecture section states, checked on every `npm run lint`.
 * Each SDK lives behind one folder so replacing it changes that folder only:
 *   botbuilder / botframework-*          bot/teams/
 *   restify                              bot/server/
 *   better-sqlite3 (SQL)                 bot/store/sqlite/
 *   @microsoft/microsoft-graph-client    bot/store/sharepoint/
 *   @azure/data-tables                   bot/store/azure/
 *   Entra credentials (@azure/identity,  the store adapters that sign in (bot/store/sharepoint/graph/,
 *   @azure/msal-node)                    bot/store/azure/) and the tab's on-behalf-of exchange (bot/platform/graph-obo.ts)
 * Flows (check-ins, 疑義照会, and the 本庁 → 区役所 flows to come) never reach into one another.
 * The tab takes from bot/ only types (erased at build, so no bot code reaches the browser) of the
 * domain and its API shapes; code both sides run lives in shared/, which imports neither.
 */
const FLOWS = 'checkins|inquiries|notices|surveys';

/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: 'no-circular',
      severity: 'error',
      comment: 'A cycle makes load order matter and the parts impossible to understand one at a time.',
      from: {},
      to: { circular: true },
    },
    {
      name: 'botbuilder-only-in-teams',
      severity: 'error',
      comment: 'Handlers see BotTurn, not botbuilder; moving to the Microsoft 365 Agents SDK changes bot/teams/ only.',
      from: { path: '^(bot|shared|tab)/', pathNot: '^bot/teams/' },
      to: { path: '^node_modules/(botbuilder[^/]*|botframework-[^/]+)/' },
    },
    {
      name: 'restify-only-in-server',
      severity: 'error',
      comment: 'Routes see ApiRequest; only the HTTP server knows restify.',
      from: { path: '^(bot|shared|tab)/', pathNot: '^bot/server/' },
      to: { path: '^node_modules/(@types/)?restify/' },
    },
    {
      name: 'sql-only-in-store-sqlite',
      severity: 'error',
      comment: 'Only the SQLite adapter knows SQL; the domain reads and writes through the store ports.',
      from: { path: '^(bot|shared|tab)/', pathNot: '^bot/store/sqlite/' },
      to: { path: ['^node_modules/(@types/)?better-sqlite3/', '^node:sqlite$', '^sqlite$'] },
    },
    {
      name: 'graph-only-in-store-sharepoint',
      severity: 'error',
      comment: "Microsoft Graph is the SharePoint store adapter's business.",
      from: { path: '^(bot|shared|tab)/', pathNot: '^bot/store/sharepoint/' },
      to: { path: '^node_modules/@microsoft/microsoft-graph-client/' },
    },
    {
      name: 'entra-credentials-only-where-signing-in',
      severity: 'error',
      comment:
        'Tokens for Graph and Table Storage are acquired by the adapters that call them, and by bot/platform/graph-obo.ts ' +
        "(the tab's on-behalf-of exchange for the マニュアル list); nothing else holds a credential.",
      from: { path: '^(bot|shared|tab)/', pathNot: ['^bot/store/sharepoint/graph/', '^bot/store/azure/', '^bot/platform/graph-obo\\.ts$'] },
      to: { path: '^node_modules/@azure/(identity|msal-node)/' },
    },
    {
      name: 'azure-tables-only-in-store-azure',
      severity: 'error',
      comment: "Table Storage is the operational store adapter's business.",
      from: { path: '^(bot|shared|tab)/', pathNot: '^bot/store/azure/' },
      to: { path: '^node_modules/@azure/data-tables/' },
    },
    {
      name: 'flows-keep-to-themselves',
      severity: 'error',
      comment:
        "A flow (bot/checkins, bot/inquiries, bot/notices, bot/surveys) never imports another flow's internals; " +
        'what flows share lives in bot/platform, bot/directory or the store ports. A flow may offer bot/<flow>/index.ts as its public entry.',
      from: { path: `^bot/(${FLOWS})/` },
      to: { path: `^bot/(${FLOWS})/`, pathNot: [`^bot/$1/`, `^bot/(${FLOWS})/index\\.ts$`] },
    },
    {
      name: 'tab-takes-only-types-from-bot',
      severity: 'error',
      comment: 'The tab is a browser bundle: from bot/ it may `import type` only (erased at build); shared code goes in shared/.',
      from: { path: '^tab/' },
      to: { path: '^bot/', dependencyTypesNot: ['type-only'] },
    },
    {
      name: 'tab-types-only-from-the-domain',
      severity: 'error',
      comment: "The tab knows the domain and its API shapes, not the server's machinery (server, teams, store, platform, cli, demo).",
      from: { path: '^tab/' },
      to: { path: '^bot/(server|teams|store|platform|cli|demo)/' },
    },
    {
      name: 'shared-stands-alone',
      severity: 'error',
      comment: 'shared/ is what bot/ and tab/ both use; it imports neither.',
      from: { path: '^shared/' },
      to: { path: '^(bot|tab)/' },
    },
    {
      name: 'bot-not-to-tab-or-tests',
      severity: 'error',
      comment: "The server ships without the tab's sources and the tests.",
      from: { path: '^bot/' },
      to: { path: '^(tab|test)/' },
    },
    {
      name: 'not-to-unresolvable',
      severity: 'error',
      comment: 'An import that resolves to nothing is a typo or a missing package.',
      from: {},
      to: { couldNotResolve: true },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '^(dist|build|coverage|test-results)/' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: {
      exportsFields: ['exports'],
      conditionNames: ['import', 'require', 'node', 'default', 'types'],
      extensions: ['.ts', '.tsx', '.d.ts', '.js', '.mjs', '.cjs', '.json'],
      mainFields: ['module', 'main', 'types', 'typings'],
    },
    reporterOptions: {
      text: { highlightFocused: true },
    },
  },
};
