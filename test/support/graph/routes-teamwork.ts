/**
 * Proactive installation: POST/GET /users/{user-id}/teamwork/installedApps, GET …/{id}/chat and
 * POST/GET /teams/{team-id}/installedApps, as Microsoft documents them (userteamwork-post-installedapps,
 * userscopeteamsappinstallation-get-chat, team-post-installedapps): 201 (user) / 200 (team) without a
 * body, 409 when already installed, 403 for a user Teams will not give the app, 404 for an unknown
 * user or team. Throttling follows the Teams service limits of Graph's throttling-limits page:
 * installedApps GET and POST 30 requests per second per app per tenant, and at most 4 requests a
 * second on one team; the excess is answered 429 with Retry-After.
 */
import { GraphError, invalidRequest, throttled } from './graph-errors';
import { option, parseExpand } from './odata-options';
import type { TeamworkModel } from './teamwork-model';
import { json, type Route, type RouteContext } from './types';

/** Documented limits: [requests, window ms]. */
const PER_APP_PER_TENANT: [number, number] = [30, 1000];
const PER_TEAM: [number, number] = [4, 1000];

/** A sliding window per key; `take` answers how many seconds to wait when the window is full. */
class Windows {
  private readonly seen = new Map<string, number[]>();
  constructor(private readonly now: () => number = () => performance.now()) {}

  take(key: string, [limit, windowMs]: [number, number]): number | undefined {
    const now = this.now();
    const times = (this.seen.get(key) ?? []).filter((t) => t > now - windowMs);
    this.seen.set(key, times);
    if (times.length >= limit) return Math.max(1, Math.ceil((times[0] + windowMs - now) / 1000));
    times.push(now);
    return undefined;
  }
}

const BIND = /^https:\/\/graph\.microsoft\.com\/v1\.0\/appCatalogs\/teamsApps\/([^/]+)$/;

function catalogApp(ctx: RouteContext, model: TeamworkModel): string {
  const value = (ctx.body as Record<string, unknown>)['teamsApp@odata.bind'];
  const bind = typeof value === 'string' ? value : '';
  const id = BIND.exec(bind)?.[1];
  if (!id || !model.catalog.has(decodeURIComponent(id)))
    throw new GraphError(404, 'NotFound', `The app ${id ?? bind} was not found in the organization's app catalog.`);
  return decodeURIComponent(id);
}

function user(ctx: RouteContext, model: TeamworkModel): { id: string; state: ReturnType<TeamworkModel['users']['get']> } {
  const id = decodeURIComponent(ctx.params['user-id']);
  const state = model.users.get(id.toLowerCase());
  if (!state) throw new GraphError(404, 'NotFound', `User ${id} was not found.`, {}, 'Request_ResourceNotFound');
  return { id, state };
}

function teamsAppJson(model: TeamworkModel, appId: string) {
  const app = model.catalog.get(appId)!;
  return { id: app.id, externalId: app.externalId, displayName: app.displayName, distributionMethod: 'organization' };
}

/** `teamsApp/id eq '…'`, the one filter the documented lookup sends. */
function filteredAppId(ctx: RouteContext): string | undefined {
  const filter = option(ctx.req.query, 'filter');
  if (filter === undefined) return undefined;
  const id = /^teamsApp\/id eq '([^']+)'$/.exec(filter.trim())?.[1];
  if (!id) throw invalidRequest(`The test server filters installedApps by teamsApp/id only: ${filter}`);
  return id;
}

export function teamworkRoutes(model: TeamworkModel, botId: () => string): Route[] {
  const windows = new Windows();
  const limit = (key: string, window: [number, number] = PER_APP_PER_TENANT) => {
    const wait = windows.take(key, window);
    if (wait !== undefined) throw throttled(wait, 'TooManyRequests');
  };
  return [
    {
      method: 'POST',
      template: '/users/{user-id}/teamwork/installedApps',
      handler: (ctx) => {
        limit('POST installedApps');
        const { id, state } = user(ctx, model);
        const appId = catalogApp(ctx, model);
        if (state === 'noLicence')
          throw new GraphError(403, 'Forbidden', `User ${id} does not have a license for Microsoft Teams.`, {}, 'UserLicenseNotPresent');
        if (state === 'blockedByPolicy')
          throw new GraphError(
            403,
            'Forbidden',
            `The app is blocked for user ${id} by an app permission policy.`,
            {},
            'AppBlockedByPolicy',
          );
        if (model.userInstallations.get(id.toLowerCase())?.has(appId))
          throw new GraphError(409, 'Conflict', 'The app is already installed for this user.');
        model.installFor(id, appId, botId());
        model.installs++;
        return { status: 201, headers: {} };
      },
    },
    {
      method: 'GET',
      template: '/users/{user-id}/teamwork/installedApps',
      handler: (ctx) => {
        limit('GET installedApps');
        const { id } = user(ctx, model);
        const wanted = filteredAppId(ctx);
        const expand = parseExpand(option(ctx.req.query, 'expand'));
        const value = [...(model.userInstallations.get(id.toLowerCase())?.entries() ?? [])]
          .filter(([appId]) => wanted === undefined || appId === wanted)
          .map(([appId, installation]) => ({
            id: installation.id,
            ...(expand.has('teamsApp') ? { teamsApp: teamsAppJson(model, appId) } : {}),
          }));
        return json(200, { '@odata.context': `https://graph.microsoft.com/v1.0/$metadata#users('${id}')/teamwork/installedApps`, value });
      },
    },
    {
      method: 'GET',
      template: '/users/{user-id}/teamwork/installedApps/{userScopeTeamsAppInstallation-id}/chat',
      handler: (ctx) => {
        limit('GET installedApps');
        const { id } = user(ctx, model);
        const installation = model.installation(id, decodeURIComponent(ctx.params['userScopeTeamsAppInstallation-id']));
        if (!installation) throw new GraphError(404, 'NotFound', 'The app installation was not found.');
        return json(200, {
          '@odata.context': 'https://graph.microsoft.com/v1.0/$metadata#chats/$entity',
          id: installation.chatId,
          topic: null,
          createdDateTime: installation.installedAt,
          lastUpdatedDateTime: installation.installedAt,
          chatType: 'oneOnOne',
          webUrl: `https://teams.microsoft.com/l/chat/${encodeURIComponent(installation.chatId)}/0`,
        });
      },
    },
    {
      method: 'POST',
      template: '/teams/{team-id}/installedApps',
      handler: (ctx) => {
        const teamId = decodeURIComponent(ctx.params['team-id']);
        limit('POST installedApps');
        limit(`team ${teamId}`, PER_TEAM);
        const installed = model.teams.get(teamId);
        if (!installed) throw new GraphError(404, 'NotFound', `Team ${teamId} was not found.`);
        const appId = catalogApp(ctx, model);
        if (installed.has(appId)) throw new GraphError(409, 'Conflict', 'The app is already installed in this team.');
        installed.add(appId);
        model.installs++;
        return { status: 200, headers: {} };
      },
    },
    {
      method: 'GET',
      template: '/teams/{team-id}/installedApps',
      handler: (ctx) => {
        const teamId = decodeURIComponent(ctx.params['team-id']);
        limit('GET installedApps');
        limit(`team ${teamId}`, PER_TEAM);
        const installed = model.teams.get(teamId);
        if (!installed) throw new GraphError(404, 'NotFound', `Team ${teamId} was not found.`);
        const wanted = filteredAppId(ctx);
        const value = [...installed]
          .filter((appId) => wanted === undefined || appId === wanted)
          .map((appId) => ({ id: Buffer.from(`${teamId}##${appId}`).toString('base64'), teamsApp: teamsAppJson(model, appId) }));
        return json(200, { value });
      },
    },
  ];
}
