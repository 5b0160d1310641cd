import type { Request } from 'restify';
import type { Config } from '../platform/config';
import { resolveActorByPersonId, type Actor } from '../platform/identity';
import type { Store } from '../store/ports';
import { HttpError } from './http-errors';

/**
 * Who is calling the tab's API. Local mode: the demo sign-in picker sends
 * `Authorization: Demo <personId>`. Production accepts only validated Entra ID tokens
 * (Identity issue); until that is configured every API call is refused, never let through.
 */
export interface RequestAuthenticator {
  authenticate(req: Request): Promise<Actor>;
}

export function createRequestAuthenticator(config: Config, store: Store): RequestAuthenticator {
  return config.mode === 'local' ? new DemoSignInAuthenticator(store) : new RefuseAllAuthenticator();
}

class DemoSignInAuthenticator implements RequestAuthenticator {
  constructor(private readonly store: Store) {}

  async authenticate(req: Request): Promise<Actor> {
    const header = req.header('authorization') ?? '';
    const match = /^Demo\s+([\w.-]{1,64})$/.exec(header.trim());
    if (!match) throw new HttpError(401, 'Unauthenticated', 'サインインしてください。Authorization: Demo <personId> が必要です (sign in: Authorization: Demo <personId> required)');
    const resolution = await resolveActorByPersonId(this.store, match[1]);
    if (resolution.kind === 'unknown') throw new HttpError(401, 'UnknownPerson', resolution.reason);
    return resolution.actor;
  }
}

class RefuseAllAuthenticator implements RequestAuthenticator {
  async authenticate(): Promise<Actor> {
    throw new HttpError(401, 'SignInNotConfigured', 'Entra ID サインインが構成されていないため、API は使えません (Entra ID sign-in is not configured; the API refuses every request)');
  }
}
