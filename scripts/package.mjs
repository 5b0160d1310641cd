// `npm run package`: builds the Teams app package build/appPackage.zip from manifest/.
//
// Reads from the environment (and an optional .env file in the working directory; the real
// environment wins, as for the server):
//   TEAMS_APP_ID     the Teams app's id (a GUID, generated once and kept for every update)
//   MicrosoftAppId   the bot's id (the managed identity's client id, or the bot's Entra app id)
//   PUBLIC_HOSTNAME  the bare host name the server is reached at (renkei.example.lg.jp)
//   TAB_APP_ID       the tab's Entra app id (Teams SSO). Required, not defaulted to
//                    MicrosoftAppId: a managed-identity bot cannot expose the api://… scope
//                    that Teams SSO asks for, so the tab always has its own app registration.
//   TEAMS_APP_VERSION optional, MAJOR.MINOR.PATCH; package.json's version by default. Teams
//                    needs a higher version for every update of an uploaded app.
// fills manifest/manifest.template.json, validates it and manifest/en.json against the official
// Teams schemas offline (@microsoft/app-manifest), checks both icons, and writes a ZIP with
// manifest.json, en.json, color.png and outline.png at its root. Wrong input: every problem is
// listed with the variable's name and the exit code is 1.
//
// Usage: node scripts/package.mjs [--out FILE]   (default build/appPackage.zip)
//
// Plain Node (no botbuilder, nothing from bot/), so it runs before anything is built.
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseEnv } from 'node:util';
import zlib from 'node:zlib';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const manifestDir = path.join(root, 'manifest');
const require = createRequire(import.meta.url);

/** The Teams app manifest schema version used (the newest generally available one shipped offline). */
export const MANIFEST_SCHEMA_VERSION = '1.23';
const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const HOSTNAME = /^(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)(\.[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)+$/i;
const SEMVER = /^\d{1,5}\.\d{1,5}\.\d{1,5}$/;
/** Teams' limits for bot commands (the schema allows more than Teams shows). */
const COMMAND_TITLE_MAX = 32;
const COMMAND_DESCRIPTION_MAX = 128;
const ICONS = { 'color.png': { size: 192 }, 'outline.png': { size: 32, outline: true } };

class PackageError extends Error {
  constructor(problems) {
    super(problems.join('\n'));
    this.problems = problems;
  }
}

/** The environment with an optional .env file under it (a variable already set wins). */
export function environmentWithDotEnv(env, dotEnvPath = path.resolve('.env')) {
  if (!fs.existsSync(dotEnvPath)) return env;
  return { ...parseEnv(fs.readFileSync(dotEnvPath, 'utf8')), ...env };
}

/** Validates the four inputs; returns the placeholder values or throws listing every problem. */
export function readInputs(env) {
  const problems = [];
  const text = (name) => {
    const value = env[name]?.trim();
    return value ? value : undefined;
  };
  const guid = (name, ja, en) => {
    const value = text(name);
    if (value === undefined) problems.push(`${name}: 必須です。${ja} (required: ${en})`);
    else if (!GUID.test(value))
      problems.push(`${name}: "${value}" は GUID ではありません (must be a GUID such as 00000000-0000-0000-0000-000000000000)`);
    else return value.toLowerCase();
    return undefined;
  };
  const teamsAppId = guid(
    'TEAMS_APP_ID',
    'Teams アプリの ID（GUID。一度作って、更新のたびに同じものを使います）',
    'the Teams app id, a GUID created once and kept',
  );
  const botId = guid(
    'MicrosoftAppId',
    'ボットの ID（マネージド ID のクライアント ID か、ボットの Entra アプリ ID）',
    "the bot's id: the managed identity's client id or the bot's Entra app id",
  );
  const tabAppId = guid(
    'TAB_APP_ID',
    'タブの Entra アプリ (クライアント) ID。MicrosoftAppId では代用しません',
    "the tab's Entra app (client) id; MicrosoftAppId is not used in its place",
  );

  let publicHostname;
  const host = text('PUBLIC_HOSTNAME');
  if (host === undefined) {
    problems.push('PUBLIC_HOSTNAME: 必須です。公開ホスト名 (required: the public host name, e.g. renkei.example.lg.jp)');
  } else if (!HOSTNAME.test(host) || /^[\d.]+$/.test(host)) {
    problems.push(
      `PUBLIC_HOSTNAME: "${host}" はホスト名ではありません。https:// やパスを付けず、ドメイン名で指定してください (must be a bare public host name such as renkei.example.lg.jp, without https:// or a path)`,
    );
  } else {
    publicHostname = host.toLowerCase();
  }

  let appVersion = text('TEAMS_APP_VERSION');
  if (appVersion === undefined) {
    appVersion = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8')).version;
  } else if (!SEMVER.test(appVersion)) {
    problems.push(`TEAMS_APP_VERSION: "${appVersion}" は 1.2.3 の形式で指定してください (must be MAJOR.MINOR.PATCH)`);
  }

  if (problems.length > 0) throw new PackageError(problems);
  return { TEAMS_APP_ID: teamsAppId, BOT_ID: botId, TAB_APP_ID: tabAppId, PUBLIC_HOSTNAME: publicHostname, APP_VERSION: appVersion };
}

/** Replaces every ${{NAME}} in the template; an unknown or left-over placeholder is an error. */
export function fillTemplate(template, values) {
  const unknown = new Set();
  const filled = template.replace(/\$\{\{\s*([A-Za-z_][A-Za-z0-9_]*)\s*\}\}/g, (whole, name) => {
    if (!(name in values)) {
      unknown.add(name);
      return whole;
    }
    return values[name];
  });
  if (unknown.size > 0)
    throw new PackageError(
      [...unknown].map((name) => `manifest.template.json: 未知のプレースホルダー \${{${name}}} (unknown placeholder)`),
    );
  return JSON.parse(filled);
}

function schemaDir() {
  let packageJson;
  try {
    packageJson = require.resolve('@microsoft/app-manifest/package.json');
  } catch {
    throw new PackageError([
      '@microsoft/app-manifest が見つかりません。npm install (開発用の依存関係を含む) を実行してください (the offline Teams schemas are missing: run npm install with dev dependencies)',
    ]);
  }
  return path.join(path.dirname(packageJson), 'build', 'json-schemas', 'teams', `v${MANIFEST_SCHEMA_VERSION}`);
}

/** Validates against a draft-04 schema; returns "where: what" lines. */
function schemaProblems(schemaFile, document, label) {
  const Ajv = require('ajv-draft-04');
  const addFormats = require('ajv-formats');
  // unicodeRegExp: false — the Localization schema has patterns (\b]) that only compile without /u.
  const ajv = new (Ajv.default ?? Ajv)({ allErrors: true, strict: false, unicodeRegExp: false });
  (addFormats.default ?? addFormats)(ajv);
  const validate = ajv.compile(JSON.parse(fs.readFileSync(schemaFile, 'utf8')));
  if (validate(document)) return [];
  return validate.errors
    .slice(0, 20)
    .map(
      (error) =>
        `${label}${error.instancePath || '/'}: ${error.message}${error.params && Object.keys(error.params).length ? ` ${JSON.stringify(error.params)}` : ''}`,
    );
}

function getPath(object, dotted) {
  // "bots[0].commandLists[1].commands[2].title" → walk the manifest
  let node = object;
  for (const part of dotted.split('.')) {
    const match = /^([^[\]]+)((?:\[\d+\])*)$/.exec(part);
    if (!match) return undefined;
    node = node?.[match[1]];
    for (const index of match[2].match(/\d+/g) ?? []) node = node?.[Number(index)];
  }
  return node;
}

/** Checks the schema does not make: Teams' display limits, links and localization keys. */
export function manifestProblems(manifest, localization) {
  const problems = [];
  if (manifest.manifestVersion !== MANIFEST_SCHEMA_VERSION)
    problems.push(
      `manifest.json/manifestVersion: ${MANIFEST_SCHEMA_VERSION} にしてください (must be ${MANIFEST_SCHEMA_VERSION}, the schema this script validates against)`,
    );
  (manifest.bots ?? []).forEach((bot, b) =>
    (bot.commandLists ?? []).forEach((list, l) =>
      list.commands.forEach((command, c) => {
        const where = `bots[${b}].commandLists[${l}].commands[${c}]`;
        for (const [field, max, source, value] of [
          ['title', COMMAND_TITLE_MAX, 'manifest.json', command.title],
          ['description', COMMAND_DESCRIPTION_MAX, 'manifest.json', command.description],
          ['title', COMMAND_TITLE_MAX, 'en.json', localization[`${where}.title`]],
          ['description', COMMAND_DESCRIPTION_MAX, 'en.json', localization[`${where}.description`]],
        ]) {
          if (typeof value === 'string' && [...value].length > max)
            problems.push(`${source}/${where}.${field}: ${max} 文字以内にしてください (Teams shows at most ${max} characters)`);
        }
      }),
    ),
  );
  for (const key of Object.keys(localization)) {
    if (key === '$schema' || key === 'localizationKeys' || /^(name|description)\.(short|full)$/.test(key)) continue;
    if (typeof getPath(manifest, key) !== 'string')
      problems.push(`en.json/${key}: マニフェストに対応する項目がありません (no such string in the manifest)`);
  }
  const domains = new Set(manifest.validDomains ?? []);
  const urls = [
    ...(manifest.staticTabs ?? []).flatMap((tab, i) => (tab.contentUrl ? [[`staticTabs[${i}].contentUrl`, tab.contentUrl]] : [])),
    ...(manifest.configurableTabs ?? []).map((tab, i) => [`configurableTabs[${i}].configurationUrl`, tab.configurationUrl]),
  ];
  for (const [where, url] of urls) {
    const parsed = new URL(url);
    if (parsed.protocol !== 'https:') problems.push(`manifest.json/${where}: https にしてください (must use https)`);
    if (!domains.has(parsed.hostname))
      problems.push(`manifest.json/${where}: ${parsed.hostname} が validDomains にありません (host not in validDomains)`);
  }
  const languages = manifest.localizationInfo?.additionalLanguages ?? [];
  for (const language of languages) {
    if (language.file !== 'en.json')
      problems.push(`manifest.json/localizationInfo: ${language.file} はパッケージにありません (only en.json is packaged)`);
  }
  if (manifest.icons?.color !== 'color.png' || manifest.icons?.outline !== 'outline.png')
    problems.push('manifest.json/icons: color.png と outline.png を指定してください (must name color.png and outline.png)');
  return problems;
}

// ---- PNG ------------------------------------------------------------------------------------

const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
const CHANNELS = { 0: 1, 2: 3, 3: 1, 4: 2, 6: 4 };

/** Decodes an 8-bit, non-interlaced PNG into RGBA; throws with a readable reason otherwise. */
export function decodePng(buffer) {
  if (buffer.length < 8 || !buffer.subarray(0, 8).equals(PNG_SIGNATURE)) throw new Error('PNG ではありません (not a PNG file)');
  let offset = 8;
  let header;
  let palette;
  let transparency;
  const data = [];
  while (offset + 8 <= buffer.length) {
    const length = buffer.readUInt32BE(offset);
    const type = buffer.toString('latin1', offset + 4, offset + 8);
    const body = buffer.subarray(offset + 8, offset + 8 + length);
    if (type === 'IHDR')
      header = { width: body.readUInt32BE(0), height: body.readUInt32BE(4), bitDepth: body[8], colorType: body[9], interlace: body[12] };
    else if (type === 'PLTE') palette = body;
    else if (type === 'tRNS') transparency = body;
    else if (type === 'IDAT') data.push(body);
    else if (type === 'IEND') break;
    offset += 12 + length;
  }
  if (!header) throw new Error('IHDR がありません (no IHDR chunk)');
  const { width, height, bitDepth, colorType, interlace } = header;
  const channels = CHANNELS[colorType];
  if (bitDepth !== 8 || channels === undefined || interlace !== 0)
    throw new Error(
      `8 ビット・インターレースなしの PNG にしてください (bit depth ${bitDepth}, colour type ${colorType}, interlace ${interlace}; expected 8-bit, non-interlaced)`,
    );
  const raw = zlib.inflateSync(Buffer.concat(data));
  const stride = width * channels;
  if (raw.length < height * (stride + 1)) throw new Error('画像データが足りません (truncated image data)');
  const pixels = Buffer.alloc(height * stride);
  for (let y = 0; y < height; y++) {
    const filter = raw[y * (stride + 1)];
    const line = raw.subarray(y * (stride + 1) + 1, (y + 1) * (stride + 1));
    for (let x = 0; x < stride; x++) {
      const left = x >= channels ? pixels[y * stride + x - channels] : 0;
      const up = y > 0 ? pixels[(y - 1) * stride + x] : 0;
      const upLeft = y > 0 && x >= channels ? pixels[(y - 1) * stride + x - channels] : 0;
      let predictor = 0;
      if (filter === 1) predictor = left;
      else if (filter === 2) predictor = up;
      else if (filter === 3) predictor = (left + up) >> 1;
      else if (filter === 4) {
        const p = left + up - upLeft;
        const pa = Math.abs(p - left);
        const pb = Math.abs(p - up);
        const pc = Math.abs(p - upLeft);
        predictor = pa <= pb && pa <= pc ? left : pb <= pc ? up : upLeft;
      } else if (filter !== 0) throw new Error(`未知のフィルター ${filter} (unknown filter type)`);
      pixels[y * stride + x] = (line[x] + predictor) & 255;
    }
  }
  const rgba = Buffer.alloc(width * height * 4);
  for (let i = 0; i < width * height; i++) {
    const p = pixels.subarray(i * channels, (i + 1) * channels);
    let px;
    if (colorType === 0) px = [p[0], p[0], p[0], transparency && transparency.readUInt16BE(0) === p[0] ? 0 : 255];
    else if (colorType === 2)
      px = [
        p[0],
        p[1],
        p[2],
        transparency &&
        transparency.readUInt16BE(0) === p[0] &&
        transparency.readUInt16BE(2) === p[1] &&
        transparency.readUInt16BE(4) === p[2]
          ? 0
          : 255,
      ];
    else if (colorType === 3) {
      if (!palette || p[0] * 3 + 2 >= palette.length) throw new Error('パレットがありません (palette index out of range)');
      px = [
        palette[p[0] * 3],
        palette[p[0] * 3 + 1],
        palette[p[0] * 3 + 2],
        transparency && p[0] < transparency.length ? transparency[p[0]] : 255,
      ];
    } else if (colorType === 4) px = [p[0], p[0], p[0], p[1]];
    else px = [p[0], p[1], p[2], p[3]];
    rgba.set(px, i * 4);
  }
  return { width, height, rgba };
}

/** Size, and for the outline icon: only white or fully transparent pixels, and some of each. */
export function iconProblems(name, buffer) {
  const spec = ICONS[name];
  let image;
  try {
    image = decodePng(buffer);
  } catch (error) {
    return [`manifest/${name}: ${error.message}`];
  }
  const problems = [];
  if (image.width !== spec.size || image.height !== spec.size) {
    problems.push(
      `manifest/${name}: ${spec.size}×${spec.size} にしてください (is ${image.width}×${image.height}; must be ${spec.size}×${spec.size})`,
    );
  }
  if (spec.outline) {
    let notWhite = 0;
    let transparent = 0;
    for (let i = 0; i < image.rgba.length; i += 4) {
      const [r, g, b, a] = image.rgba.subarray(i, i + 4);
      if (a === 0) transparent++;
      else if (r !== 255 || g !== 255 || b !== 255) notWhite++;
    }
    if (notWhite > 0)
      problems.push(
        `manifest/${name}: 白と透明以外の画素が ${notWhite} 個あります (the outline icon must be white on transparent; ${notWhite} pixels are neither)`,
      );
    if (transparent === 0) problems.push(`manifest/${name}: 背景が透明ではありません (the outline icon needs a transparent background)`);
  }
  return problems;
}

// ---- ZIP ------------------------------------------------------------------------------------

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});

export function crc32(buffer) {
  let crc = 0xffffffff;
  for (const byte of buffer) crc = CRC_TABLE[(crc ^ byte) & 0xff] ^ (crc >>> 8);
  return (crc ^ 0xffffffff) >>> 0;
}

// A fixed timestamp (2026-01-01 00:00) keeps the package byte-for-byte reproducible.
const DOS_TIME = 0;
const DOS_DATE = ((2026 - 1980) << 9) | (1 << 5) | 1;

/** A ZIP archive (stored or deflated entries, central directory, no ZIP64). */
export function zip(entries) {
  const parts = [];
  const central = [];
  let offset = 0;
  for (const { name, data } of entries) {
    const nameBytes = Buffer.from(name, 'utf8');
    const deflated = zlib.deflateRawSync(data, { level: 9 });
    const method = deflated.length < data.length ? 8 : 0;
    const body = method === 8 ? deflated : data;
    const crc = crc32(data);
    const flags = /^[\x20-\x7e]*$/.test(name) ? 0 : 0x0800; // bit 11: the name is UTF-8
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4); // version needed: 2.0 (deflate)
    local.writeUInt16LE(flags, 6);
    local.writeUInt16LE(method, 8);
    local.writeUInt16LE(DOS_TIME, 10);
    local.writeUInt16LE(DOS_DATE, 12);
    local.writeUInt32LE(crc, 14);
    local.writeUInt32LE(body.length, 18);
    local.writeUInt32LE(data.length, 22);
    local.writeUInt16LE(nameBytes.length, 26);
    local.writeUInt16LE(0, 28);
    const header = Buffer.alloc(46);
    header.writeUInt32LE(0x02014b50, 0);
    header.writeUInt16LE(20, 4); // made by: 2.0, MS-DOS attributes
    header.writeUInt16LE(20, 6);
    header.writeUInt16LE(flags, 8);
    header.writeUInt16LE(method, 10);
    header.writeUInt16LE(DOS_TIME, 12);
    header.writeUInt16LE(DOS_DATE, 14);
    header.writeUInt32LE(crc, 16);
    header.writeUInt32LE(body.length, 20);
    header.writeUInt32LE(data.length, 24);
    header.writeUInt16LE(nameBytes.length, 28);
    // extra length, comment length, disk number, internal and external attributes: 0
    header.writeUInt32LE(offset, 42);
    parts.push(local, nameBytes, body);
    central.push(header, nameBytes);
    offset += local.length + nameBytes.length + body.length;
  }
  const directory = Buffer.concat(central);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(entries.length, 8);
  end.writeUInt16LE(entries.length, 10);
  end.writeUInt32LE(directory.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...parts, directory, end]);
}

// ---- main -----------------------------------------------------------------------------------

/** Builds the package; returns what was written. Throws PackageError listing every problem. */
export function buildPackage({ env, out }) {
  const values = readInputs(env);
  const manifest = fillTemplate(fs.readFileSync(path.join(manifestDir, 'manifest.template.json'), 'utf8'), values);
  const localizationText = fs.readFileSync(path.join(manifestDir, 'en.json'), 'utf8');
  const localization = JSON.parse(localizationText);
  const schemas = schemaDir();
  const problems = [
    ...schemaProblems(path.join(schemas, 'MicrosoftTeams.schema.json'), manifest, 'manifest.json'),
    ...schemaProblems(path.join(schemas, 'MicrosoftTeams.Localization.schema.json'), localization, 'en.json'),
    ...manifestProblems(manifest, localization),
  ];
  const icons = Object.fromEntries(Object.keys(ICONS).map((name) => [name, fs.readFileSync(path.join(manifestDir, name))]));
  for (const [name, buffer] of Object.entries(icons)) problems.push(...iconProblems(name, buffer));
  if (problems.length > 0) throw new PackageError(problems);

  const archive = zip([
    { name: 'manifest.json', data: Buffer.from(`${JSON.stringify(manifest, null, 2)}\n`, 'utf8') },
    { name: 'en.json', data: Buffer.from(localizationText, 'utf8') },
    { name: 'color.png', data: icons['color.png'] },
    { name: 'outline.png', data: icons['outline.png'] },
  ]);
  fs.mkdirSync(path.dirname(out), { recursive: true });
  fs.writeFileSync(out, archive);
  const warnings = [];
  if (/example\.lg\.jp|○○/.test(JSON.stringify(manifest.developer))) {
    warnings.push(
      '注意: manifest.template.json の developer（市の名称と URL）が見本のままです。市の情報に書き換えてください (developer info is still the placeholder)',
    );
  }
  return { out, bytes: archive.length, values, warnings };
}

function parseArgs(argv) {
  const options = { out: path.join(root, 'build', 'appPackage.zip') };
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === '--out' && argv[i + 1]) options.out = path.resolve(argv[++i]);
    else if (argv[i] === '--help' || argv[i] === '-h') options.help = true;
    else throw new PackageError([`不明な引数 ${argv[i]} (unknown argument; usage: node scripts/package.mjs [--out FILE])`]);
  }
  return options;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  try {
    const options = parseArgs(process.argv.slice(2));
    if (options.help) {
      process.stdout.write(
        'usage: node scripts/package.mjs [--out FILE]\nenv: TEAMS_APP_ID, MicrosoftAppId, PUBLIC_HOSTNAME, TAB_APP_ID [, TEAMS_APP_VERSION]\n',
      );
      process.exit(0);
    }
    const result = buildPackage({ env: environmentWithDotEnv(process.env), out: options.out });
    for (const warning of result.warnings) process.stderr.write(`${warning}\n`);
    const { values } = result;
    process.stdout.write(
      `${path.relative(process.cwd(), result.out) || result.out} を作成しました (Teams app package, manifest v${MANIFEST_SCHEMA_VERSION}, ${result.bytes} bytes)\n` +
        `  Teams アプリ ID: ${values.TEAMS_APP_ID}  バージョン: ${values.APP_VERSION}\n` +
        `  ボット ID:       ${values.BOT_ID}\n` +
        `  タブ (SSO):      api://${values.PUBLIC_HOSTNAME}/${values.TAB_APP_ID}\n`,
    );
  } catch (error) {
    if (!(error instanceof PackageError)) throw error;
    process.stderr.write(
      `アプリ パッケージを作成できません / Cannot build the app package:\n${error.problems.map((p) => `  - ${p}`).join('\n')}\n`,
    );
    process.exit(1);
  }
}
