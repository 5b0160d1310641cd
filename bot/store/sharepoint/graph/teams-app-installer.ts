import { InstallError, type AppInstaller, type UserInstallResult } from '../../../platform/outbox/app-installer';
import type { GraphGateway } from './graph-gateway';
import { GraphRequestError } from './graph-errors';

/**
 * Installs the app from the organisation's catalog through Microsoft Graph, as Microsoft's
 * "proactively install your bot" guide describes: POST /users/{id}/teamwork/installedApps
 * (409 = already installed), find the installation (GET …/installedApps?$expand=teamsApp&$filter=teamsApp/id eq '…'),
 * then its 1:1 chat (GET …/installedApps/{id}/chat), whose id is the conversation to send to.
 * Least privilege: TeamsAppInstallation.ReadWriteSelfForUser.All and …SelfForTeam.All.
 * The gateway it is given makes no retries of its own: the outbox paces and retries installations.
 */
export class GraphTeamsAppInstaller implements AppInstaller {
  constructor(
    private readonly graph: GraphGateway,
    /** TEAMS_APP_CATALOG_ID: the app's id in the tenant's catalog (not the manifest id). */
    private readonly catalogAppId: string,
  ) {}

  private get binding() {
    return { 'teamsApp@odata.bind': `https://graph.microsoft.com/v1.0/appCatalogs/teamsApps/${this.catalogAppId}` };
  }

  async installForUser(entraObjectId: string): Promise<UserInstallResult> {
    const user = encodeURIComponent(entraObjectId);
    const outcome = await this.created(() => this.graph.post(`/users/${user}/teamwork/installedApps`, this.binding));
    const filter = encodeURIComponent(`teamsApp/id eq '${this.catalogAppId}'`);
    const found = await this.called(() =>
      this.graph.get<{ value?: { id?: string }[] }>(`/users/${user}/teamwork/installedApps?$expand=teamsApp&$filter=${filter}`),
    );
    const installationId = found.value?.[0]?.id;
    // Teams may take a moment to show a new installation: a retry finds it.
    if (!installationId) throw new InstallError(`installation for ${entraObjectId} not listed yet`, 503);
    const chat = await this.called(() =>
      this.graph.get<{ id?: string }>(`/users/${user}/teamwork/installedApps/${encodeURIComponent(installationId)}/chat?$select=id`),
    );
    if (!chat.id) throw new InstallError(`no chat for installation ${installationId}`, 503);
    return { outcome, chatId: chat.id };
  }

  async installInTeam(teamId: string): Promise<{ outcome: 'installed' | 'alreadyInstalled' }> {
    return { outcome: await this.created(() => this.graph.post(`/teams/${encodeURIComponent(teamId)}/installedApps`, this.binding)) };
  }

  private async created(post: () => Promise<unknown>): Promise<'installed' | 'alreadyInstalled'> {
    try {
      await post();
      return 'installed';
    } catch (error) {
      if (error instanceof GraphRequestError && error.status === 409) return 'alreadyInstalled';
      throw toInstallError(error);
    }
  }

  private async called<T>(call: () => Promise<T>): Promise<T> {
    try {
      return await call();
    } catch (error) {
      throw toInstallError(error);
    }
  }
}

function toInstallError(error: unknown): InstallError {
  if (error instanceof GraphRequestError)
    return new InstallError(
      error.message,
      error.status,
      error.retryAfterSeconds === undefined ? undefined : error.retryAfterSeconds * 1000,
    );
  return new InstallError(error instanceof Error ? error.message : String(error));
}
