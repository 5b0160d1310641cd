import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { ConfigError, type Config } from '../platform/config';
import { sharePointProbe } from '../platform/sharepoint-probe';
import { projectRoot } from '../platform/version';
import { type CliCommand, type CliContext, openCliStore } from './cli-command';

type Check = { ok: boolean; warn?: boolean; label: string; detail: string };

/** doctor: checks configuration, the store, the ports and the build, and says what to fix. */
export const doctorCommand: CliCommand = {
  name: 'doctor',
  usage: 'doctor',
  description: '設定・データベース・ポート・ビルドを点検します (checks configuration, store, ports and build)',
  async run(_args, context) {
    const checks: Check[] = [];
    let config: Config | undefined;
    try {
      config = context.config();
      checks.push({ ok: true, label: '設定 (configuration)', detail: `APP_MODE=${config.mode}, APP_DATA_DIR=${config.dataDir}` });
    } catch (error) {
      if (!(error instanceof ConfigError)) throw error;
      checks.push({ ok: false, label: '設定 (configuration)', detail: error.problems.join('; ') });
    }
    const major = Number(process.versions.node.split('.')[0]);
    checks.push({
      ok: major >= 20,
      label: 'Node.js',
      detail: `v${process.versions.node}${major >= 20 ? '' : ' (Node 20 以上が必要です)'}`,
    });
    if (config) {
      checks.push(await checkStore(config));
      checks.push(await checkPort('PORT', config.host, config.port));
      if (config.mode === 'local') checks.push(await checkPort('PLAYGROUND_PORT', '127.0.0.1', config.playgroundPort));
      if (config.sharePointSiteUrl) {
        const result = await sharePointProbe(config.sharePointSiteUrl, { cacheMs: 0 }).check();
        checks.push({ ok: result.reachable, label: 'SharePoint', detail: `${config.sharePointSiteUrl}: ${result.detail}` });
      }
    }
    const tabIndex = path.join(projectRoot(), 'dist', 'tab', 'index.html');
    checks.push({
      ok: fs.existsSync(tabIndex),
      label: 'タブのビルド (tab build)',
      detail: fs.existsSync(tabIndex) ? tabIndex : 'npm run build を実行してください (run npm run build)',
    });

    report(checks, context);
    return checks.every((check) => check.ok) ? 0 : 1;
  },
};

async function checkStore(config: Config): Promise<Check> {
  try {
    const store = await openCliStore(config);
    try {
      const health = await store.health();
      const people = (await store.people.list()).length;
      const detail = `${health.detail}${health.cause ? ` (${health.cause})` : ''}; ${config.dataDir}; 職員 ${people} 人${people === 0 ? '（npm run seed でデモデータを読み込めます）' : ''}`;
      return { ok: health.reachable, label: 'データベース (store)', detail };
    } finally {
      await store.close();
    }
  } catch (error) {
    return { ok: false, label: 'データベース (store)', detail: (error as Error).message };
  }
}

/** A port is fine when free, or when our own server already answers /healthz on it. */
async function checkPort(name: string, host: string, port: number): Promise<Check> {
  const free = await new Promise<boolean>((resolve) => {
    const probe = net.createServer();
    probe.once('error', () => resolve(false));
    probe.listen(port, host, () => probe.close(() => resolve(true)));
  });
  if (free) return { ok: true, label: `${name} ${port}`, detail: '空いています (free)' };
  const ours = await fetch(`http://127.0.0.1:${port}/${name === 'PORT' ? 'healthz' : '_debug/ping'}`, { signal: AbortSignal.timeout(2000) })
    .then((response) => response.ok)
    .catch(() => false);
  return ours
    ? { ok: true, warn: true, label: `${name} ${port}`, detail: 'このアプリが使用中です (in use by this app: already running)' }
    : {
        ok: false,
        label: `${name} ${port}`,
        detail: `他のプログラムが使用中です。${name} で別の番号を指定してください (in use by another program)`,
      };
}

function report(checks: Check[], context: CliContext) {
  for (const check of checks) {
    const mark = !check.ok ? '✗' : check.warn ? '!' : '✓';
    const line = `${mark} ${check.label}: ${check.detail}`;
    if (check.ok) context.out(line);
    else context.err(line);
  }
}
