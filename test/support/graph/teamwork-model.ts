/**
 * What the Graph test server knows of Teams for proactive installation: the tenant's app catalog,
 * its users (whether Teams lets them have the app) and teams, and where the app is installed.
 * Installation ids and chat ids have the shapes Microsoft's examples show (base64 of
 * "{user id}##{teams app id}"; 19:{…}@unq.gbl.spaces), so a client that only passes them on works.
 */
import { randomUUID } from 'node:crypto';

/** licensed: Teams installs the app; noLicence / blockedByPolicy: Graph answers 403 (the reasons an admin sees). */
export type TeamsUserState = 'licensed' | 'noLicence' | 'blockedByPolicy';

export interface UserInstallation {
  id: string;
  userId: string;
  chatId: string;
  installedAt: string;
}

export interface CatalogApp {
  /** The catalog's id (what teamsApp@odata.bind names), not the manifest's. */
  id: string;
  /** The manifest id. */
  externalId: string;
  displayName: string;
}

export class TeamworkModel {
  readonly catalog = new Map<string, CatalogApp>();
  readonly users = new Map<string, TeamsUserState>();
  /** By user id (lower case), then catalog app id. */
  readonly userInstallations = new Map<string, Map<string, UserInstallation>>();
  /** Team id → the catalog app ids installed in it. */
  readonly teams = new Map<string, Set<string>>();
  /** Successful POSTs (201/200), for tests and benchmarks. */
  installs = 0;

  addCatalogApp(app: Partial<CatalogApp> = {}): CatalogApp {
    const entry: CatalogApp = {
      id: app.id ?? randomUUID(),
      externalId: app.externalId ?? randomUUID(),
      displayName: app.displayName ?? 'app',
    };
    this.catalog.set(entry.id, entry);
    return entry;
  }

  installFor(userId: string, appId: string, botId: string): UserInstallation {
    const byApp = this.userInstallations.get(userId.toLowerCase()) ?? new Map<string, UserInstallation>();
    this.userInstallations.set(userId.toLowerCase(), byApp);
    const installation: UserInstallation = {
      id: Buffer.from(`${userId}##${appId}`).toString('base64'),
      userId,
      chatId: `19:${userId}_${botId}@unq.gbl.spaces`,
      installedAt: new Date().toISOString(),
    };
    byApp.set(appId, installation);
    return installation;
  }

  installation(userId: string, installationId: string): UserInstallation | undefined {
    return [...(this.userInstallations.get(userId.toLowerCase())?.values() ?? [])].find((i) => i.id === installationId);
  }
}
