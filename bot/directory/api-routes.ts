import { ROLES } from '../directory/model';
import type { Config } from '../platform/config';
import type { Store } from '../store/ports';
import type { ApiRoute } from '../server/api-route';

/** GET /api/me, GET /api/departments and, in local mode only, GET /api/dev/people (the sign-in picker). */
export function directoryRoutes(deps: { config: Config; store: Store }): ApiRoute[] {
  const routes: ApiRoute[] = [
    {
      method: 'get',
      path: '/api/me',
      auth: 'user',
      handle: async ({ actor }) => ({
        person: {
          id: actor.person.id,
          displayName: actor.person.displayName,
          title: actor.person.title,
          email: actor.person.email,
          locale: actor.person.locale,
        },
        department: actor.department,
        roles: ROLES.filter((role) => actor.roles.has(role)),
        // The initiatives this person owns: the tab links each to its page (#/dashboard/initiatives/A1-1).
        initiatives: (await deps.store.initiatives.list())
          .filter((initiative) => initiative.ownerId === actor.person.id)
          .map((initiative) => ({ code: initiative.code, title: initiative.title })),
      }),
    },
    {
      method: 'get',
      path: '/api/departments',
      auth: 'user',
      // categories: the 分野 a section handles (the お知らせ form's 分野 audience), [] when none are known.
      handle: async () => ({ departments: (await deps.store.departments.list()).map((d) => ({ ...d, categories: d.categories ?? [] })) }),
    },
  ];
  if (deps.config.mode === 'local') {
    routes.push({
      method: 'get',
      path: '/api/dev/people',
      auth: 'anonymous',
      handle: async () => {
        const [people, departments] = await Promise.all([deps.store.people.list(), deps.store.departments.list()]);
        const departmentName = new Map(departments.map((d) => [d.id, `${d.office} ${d.name}`]));
        // Grouped as the directory lists them: HQ before the wards, each office together, its sections in order.
        const officeRank = (d: (typeof departments)[number]) => departments.findIndex((o) => o.kind === d.kind && o.office === d.office);
        const rank = new Map(departments.map((d, index) => [d.id, [d.kind === 'hq' ? 0 : 1, officeRank(d), index] as const]));
        const order = (id: string) => rank.get(id) ?? ([2, 0, 0] as const);
        const sorted = [...people].sort((a, b) => {
          const [x, y] = [order(a.departmentId), order(b.departmentId)];
          return x[0] - y[0] || x[1] - y[1] || x[2] - y[2];
        });
        return {
          people: sorted.map((p) => ({
            id: p.id,
            displayName: p.displayName,
            title: p.title,
            department: departmentName.get(p.departmentId) ?? p.departmentId,
            roles: p.roles,
          })),
        };
      },
    });
  }
  return routes;
}
