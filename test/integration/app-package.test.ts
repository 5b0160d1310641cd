import { buildHandlerRegistry } from '../../bot/handlers';
import { RULING_SEARCH_COMMAND } from '../../bot/rulings/message-extension';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import zlib from 'node:zlib';
import Ajv04 from 'ajv-draft-04';
import addFormats from 'ajv-formats';
import { registerCheckInHandlers } from '../../bot/checkins/register';
import { helpCommand } from '../../bot/help/help-command';
import { pingCommand } from '../../bot/help/ping-command';
import { whoamiCommand } from '../../bot/help/whoami-command';
import { registerInquiryHandlers } from '../../bot/inquiries/register';
import { HandlerRegistry } from '../../bot/teams/handler-registry';

/**
 * `npm run package` (scripts/package.mjs) as an administrator runs it: the environment in, the
 * Teams app package out. The ZIP is read back with a reader written here and the manifest is
 * validated again with the official schema, so nothing rests on the script's own checks.
 */

const root = path.resolve(__dirname, '../..');
const script = path.join(root, 'scripts', 'package.mjs');
const SCHEMA_VERSION = '1.23';
const schemaDir = path.join(root, 'node_modules', '@microsoft', 'app-manifest', 'build', 'json-schemas', 'teams', `v${SCHEMA_VERSION}`);

const VALID = {
  TEAMS_APP_ID: '0b5b6f6e-1c2d-4e3f-8a9b-0c1d2e3f4a5b',
  MicrosoftAppId: '9A3F7E2C-5B1D-4C8E-A6F0-2D4B8E1C7A90',
  PUBLIC_HOSTNAME: 'renkei.example.lg.jp',
  TAB_APP_ID: '4d2c1b0a-9e8f-4a7b-8c6d-5e4f3a2b1c0d',
};
const INPUTS = [...Object.keys(VALID), 'TEAMS_APP_VERSION'];

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
  out: string;
}

const dirs: string[] = [];
afterAll(() => dirs.forEach((dir) => fs.rmSync(dir, { recursive: true, force: true })));

/** Runs the script in an empty folder (no stray .env), with only the given inputs set. */
function runPackage(env: Record<string, string>, options: { dotEnv?: string } = {}): Run {
  const cwd = fs.mkdtempSync(path.join(os.tmpdir(), 'renkei-package-'));
  dirs.push(cwd);
  if (options.dotEnv !== undefined) fs.writeFileSync(path.join(cwd, '.env'), options.dotEnv);
  const base = { ...process.env };
  for (const name of INPUTS) delete base[name];
  const out = path.join(cwd, 'out', 'appPackage.zip');
  const result = spawnSync(process.execPath, [script, '--out', out], { cwd, env: { ...base, ...env }, encoding: 'utf8', timeout: 60_000 });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr, out };
}

/** Reads a ZIP through its central directory, checking each local header, size and CRC-32. */
function readZip(buffer: Buffer): Map<string, Buffer> {
  let end = -1;
  for (let i = buffer.length - 22; i >= 0; i--) {
    if (buffer.readUInt32LE(i) === 0x06054b50) {
      end = i;
      break;
    }
  }
  if (end < 0) throw new Error('no end of central directory');
  const count = buffer.readUInt16LE(end + 10);
  const directorySize = buffer.readUInt32LE(end + 12);
  const directoryOffset = buffer.readUInt32LE(end + 16);
  expect(directoryOffset + directorySize).toBe(end);
  expect(buffer.readUInt16LE(end + 8)).toBe(count);
  const files = new Map<string, Buffer>();
  let at = directoryOffset;
  for (let n = 0; n < count; n++) {
    expect(buffer.readUInt32LE(at)).toBe(0x02014b50);
    const method = buffer.readUInt16LE(at + 10);
    const crc = buffer.readUInt32LE(at + 16);
    const compressedSize = buffer.readUInt32LE(at + 20);
    const size = buffer.readUInt32LE(at + 24);
    const nameLength = buffer.readUInt16LE(at + 28);
    const extraLength = buffer.readUInt16LE(at + 30);
    const commentLength = buffer.readUInt16LE(at + 32);
    const localOffset = buffer.readUInt32LE(at + 42);
    const name = buffer.toString('utf8', at + 46, at + 46 + nameLength);
    expect(buffer.readUInt32LE(localOffset)).toBe(0x04034b50);
    const localNameLength = buffer.readUInt16LE(localOffset + 26);
    const localExtraLength = buffer.readUInt16LE(localOffset + 28);
    expect(buffer.toString('utf8', localOffset + 30, localOffset + 30 + localNameLength)).toBe(name);
    expect(buffer.readUInt32LE(localOffset + 14)).toBe(crc);
    const start = localOffset + 30 + localNameLength + localExtraLength;
    const stored = buffer.subarray(start, start + compressedSize);
    expect([0, 8]).toContain(method);
    const data = method === 8 ? zlib.inflateRawSync(stored) : Buffer.from(stored);
    expect(data.length).toBe(size);
    expect(zlib.crc32(data) >>> 0).toBe(crc);
    files.set(name, data);
    at += 46 + nameLength + extraLength + commentLength;
  }
  return files;
}

function pngHeader(buffer: Buffer): { width: number; height: number; colorType: number } {
  expect(buffer.subarray(0, 8)).toEqual(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]));
  expect(buffer.toString('latin1', 12, 16)).toBe('IHDR');
  return { width: buffer.readUInt32BE(16), height: buffer.readUInt32BE(20), colorType: buffer[25] };
}

function schemaValidator(file: string) {
  const ajv = new Ajv04({ allErrors: true, strict: false, unicodeRegExp: false });
  addFormats(ajv);
  return ajv.compile(JSON.parse(fs.readFileSync(path.join(schemaDir, file), 'utf8')));
}

// Parsed JSON documents, walked freely in the assertions.
type Json = any; // eslint-disable-line @typescript-eslint/no-explicit-any

describe('npm run package (scripts/package.mjs)', () => {
  let run: Run;
  let files: Map<string, Buffer>;
  let manifest: Json;
  let localization: Json;

  beforeAll(() => {
    run = runPackage(VALID);
    if (run.code === 0) {
      files = readZip(fs.readFileSync(run.out));
      manifest = JSON.parse(files.get('manifest.json')!.toString('utf8'));
      localization = JSON.parse(files.get('en.json')!.toString('utf8'));
    }
  });

  it('exits 0 and writes a ZIP with exactly manifest.json, en.json, color.png and outline.png at its root', () => {
    expect(run.stderr).not.toMatch(/作成できません/);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('を作成しました');
    expect([...files.keys()].sort()).toEqual(['color.png', 'en.json', 'manifest.json', 'outline.png']);
    const unzip = spawnSync('unzip', ['-tq', run.out], { encoding: 'utf8' });
    if (!unzip.error) expect(unzip.status).toBe(0); // Info-ZIP agrees, where it is installed
  });

  it('writes a manifest that the official Teams schema accepts, and an en.json its Localization schema accepts', () => {
    expect(manifest.manifestVersion).toBe(SCHEMA_VERSION);
    expect(manifest.$schema).toContain(`/v${SCHEMA_VERSION}/MicrosoftTeams.schema.json`);
    const validate = schemaValidator('MicrosoftTeams.schema.json');
    expect(validate(manifest) ? [] : validate.errors).toEqual([]);
    const validateLocalization = schemaValidator('MicrosoftTeams.Localization.schema.json');
    expect(validateLocalization(localization) ? [] : validateLocalization.errors).toEqual([]);
  });

  it('replaces every placeholder with the given values', () => {
    const text = files.get('manifest.json')!.toString('utf8');
    expect(text).not.toContain('${{');
    expect(text).not.toContain('}}');
    const bot = VALID.MicrosoftAppId.toLowerCase();
    expect(manifest.id).toBe(VALID.TEAMS_APP_ID);
    expect(manifest.version).toBe(JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8')).version);
    expect(manifest.bots[0].botId).toBe(bot);
    expect(manifest.webApplicationInfo).toEqual({ id: VALID.TAB_APP_ID, resource: `api://${VALID.PUBLIC_HOSTNAME}/${VALID.TAB_APP_ID}` });
    expect(manifest.validDomains).toEqual([VALID.PUBLIC_HOSTNAME]);
    const tabs = manifest.staticTabs.filter((tab: Json) => tab.contentUrl).map((tab: Json) => [tab.name, tab.contentUrl]);
    expect(tabs).toEqual([
      ['判断事例', 'https://renkei.example.lg.jp/tab/#/rulings'],
      ['照会', 'https://renkei.example.lg.jp/tab/#/inquiries'],
      ['マニュアル', 'https://renkei.example.lg.jp/tab/#/manuals'],
      ['KPI', 'https://renkei.example.lg.jp/tab/#/dashboard'],
    ]);
    expect(manifest.configurableTabs[0].configurationUrl).toBe('https://renkei.example.lg.jp/tab/#/config');
    expect(manifest.localizationInfo).toEqual({
      defaultLanguageTag: 'ja-JP',
      additionalLanguages: [{ languageTag: 'en-US', file: 'en.json' }],
    });
  });

  it('packs the checked-in icons: color 192×192 and outline 32×32, both with an alpha channel', () => {
    expect(files.get('color.png')).toEqual(fs.readFileSync(path.join(root, 'manifest', 'color.png')));
    expect(files.get('outline.png')).toEqual(fs.readFileSync(path.join(root, 'manifest', 'outline.png')));
    expect(pngHeader(files.get('color.png')!)).toEqual({ width: 192, height: 192, colorType: 6 });
    expect(pngHeader(files.get('outline.png')!)).toEqual({ width: 32, height: 32, colorType: 6 });
  });

  it('has the bot in every scope, without files, and every command it lists is one the bot answers, in Japanese and in English', () => {
    const [bot] = manifest.bots;
    expect(bot.scopes.sort()).toEqual(['groupChat', 'personal', 'team']);
    expect(bot.supportsFiles).toBe(false);
    expect(bot.commandLists.map((list: Json) => list.scopes)).toEqual([['personal'], ['team'], ['groupChat']]);

    const registry = new HandlerRegistry();
    registry
      .addCommand(helpCommand({ commandHelp: () => registry.commandHelp() }))
      .addCommand(whoamiCommand())
      .addCommand(pingCommand());
    registerCheckInHandlers(registry, {} as never);
    registerInquiryHandlers(registry, {} as never);

    bot.commandLists.forEach((list: Json, l: number) =>
      list.commands.forEach((command: Json, c: number) => {
        const key = `bots[0].commandLists[${l}].commands[${c}]`;
        const english = { title: localization[`${key}.title`], description: localization[`${key}.description`] };
        for (const { title, description } of [command, english]) {
          expect({ key, title, answered: registry.findCommand(title) !== undefined }).toEqual({ key, title, answered: true });
          expect([...title].length).toBeLessThanOrEqual(32);
          expect(typeof description).toBe('string');
          expect([...description].length).toBeLessThanOrEqual(128);
        }
      }),
    );
    const personal = bot.commandLists[0].commands.map((command: Json) => command.title);
    expect(personal).toEqual(
      expect.arrayContaining(['ヘルプ', 'わたし', '応答確認', 'チェックイン', 'チェックイン開始', '集計', '質問', '照会一覧']),
    );
    const team = bot.commandLists[1].commands.map((command: Json) => command.title);
    expect(team).toEqual(expect.arrayContaining(['照会窓口に設定', 'お知らせ先に設定']));
  });

  it('declares 「判断事例を検索」 as the bot’s compose extension query command, in Japanese and in English', () => {
    const [extension] = manifest.composeExtensions;
    expect(extension.botId).toBe(manifest.bots[0].botId);
    const [command] = extension.commands;
    expect(command).toMatchObject({ id: RULING_SEARCH_COMMAND, type: 'query', title: '判断事例を検索' });
    expect(command.parameters.map((p: Json) => p.name)).toEqual(['query']);
    expect(command.context).toEqual(expect.arrayContaining(['compose', 'commandBox']));
    expect(localization['composeExtensions[0].commands[0].title']).toBe('Search rulings');
    expect(typeof localization['composeExtensions[0].commands[0].parameters[0].title']).toBe('string');
    // The command the manifest names is one the bot answers.
    const registry = buildHandlerRegistry({
      search: {} as never,
      store: {} as never,
      tabUrl: '',
      logger: {} as never,
      now: () => new Date(),
      config: { checkIns: {}, inquiries: {} } as never,
      nudge: () => {},
    });
    expect(registry.findMessageExtension(command.id)).toBeDefined();
  });

  it('reads the inputs from a .env file in the working directory, and the real environment wins over it', () => {
    const dotEnv = Object.entries(VALID)
      .map(([name, value]) => `${name}=${value}`)
      .join('\n');
    const fromFile = runPackage({}, { dotEnv });
    expect(fromFile.code).toBe(0);
    expect(JSON.parse(readZip(fs.readFileSync(fromFile.out)).get('manifest.json')!.toString('utf8')).id).toBe(VALID.TEAMS_APP_ID);

    const overridden = runPackage({ TEAMS_APP_ID: 'from-the-environment' }, { dotEnv });
    expect(overridden.code).toBe(1);
    expect(overridden.stderr).toContain('TEAMS_APP_ID: "from-the-environment" は GUID ではありません');
  });

  it('refuses a bad GUID with exit 1, naming the variable, and writes nothing', () => {
    const bad = runPackage({ ...VALID, TEAMS_APP_ID: 'not-a-guid' });
    expect(bad.code).toBe(1);
    expect(bad.stderr).toContain('TEAMS_APP_ID: "not-a-guid" は GUID ではありません');
    expect(fs.existsSync(bad.out)).toBe(false);

    const badBot = runPackage({ ...VALID, MicrosoftAppId: '9a3f7e2c5b1d4c8ea6f02d4b8e1c7a90' });
    expect(badBot.code).toBe(1);
    expect(badBot.stderr).toMatch(/MicrosoftAppId: .* は GUID ではありません/);
  });

  it('refuses a host name with https:// or a path with exit 1, naming PUBLIC_HOSTNAME', () => {
    for (const host of ['https://renkei.example.lg.jp', 'renkei.example.lg.jp/tab', 'localhost', '10.0.0.4']) {
      const bad = runPackage({ ...VALID, PUBLIC_HOSTNAME: host });
      expect({ host, code: bad.code }).toEqual({ host, code: 1 });
      expect(bad.stderr).toContain(`PUBLIC_HOSTNAME: "${host}" はホスト名ではありません`);
      expect(fs.existsSync(bad.out)).toBe(false);
    }
  });

  it('lists every missing input at once (TAB_APP_ID is required, not taken from MicrosoftAppId)', () => {
    const empty = runPackage({ MicrosoftAppId: VALID.MicrosoftAppId });
    expect(empty.code).toBe(1);
    for (const name of ['TEAMS_APP_ID', 'PUBLIC_HOSTNAME', 'TAB_APP_ID']) expect(empty.stderr).toContain(`${name}: 必須です`);
    expect(empty.stderr).not.toContain('MicrosoftAppId:');
  });

  it('takes TEAMS_APP_VERSION for the manifest version and refuses one that is not MAJOR.MINOR.PATCH', () => {
    const versioned = runPackage({ ...VALID, TEAMS_APP_VERSION: '1.4.2' });
    expect(versioned.code).toBe(0);
    expect(JSON.parse(readZip(fs.readFileSync(versioned.out)).get('manifest.json')!.toString('utf8')).version).toBe('1.4.2');
    const bad = runPackage({ ...VALID, TEAMS_APP_VERSION: 'v2' });
    expect(bad.code).toBe(1);
    expect(bad.stderr).toContain('TEAMS_APP_VERSION: "v2"');
  });

  it('checks icons: a wrong size or a coloured pixel in the outline icon is refused, the checked-in ones pass', () => {
    // The script's icon check, fed images made with make-icons.mjs's PNG writer (both ESM, so in a child process).
    const probe = `
      import { iconProblems, decodePng } from ${JSON.stringify(script)};
      import { encodePng } from ${JSON.stringify(path.join(root, 'scripts', 'make-icons.mjs'))};
      import fs from 'node:fs';
      import zlib from 'node:zlib';
      const white = (size) => { const p = Buffer.alloc(size * size * 4); for (let i = 0; i < p.length; i += 4) p.set(i < p.length / 2 ? [255, 255, 255, 255] : [0, 0, 0, 0], i); return p; };
      const red = white(32); red.set([255, 0, 0, 255], 0);
      const opaque = Buffer.alloc(32 * 32 * 4, 255);
      const own = (name) => fs.readFileSync(${JSON.stringify(path.join(root, 'manifest'))} + '/' + name);
      const decoded = decodePng(own('color.png'));
      // Rows filtered with each of PNG's five filters (as other encoders write them) decode to the same pixels.
      const filtered = (() => {
        const w = 7, h = 10, bpp = 4, stride = w * bpp, px = Buffer.alloc(h * stride);
        for (let i = 0; i < px.length; i++) px[i] = (i * 37 + (i >> 3) * 11) & 255;
        const raw = Buffer.alloc(h * (stride + 1));
        for (let y = 0; y < h; y++) {
          const f = y % 5; raw[y * (stride + 1)] = f;
          for (let x = 0; x < stride; x++) {
            const a = x >= bpp ? px[y * stride + x - bpp] : 0, b = y > 0 ? px[(y - 1) * stride + x] : 0, c = x >= bpp && y > 0 ? px[(y - 1) * stride + x - bpp] : 0;
            const p = a + b - c, pa = Math.abs(p - a), pb = Math.abs(p - b), pc = Math.abs(p - c);
            const pred = [0, a, b, (a + b) >> 1, pa <= pb && pa <= pc ? a : pb <= pc ? b : c][f];
            raw[y * (stride + 1) + 1 + x] = (px[y * stride + x] - pred) & 255;
          }
        }
        const png = encodePng(w, Buffer.alloc(w * w * 4));
        const chunk = (type, data) => { const len = Buffer.alloc(4); len.writeUInt32BE(data.length); const crc = Buffer.alloc(4); crc.writeUInt32BE(zlib.crc32(Buffer.concat([Buffer.from(type), data])) >>> 0); return Buffer.concat([len, Buffer.from(type), data, crc]); };
        const ihdr = Buffer.alloc(13); ihdr.writeUInt32BE(w, 0); ihdr.writeUInt32BE(h, 4); ihdr.set([8, 6, 0, 0, 0], 8);
        const file = Buffer.concat([png.subarray(0, 8), chunk('IHDR', ihdr), chunk('IDAT', zlib.deflateSync(raw)), chunk('IEND', Buffer.alloc(0))]);
        return decodePng(file).rgba.equals(px);
      })();
      console.log(JSON.stringify({
        ownColor: iconProblems('color.png', own('color.png')),
        ownOutline: iconProblems('outline.png', own('outline.png')),
        wrongSize: iconProblems('outline.png', encodePng(48, white(48))),
        colouredPixel: iconProblems('outline.png', encodePng(32, red)),
        noTransparency: iconProblems('outline.png', encodePng(32, opaque)),
        notPng: iconProblems('color.png', Buffer.from('GIF89a')),
        colorCorner: [...decoded.rgba.subarray(0, 4)],
        filtered,
      }));`;
    const result = spawnSync(process.execPath, ['--input-type=module', '-e', probe], { encoding: 'utf8' });
    expect(result.stderr).toBe('');
    const report = JSON.parse(result.stdout);
    expect(report.ownColor).toEqual([]);
    expect(report.ownOutline).toEqual([]);
    expect(report.wrongSize.join('\n')).toContain('is 48×48; must be 32×32');
    expect(report.colouredPixel.join('\n')).toContain('1 pixels are neither');
    expect(report.noTransparency.join('\n')).toContain('transparent background');
    expect(report.notPng.join('\n')).toContain('not a PNG');
    expect(report.filtered).toBe(true);
    expect(report.colorCorner).toEqual([0x1f, 0x5f, 0x8b, 255]); // the accent colour, opaque
    expect(manifest.accentColor).toBe('#1F5F8B');
  });
});
