import { startApp, type RunningApp } from '../../bot/app';
import type { Person } from '../../bot/directory/model';
import { loadConfig } from '../../bot/platform/config';
import { silentLogger } from '../../bot/platform/logger';
import { tempDir } from './processes';

/**
 * The app in local mode with demo data on a fresh SQLite folder, its timers off and on a free port,
 * for API tests. The request limits (per person and per address) are lifted: property tests send
 * hundreds of requests as one person from one address within a minute, more the faster the machine
 * (the limits themselves are tested in api-protection).
 */
export async function startDemoApp(folderPrefix: string): Promise<{ app: RunningApp; dataDir: string }> {
  const dataDir = tempDir(folderPrefix);
  const config = loadConfig({
    APP_DATA_DIR: dataDir,
    CHECKIN_SCHEDULER_INTERVAL_SECONDS: '0',
    INQUIRY_DEADLINE_INTERVAL_SECONDS: '0',
    API_RATE_PER_USER: '1000000/60',
    API_RATE_PER_IP: '1000000/60',
  });
  config.port = 0;
  return { app: await startApp(config, silentLogger), dataDir };
}

/** A staff member for API tests, with a unique Entra object id made from `n`. */
export const staffPerson = (id: string, departmentId: string, roles: Person['roles'], n: number): Person => ({
  id,
  entraObjectId: `6b1e0c3a-00${n}-4000-8000-0000000000${n}`,
  displayName: id,
  email: `${id}@sakura-city.example`,
  departmentId,
  title: '主事',
  roles,
  locale: 'ja',
});

/** Calls the local-mode JSON API as a demo person (`Authorization: Demo <personId>`); `baseUrl` is read per call. */
export function demoApi(baseUrl: () => string) {
  const call = (method: string, path: string, personId?: string, body?: unknown) =>
    fetch(`${baseUrl()}${path}`, {
      method,
      headers: {
        ...(personId ? { Authorization: `Demo ${personId}` } : {}),
        ...(body === undefined ? {} : { 'Content-Type': 'application/json' }),
      },
      body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
    });
  return {
    call,
    post: (path: string, personId: string | undefined, body?: unknown) => call('POST', path, personId, body ?? {}),
    put: (path: string, personId: string | undefined, body: unknown) => call('PUT', path, personId, body),
    get: (path: string, personId?: string) => call('GET', path, personId),
  };
}
