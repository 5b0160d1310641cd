import fs from 'node:fs';
import path from 'node:path';

/**
 * The deployment files, checked without Azure and without the Bicep compiler (which is not on the
 * npm registry: bicep-node only downloads the compiler from the internet). What is checked is the
 * structure: the Bicep files scan cleanly (strings, interpolations, brackets), every module exists
 * and gets exactly the parameters it declares, every output used exists, both parameter files give
 * every parameter of main.bicep with the right type and allowed value, no secret is written into
 * any file, the app settings are the ones the server reads; the Agents Toolkit project refers to
 * files and variables that exist; the Dockerfile has its stages, a non-root user and a health check.
 * What the Bicep compiler and Azure would catch beyond this (property names and types of each
 * resource type, API versions Azure accepts) is not checked here.
 */

const root = path.resolve(__dirname, '../..');
const azure = path.join(root, 'infra', 'azure');
const read = (file: string) => fs.readFileSync(path.join(root, file), 'utf8');

/**
 * The Node line the deployment defaults to: the one the Bicep's main.bicep names, which must be an
 * LTS line (even major) that package.json's engines allow. Bicep, parameter files and Dockerfile agree on it.
 */
function supportedLtsMajor(): number {
  const engines = (JSON.parse(read('package.json')) as { engines: { node: string } }).engines.node;
  const floor = Number(/>=\s*(\d+)/.exec(engines)?.[1]);
  const major = Number(/param nodeRuntime string = 'NODE\|(\d+)-lts'/.exec(read('infra/azure/main.bicep'))?.[1]);
  expect(major % 2).toBe(0);
  expect(major).toBeGreaterThanOrEqual(floor);
  return major;
}

// ---- a small Bicep scanner: code depth per character, strings and comments blanked --------------

interface Scan {
  /** The text with comments and string contents (not interpolations) replaced by spaces. */
  code: string;
  /** Bracket depth ({, [, ( of code) at each character. */
  depth: number[];
  problems: string[];
}

function scanBicep(text: string): Scan {
  const problems: string[] = [];
  const code = text.split('');
  const depth = new Array<number>(text.length).fill(0);
  const brackets: { char: string; at: number; interpolation: boolean }[] = [];
  const closing: Record<string, string> = { '}': '{', ']': '[', ')': '(' };
  const line = (at: number) => text.slice(0, at).split('\n').length;
  type Mode = 'code' | 'string';
  const modes: Mode[] = ['code'];
  let i = 0;
  while (i < text.length) {
    const mode = modes[modes.length - 1];
    const char = text[i];
    depth[i] = brackets.length;
    if (mode === 'string') {
      if (char === '\\') {
        code[i] = ' ';
        code[i + 1] = ' ';
        i += 2;
        continue;
      }
      if (char === '\n') problems.push(`line ${line(i)}: string not closed on its line`);
      if (char === "'") {
        modes.pop();
        i++;
        continue;
      }
      if (char === '$' && text[i + 1] === '{') {
        brackets.push({ char: '{', at: i, interpolation: true });
        modes.push('code');
        i += 2;
        continue;
      }
      code[i] = ' ';
      i++;
      continue;
    }
    if (char === '/' && text[i + 1] === '/') {
      while (i < text.length && text[i] !== '\n') code[i++] = ' ';
      continue;
    }
    if (char === '/' && text[i + 1] === '*') {
      const end = text.indexOf('*/', i + 2);
      if (end < 0) problems.push(`line ${line(i)}: comment not closed`);
      const stop = end < 0 ? text.length : end + 2;
      for (; i < stop; i++) if (text[i] !== '\n') code[i] = ' ';
      continue;
    }
    if (text.startsWith("'''", i)) {
      const end = text.indexOf("'''", i + 3);
      if (end < 0) problems.push(`line ${line(i)}: multi-line string not closed`);
      const stop = end < 0 ? text.length : end + 3;
      for (; i < stop; i++) if (text[i] !== '\n') code[i] = ' ';
      continue;
    }
    if (char === "'") {
      modes.push('string');
      i++;
      continue;
    }
    if ('{[('.includes(char)) brackets.push({ char, at: i, interpolation: false });
    if ('}])'.includes(char)) {
      const open = brackets.pop();
      if (!open || open.char !== closing[char]) {
        problems.push(`line ${line(i)}: '${char}' does not close ${open ? `'${open.char}' of line ${line(open.at)}` : 'anything'}`);
      } else if (open.interpolation) {
        modes.pop(); // back into the string
      }
      depth[i] = brackets.length;
    }
    i++;
  }
  for (const open of brackets) problems.push(`line ${line(open.at)}: '${open.char}' never closed`);
  if (modes.length > 1) problems.push('file ends inside a string');
  return { code: code.join(''), depth, problems };
}

/** The text between the brace that opens at or after `from` and its match. */
function blockFrom(scan: Scan, text: string, from: number): { start: number; end: number; body: string } {
  const start = scan.code.indexOf('{', from);
  const level = scan.depth[start];
  let end = start + 1;
  while (end < text.length && !(scan.code[end] === '}' && scan.depth[end] === level)) end++;
  return { start, end, body: text.slice(start + 1, end) };
}

/** `key:` names at the top level of the object literal that opens at `start`. */
function topLevelKeys(scan: Scan, text: string, start: number, end: number): Map<string, string> {
  const keys = new Map<string, string>();
  const level = scan.depth[start] + 1;
  const pattern = /^[ \t]*([A-Za-z_][A-Za-z0-9_]*|'[^']+')[ \t]*:[ \t]*(.*)$/gm;
  const region = scan.code.slice(0, end);
  pattern.lastIndex = start + 1;
  for (let match = pattern.exec(region); match; match = pattern.exec(region)) {
    if (scan.depth[match.index + match[0].indexOf(match[1])] !== level) continue;
    const valueStart = match.index + match[0].length - match[2].length;
    keys.set(match[1].replace(/'/g, ''), text.slice(valueStart, text.indexOf('\n', valueStart)).trim());
  }
  return keys;
}

interface Param {
  name: string;
  type: string;
  hasDefault: boolean;
  allowed?: string[];
  secure: boolean;
}

interface BicepFile {
  file: string;
  text: string;
  scan: Scan;
  params: Map<string, Param>;
  outputs: Map<string, string>;
  modules: { symbol: string; path: string; params: Map<string, string>; at: number }[];
  resources: { symbol: string; type: string; apiVersion: string }[];
  vars: string[];
}

function parseBicep(file: string): BicepFile {
  const text = fs.readFileSync(file, 'utf8');
  const scan = scanBicep(text);
  const params = new Map<string, Param>();
  const paramPattern = /^param[ \t]+([A-Za-z_]\w*)[ \t]+([A-Za-z_][\w.]*)([ \t]*=[ \t]*(.+))?$/gm;
  for (let match = paramPattern.exec(text); match; match = paramPattern.exec(text)) {
    // The decorators are the lines right above the declaration.
    const before = text.slice(0, match.index).split('\n');
    const decorators: string[] = [];
    for (let line = before.length - 2; line >= 0; line--) {
      const trimmed = before[line].trim();
      if (trimmed.startsWith('@') || /^'[^']*'$/.test(trimmed) || trimmed === '])') decorators.unshift(trimmed);
      else break;
    }
    const joined = decorators.join('\n');
    const allowed = /@allowed\(\[([\s\S]*?)\]\)/
      .exec(joined)?.[1]
      .match(/'([^']*)'/g)
      ?.map((value) => value.slice(1, -1));
    params.set(match[1], {
      name: match[1],
      type: match[2],
      hasDefault: match[3] !== undefined,
      allowed,
      secure: joined.includes('@secure()'),
    });
  }
  const outputs = new Map<string, string>();
  for (const match of text.matchAll(/^output[ \t]+([A-Za-z_]\w*)[ \t]+(\w+)[ \t]*=[ \t]*(.+)$/gm)) outputs.set(match[1], match[3]);
  const modules: BicepFile['modules'] = [];
  for (const match of text.matchAll(/^module[ \t]+([A-Za-z_]\w*)[ \t]+'([^']+)'[ \t]*=/gm)) {
    const block = blockFrom(scan, text, match.index + match[0].length);
    const paramsAt = /^[ \t]*params[ \t]*:[ \t]*\{/m.exec(text.slice(block.start, block.end));
    let moduleParams = new Map<string, string>();
    if (paramsAt) {
      const inner = blockFrom(scan, text, block.start + paramsAt.index);
      moduleParams = topLevelKeys(scan, text, inner.start, inner.end);
    }
    modules.push({ symbol: match[1], path: match[2], params: moduleParams, at: match.index });
  }
  const resources = [...text.matchAll(/^resource[ \t]+([A-Za-z_]\w*)[ \t]+'([^'@]+)@([^']+)'/gm)].map((match) => ({
    symbol: match[1],
    type: match[2],
    apiVersion: match[3],
  }));
  const vars = [...text.matchAll(/^var[ \t]+([A-Za-z_]\w*)[ \t]*=/gm)].map((match) => match[1]);
  return { file, text, scan, params, outputs, modules, resources, vars };
}

const bicepFiles = () => [
  path.join(azure, 'main.bicep'),
  ...fs
    .readdirSync(path.join(azure, 'modules'))
    .filter((name) => name.endsWith('.bicep'))
    .map((name) => path.join(azure, 'modules', name)),
];

/** Values that look like a credential rather than a name, an id, a path or a URL. */
function secretLike(value: string): boolean {
  if (
    /AccountKey=|SharedAccessSignature=|[?&]sig=|InstrumentationKey=[0-9a-f-]{36}|-----BEGIN [A-Z ]*PRIVATE KEY-----|eyJ[A-Za-z0-9_-]{20,}\.[A-Za-z0-9_-]{20,}/.test(
      value,
    )
  )
    return true;
  // A long run of mixed letters and digits: a key (base64, no dots or slashes of a path) or an Entra client secret (with ~).
  const withoutGuids = value.replace(/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/gi, '');
  return (withoutGuids.match(/[A-Za-z0-9+/=_~.-]{32,}/g) ?? []).some(
    (token) => /\d/.test(token) && /[A-Z]/.test(token) && /[a-z]/.test(token) && (token.includes('~') || !/[./]/.test(token)),
  );
}

describe('infra/azure Bicep (structure; no compiler offline)', () => {
  const files = bicepFiles().map(parseBicep);
  const main = files.find((file) => file.file.endsWith('main.bicep'))!;
  const byPath = new Map(files.map((file) => [file.file, file]));

  it('scans cleanly: every string, interpolation, comment and bracket is closed', () => {
    expect(files.length).toBeGreaterThanOrEqual(7);
    for (const file of files)
      expect({ file: path.relative(root, file.file), problems: file.scan.problems }).toEqual({
        file: path.relative(root, file.file),
        problems: [],
      });
  });

  it('finds the scanner wrong on broken text (so the check above means something)', () => {
    expect(scanBicep("param a string = 'x\nvar b = 1").problems.length).toBeGreaterThan(0);
    expect(scanBicep('var a = { b: [1, 2 }').problems.join()).toContain("does not close '['");
    expect(scanBicep("var a = 'x${b}y'\nvar c = '${d(e, '}')}'\n// '{\n/* ( */").problems).toEqual([]);
  });

  it('references only modules that exist, each given exactly the parameters it declares (all required ones)', () => {
    expect(main.modules.map((module) => module.symbol).sort()).toEqual([
      'alerts',
      'app',
      'bot',
      'identity',
      'keyVault',
      'monitoring',
      'storage',
    ]);
    for (const file of files) {
      for (const module of file.modules) {
        const target = path.resolve(path.dirname(file.file), module.path);
        expect({ module: module.path, exists: fs.existsSync(target) }).toEqual({ module: module.path, exists: true });
        const declared = byPath.get(target)!.params;
        const given = [...module.params.keys()].sort();
        const required = [...declared.values()].filter((param) => !param.hasDefault).map((param) => param.name);
        expect({ module: module.path, unknown: given.filter((name) => !declared.has(name)) }).toEqual({ module: module.path, unknown: [] });
        expect({ module: module.path, missing: required.filter((name) => !module.params.has(name)) }).toEqual({
          module: module.path,
          missing: [],
        });
      }
    }
  });

  it('uses only outputs the modules declare, and every parameter and variable is used', () => {
    const modules = new Map(main.modules.map((module) => [module.symbol, byPath.get(path.resolve(azure, module.path))!]));
    for (const match of main.scan.code.matchAll(/\b([A-Za-z_]\w*)\.outputs\.([A-Za-z_]\w*)/g)) {
      const module = modules.get(match[1]);
      expect({ reference: match[0], known: module?.outputs.has(match[2]) ?? false }).toEqual({ reference: match[0], known: true });
    }
    for (const file of files) {
      for (const name of [...file.params.keys(), ...file.vars]) {
        const uses = [...file.scan.code.matchAll(new RegExp(`(?<![\\w.])${name}\\b`, 'g'))].length;
        expect({ file: path.basename(file.file), name, used: uses > 1 }).toEqual({ file: path.basename(file.file), name, used: true });
      }
    }
  });

  it('declares the resources of the deployment with dated API versions', () => {
    const types = new Set(files.flatMap((file) => file.resources.map((resource) => resource.type)));
    for (const type of [
      'Microsoft.ManagedIdentity/userAssignedIdentities',
      'Microsoft.KeyVault/vaults',
      'Microsoft.Storage/storageAccounts',
      'Microsoft.OperationalInsights/workspaces',
      'Microsoft.Insights/components',
      'Microsoft.Web/serverfarms',
      'Microsoft.Web/sites',
      'Microsoft.Web/sites/config',
      'Microsoft.BotService/botServices',
      'Microsoft.BotService/botServices/channels',
      'Microsoft.Authorization/roleAssignments',
      'Microsoft.Insights/actionGroups',
      'Microsoft.Insights/scheduledQueryRules',
    ]) {
      expect({ type, declared: types.has(type) }).toEqual({ type, declared: true });
    }
    for (const resource of files.flatMap((file) => file.resources)) expect(resource.apiVersion).toMatch(/^\d{4}-\d{2}-\d{2}(-preview)?$/);
  });

  it('configures App Service as the issue asks: Linux, a supported Node LTS, Always On, /healthz, HTTPS only, TLS 1.2, the managed identity', () => {
    const app = read('infra/azure/modules/appservice.bicep');
    for (const line of [
      "kind: 'linux'",
      'reserved: true',
      'httpsOnly: true',
      'alwaysOn: true',
      "healthCheckPath: '/healthz'",
      "minTlsVersion: '1.2'",
      "ftpsState: 'Disabled'",
      "type: 'UserAssigned'",
      'keyVaultReferenceIdentity: identityId',
      "linuxFxVersion: isContainer ? 'DOCKER|${containerImage}' : nodeRuntime",
      "appCommandLine: isContainer ? '' : 'node dist/bot/main.js'",
    ]) {
      expect(app).toContain(line);
    }
    for (const name of ['parameters.dev.json', 'parameters.prod.json']) {
      expect(JSON.parse(fs.readFileSync(path.join(azure, name), 'utf8')).parameters.nodeRuntime.value).toBe(
        `NODE|${supportedLtsMajor()}-lts`,
      );
    }
  });

  it('sets the app settings the server reads, with the production values the issue asks for', () => {
    const block = blockFrom(main.scan, main.text, main.text.indexOf('var baseSettings'));
    const settings = topLevelKeys(main.scan, main.text, block.start, block.end);
    expect(
      Object.fromEntries(
        [...settings].filter(([name]) =>
          [
            'APP_MODE',
            'TRUST_X_FORWARDED_FOR',
            'APP_DATA_DIR',
            'APP_DEMO_DATA',
            'MicrosoftAppType',
            'PUBLIC_HOSTNAME',
            'MicrosoftAppId',
            'MicrosoftAppTenantId',
            'TAB_APP_ID',
            'SHAREPOINT_SITE_URL',
            'APPLICATIONINSIGHTS_CONNECTION_STRING',
          ].includes(name),
        ),
      ),
    ).toEqual({
      APP_MODE: "'production'",
      TRUST_X_FORWARDED_FOR: "'1'",
      APP_DATA_DIR: "'/home/data'",
      APP_DEMO_DATA: "'0'",
      PUBLIC_HOSTNAME: 'hostName',
      MicrosoftAppType: 'botAppType',
      MicrosoftAppId: 'botClientId',
      MicrosoftAppTenantId: 'tenantId',
      TAB_APP_ID: 'tabAppId',
      SHAREPOINT_SITE_URL: 'sharePointSiteUrl',
      APPLICATIONINSIGHTS_CONNECTION_STRING: 'monitoring.outputs.connectionString',
    });
    // Every setting is one the server's configuration reads, or one Azure's platform reads.
    const config = read('bot/platform/config.ts');
    const platform = /^(NODE_ENV|WEBSITES_[A-Z_]+|SCM_[A-Z_]+|APPLICATIONINSIGHTS_CONNECTION_STRING|AZURE_[A-Z_]+)$/;
    for (const name of settings.keys())
      expect({ name, known: platform.test(name) || config.includes(`'${name}'`) }).toEqual({ name, known: true });
    // The default for MicrosoftAppType is UserAssignedMSI, and the bot uses the same value.
    expect(main.params.get('botAppType')!.allowed).toEqual(['UserAssignedMSI', 'SingleTenant']);
    expect(main.text).toMatch(/param botAppType string = 'UserAssignedMSI'/);
    const bot = read('infra/azure/modules/bot.bicep');
    expect(bot).toContain('msaAppType: appType');
    expect(bot).toContain("channelName: 'MsTeamsChannel'");
    expect(main.text).toContain("endpoint: 'https://${hostName}/api/messages'");
  });

  it('raises the operations alerts on Application Insights to an e-mail action group, each named in the runbook', () => {
    const alerts = read('infra/azure/modules/alerts.bicep');
    const alertsModule = main.modules.find((module) => module.symbol === 'alerts')!;
    expect(alertsModule.params.get('insightsId')).toBe('monitoring.outputs.insightsId');
    expect(alertsModule.params.get('alertEmail')).toBe('alertEmail');
    expect(main.params.get('alertEmail')).toMatchObject({ type: 'string', hasDefault: true });
    expect(alerts).toContain('emailAddress: alertEmail');
    expect(alerts).toContain('operators.id');
    expect(alerts).toContain('insightsId');
    // One scheduled query per alert, on the metric or table the server really writes.
    const runbook = read('docs/operations.md');
    const metrics = read('bot/platform/telemetry/instruments.ts');
    for (const [name, source] of [
      ['outbox-dead', 'renkei.outbox.dead'],
      ['health-degraded', 'renkei.health.status'],
      ['http-5xx', 'requests'],
      ['graph-throttling', 'renkei.graph.throttled'],
    ]) {
      const rule = new RegExp(`name: '${name}'[\\s\\S]*?query: '([^']+)'`).exec(alerts);
      expect({ name, query: rule?.[1] }).toEqual({ name, query: expect.stringContaining(source) });
      if (source.startsWith('renkei.')) expect(metrics).toContain(`'${source}'`);
      expect({ name, inRunbook: runbook.includes(name) }).toEqual({ name, inRunbook: true });
    }
  });

  it('grants the managed identity Key Vault Secrets User (vault in RBAC mode) and the two storage data roles', () => {
    const vault = read('infra/azure/modules/keyvault.bicep');
    expect(vault).toContain('enableRbacAuthorization: true');
    expect(vault).toContain("var keyVaultSecretsUser = '4633458b-17de-408a-b874-0445c86b69e6'");
    const storage = read('infra/azure/modules/storage.bicep');
    expect(storage).toContain("var storageTableDataContributor = '0a9a7e1f-b9d0-4cc4-a60d-0319b160aaa3'");
    expect(storage).toContain("var storageBlobDataContributor = 'ba92f5b4-2d11-453d-a403-e96b0029c9fe'");
    expect(storage).toContain('allowSharedKeyAccess: false');
    const keyVaultModule = main.modules.find((module) => module.symbol === 'keyVault')!;
    expect(keyVaultModule.params.get('readerPrincipalId')).toBe('identity.outputs.principalId');
    expect(main.modules.find((module) => module.symbol === 'storage')!.params.get('principalId')).toBe('identity.outputs.principalId');
  });

  it('writes no secret into any file: secrets are Key Vault references, no listKeys(), no secure parameter', () => {
    for (const file of files) {
      expect({
        file: path.basename(file.file),
        secure: [...file.params.values()].filter((param) => param.secure).map((param) => param.name),
      }).toEqual({ file: path.basename(file.file), secure: [] });
      expect(file.scan.code).not.toMatch(/\blist(Keys|Secrets|AccountSas|ServiceSas|ConnectionStrings)\s*\(/);
    }
    // A setting named like a secret holds a Key Vault reference and nothing else.
    for (const match of main.text.matchAll(/^\s*(\w*(?:PASSWORD|Password|SECRET|Secret|TOKEN|Token)\w*)\s*:\s*(.+)$/gm)) {
      expect({ setting: match[1], value: match[2] }).toEqual({
        setting: match[1],
        value: expect.stringMatching(/^'@Microsoft\.KeyVault\(VaultName=\$\{[^}]+\};SecretName=[A-Za-z0-9-]+\)'$/),
      });
    }
    const scanned = [
      ...files.map((file) => file.file),
      ...fs
        .readdirSync(azure)
        .filter((name) => name.endsWith('.json'))
        .map((name) => path.join(azure, name)),
      ...fs.readdirSync(path.join(azure, 'env')).map((name) => path.join(azure, 'env', name)),
      path.join(root, 'infra', 'm365agents.yml'),
      path.join(root, 'Dockerfile'),
    ];
    for (const file of scanned) {
      const lines = fs.readFileSync(file, 'utf8').split('\n');
      const suspicious = lines.filter((line) => secretLike(line));
      expect({ file: path.relative(root, file), suspicious }).toEqual({ file: path.relative(root, file), suspicious: [] });
    }
    expect(secretLike('MicrosoftAppPassword=Qx8Q~abcdEFGHijklMNOPqrstUVWXyz0123456789')).toBe(true);
    expect(secretLike('DefaultEndpointsProtocol=https;AccountName=x;AccountKey=abc==')).toBe(true);
    expect(secretLike('AccountKey2: Zm9vYmFyYmF6cXV4MTIzNDU2Nzg5MEFCQ0RFRkdISUpL')).toBe(true);
    expect(secretLike("name: '@Microsoft.KeyVault(VaultName=${keyVault.outputs.name};SecretName=MicrosoftAppPassword)'")).toBe(false);
    expect(secretLike("resource noFtp 'Microsoft.Web/sites/basicPublishingCredentialsPolicies@2024-04-01' = {")).toBe(false);
  });
});

describe('infra/azure parameter files', () => {
  const main = parseBicep(path.join(azure, 'main.bicep'));

  for (const name of ['parameters.dev.json', 'parameters.prod.json']) {
    it(`${name} gives every parameter of main.bicep (and no other), with the declared type and an allowed value`, () => {
      const file = JSON.parse(fs.readFileSync(path.join(azure, name), 'utf8'));
      expect(file.$schema).toBe('https://schema.management.azure.com/schemas/2019-04-01/deploymentParameters.json#');
      expect(file.contentVersion).toBe('1.0.0.0');
      expect(Object.keys(file.parameters).sort()).toEqual([...main.params.keys()].sort());
      for (const [param, { value, reference }] of Object.entries<{ value: unknown; reference?: unknown }>(file.parameters)) {
        expect({ param, reference }).toEqual({ param, reference: undefined });
        const declared = main.params.get(param)!;
        const jsType = { string: 'string', int: 'number', bool: 'boolean', object: 'object', array: 'object' }[declared.type];
        expect({ param, type: typeof value }).toEqual({ param, type: jsType });
        if (declared.allowed)
          expect({ param, value, allowed: declared.allowed.includes(value as string) }).toEqual({ param, value, allowed: true });
        // Nothing named or shaped like a secret.
        expect(param).not.toMatch(/password|secret|token|connectionString|accountKey|apiKey/i);
      }
      expect(file.parameters.environmentName.value).toBe(name.split('.')[1]);
    });
  }
});

describe('infra/m365agents.yml (Microsoft 365 Agents Toolkit, schema v1.11)', () => {
  const yml = read('infra/m365agents.yml');
  const envFiles = ['dev', 'prod'].map((env) => path.join(azure, 'env', `.env.${env}`));

  it('declares the documented schema version and the provision, deploy and publish steps', () => {
    expect(yml).toMatch(/^# yaml-language-server: \$schema=https:\/\/aka\.ms\/m365-agents-toolkits\/v1\.11\/yaml\.schema\.json$/m);
    expect(yml).toMatch(/^version: v1\.11$/m);
    expect(yml).toMatch(/^provision:$/m);
    expect(yml).toMatch(/^deploy:$/m);
    expect(yml).toMatch(/^publish:$/m);
    const uses = [...yml.matchAll(/^\s*- uses: (\S+)$/gm)].map((match) => match[1]);
    expect(uses).toEqual(
      expect.arrayContaining([
        'arm/deploy',
        'azureAppService/zipDeploy',
        'script',
        'teamsApp/validateAppPackage',
        'teamsApp/publishAppPackage',
      ]),
    );
    expect(yml).toContain('run: node scripts/package.mjs --out build/appPackage.${{TEAMSFX_ENV}}.zip');
  });

  it('refers only to files that exist, for both environments', () => {
    const folder = /^environmentFolderPath: (\S+)$/m.exec(yml)![1];
    expect(path.resolve(root, folder)).toBe(path.join(azure, 'env'));
    for (const file of envFiles) expect(fs.existsSync(file)).toBe(true);
    const paths = [...yml.matchAll(/(?:path|parameters|appPackagePath): (\S+)/g)].map((match) => match[1]);
    expect(paths.length).toBeGreaterThan(3);
    for (const env of ['dev', 'prod']) {
      for (const reference of paths.filter((p) => !p.startsWith('./build/'))) {
        const file = path.resolve(root, reference.replace('${{TEAMSFX_ENV}}', env));
        expect({ reference, env, exists: fs.existsSync(file) }).toEqual({ reference, env, exists: true });
      }
    }
    for (const file of ['scripts/package.mjs', 'bot/rulings/synonyms.txt', 'package-lock.json'])
      expect(fs.existsSync(path.join(root, file))).toBe(true);
  });

  it("uses only variables that the environment files or main.bicep's outputs define", () => {
    const main = parseBicep(path.join(azure, 'main.bicep'));
    const defined = new Set<string>([...main.outputs.keys()]);
    for (const file of envFiles) {
      for (const match of fs.readFileSync(file, 'utf8').matchAll(/^([A-Z_][A-Z0-9_]*)=/gm)) defined.add(match[1]);
    }
    for (const match of yml.matchAll(/\$\{\{([A-Za-z_]\w*)\}\}/g))
      expect({ variable: match[1], defined: defined.has(match[1]) }).toEqual({ variable: match[1], defined: true });
    // npm run package gets what it needs: the bot id from BOT_ID, the rest by name.
    for (const name of ['BOT_ID', 'PUBLIC_HOSTNAME', 'TAB_APP_ID', 'TEAMS_APP_ID', 'AZURE_APP_SERVICE_RESOURCE_ID'])
      expect(defined.has(name)).toBe(true);
    expect(yml).toContain('MicrosoftAppId: ${{BOT_ID}}');
  });
});

describe('Dockerfile and .dockerignore (structure; Docker is not available here)', () => {
  const dockerfile = read('Dockerfile');
  const instructions = dockerfile
    .replace(/\\\n/g, ' ')
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line && !line.startsWith('#'));
  const stages: { from: string; name?: string; lines: string[] }[] = [];
  for (const line of instructions) {
    const from = /^FROM\s+(\S+)(?:\s+AS\s+(\S+))?$/i.exec(line);
    if (from) stages.push({ from: from[1], name: from[2], lines: [] });
    else if (stages.length > 0) stages[stages.length - 1].lines.push(line);
  }
  const runtime = stages[stages.length - 1];

  it('builds in a full Node LTS image, installs production dependencies in its own stage and runs in the slim image of the same Node', () => {
    expect(dockerfile).toMatch(new RegExp(`^ARG NODE_VERSION=${supportedLtsMajor()}$`, 'm'));
    expect(stages.map((stage) => [stage.from, stage.name])).toEqual([
      ['node:${NODE_VERSION}-bookworm', 'build'],
      ['node:${NODE_VERSION}-bookworm', 'prod-deps'],
      ['node:${NODE_VERSION}-bookworm-slim', 'runtime'],
    ]);
    const [build, prodDeps] = stages;
    expect(build.lines).toEqual(expect.arrayContaining(['RUN npm ci --no-audit --no-fund', 'RUN npm run build']));
    expect(prodDeps.lines.some((line) => /^RUN npm ci --omit=dev\b/.test(line))).toBe(true);
    expect(runtime.lines).toEqual(
      expect.arrayContaining(['COPY --from=prod-deps /app/node_modules ./node_modules', 'COPY --from=build /app/dist ./dist']),
    );
    expect(runtime.lines.filter((line) => /^RUN .*\b(npm (ci|install)|apt-get install)\b/.test(line))).toEqual([]);
  });

  it('runs as a non-root user, exposes 3978, checks /healthz with fetch and starts dist/bot/main.js', () => {
    const users = runtime.lines.filter((line) => line.startsWith('USER ')).map((line) => line.slice(5).trim());
    expect(users.length).toBeGreaterThan(0);
    expect(users[users.length - 1]).not.toMatch(/^(root|0)(:|$)/);
    expect(runtime.lines).toContain('EXPOSE 3978');
    const healthcheck = runtime.lines.find((line) => line.startsWith('HEALTHCHECK '));
    expect(healthcheck).toMatch(/CMD \["node", "-e", ".*fetch\(.*\/healthz.*process\.exit/);
    expect(runtime.lines[runtime.lines.length - 1]).toBe('CMD ["node", "dist/bot/main.js"]');
  });

  it('puts no secret in the image and copies only files that exist and are not ignored', () => {
    for (const line of instructions.filter((l) => /^(ENV|ARG|LABEL)\s/.test(l))) {
      expect(line).not.toMatch(/password|secret|token|MicrosoftAppId|TENANT|KEY/i);
    }
    expect(dockerfile).not.toMatch(/COPY[^\n]*\.env/);
    const ignored = read('.dockerignore')
      .split('\n')
      .map((line) => line.trim())
      .filter((line) => line && !line.startsWith('#'));
    expect(ignored).toEqual(expect.arrayContaining(['node_modules', 'data', 'test-results', '.git', 'build', 'dist', '.env']));
    for (const line of instructions.filter((l) => /^COPY\s/.test(l) && !l.includes('--from='))) {
      const sources = line
        .split(/\s+/)
        .slice(1, -1)
        .filter((part) => !part.startsWith('--'));
      for (const source of sources) {
        expect({ source, exists: fs.existsSync(path.join(root, source)) }).toEqual({ source, exists: true });
        expect({ source, ignored: ignored.includes(source.split('/')[0]) }).toEqual({ source, ignored: false });
      }
    }
  });
});
