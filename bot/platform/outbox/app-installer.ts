/** The Graph side of proactive installation (bot/store/sharepoint/graph/teams-app-installer.ts implements it). */

/** What one installation request answers. */
export interface UserInstallResult {
  /** alreadyInstalled: Graph answered 409 (the person or an admin had added it). */
  outcome: 'installed' | 'alreadyInstalled';
  /** The 1:1 chat between the person and the bot: the conversation id to send to. */
  chatId: string;
}

/** The Graph side (bot/store/sharepoint/graph/teams-app-installer.ts); errors are InstallError. */
export interface AppInstaller {
  installForUser(entraObjectId: string): Promise<UserInstallResult>;
  installInTeam(teamId: string): Promise<{ outcome: 'installed' | 'alreadyInstalled' }>;
}

/** A failed Graph call: its status (absent for network errors) and Retry-After. */
export class InstallError extends Error {
  constructor(
    message: string,
    readonly status?: number,
    readonly retryAfterMs?: number,
  ) {
    super(message);
    this.name = 'InstallError';
  }
}
