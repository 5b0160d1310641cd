import type { Person } from '../../bot/directory/model';

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
