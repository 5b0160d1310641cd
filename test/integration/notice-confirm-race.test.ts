import fs from 'node:fs';
import { seedDemoData } from '../../bot/demo/seed';
import { composeNotice, confirmNotice } from '../../bot/notices/workflow';
import { loadConfig } from '../../bot/platform/config';
import { resolveActorByPersonId } from '../../bot/platform/identity';
import { silentLogger } from '../../bot/platform/logger';
import { openStore } from '../../bot/store/compose-store';
import { ConcurrencyConflictError, type Store, type StoreSession } from '../../bot/store/ports';
import { tempDir } from '../support/processes';

/**
 * On SharePoint a notice is saved as a whole under its eTag, so two sections confirming at the
 * same moment race: the loser's save is refused (ConcurrencyConflictError). The confirmation
 * must then be applied again on top of the winner's, not lost and not reported as a failure.
 */
describe('confirming a notice while another section confirms', () => {
  let store: Store;
  let dataDir: string;

  beforeAll(async () => {
    dataDir = tempDir('renkei-notice-race-');
    store = await openStore(loadConfig({ APP_DATA_DIR: dataDir }), silentLogger);
    await seedDemoData(store);
  });

  afterAll(async () => {
    await store.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  it('reads the notice again after losing the race and records both sections once', async () => {
    const deps = { store, logger: silentLogger, now: () => new Date(), tabUrl: 'http://localhost/tab/', nudge: () => undefined };
    const admin = await resolveActorByPersonId(store, 'p-admin');
    if (admin.kind !== 'known') throw new Error('demo admin missing');
    const composed = await composeNotice(
      deps,
      admin.actor,
      {
        kind: '事務連絡',
        title: '窓口時間の変更',
        body: '本文',
        audience: { wardSections: ['ward-kita-hoken-nenkin', 'ward-minami-hoken-nenkin'] },
      },
      'race-1',
    );
    if (!('notice' in composed)) throw new Error(JSON.stringify(composed));
    const id = composed.notice.id;

    // The first save of the kita confirmation loses to a minami confirmation saved just before it.
    let raced = false;
    const racing: Store = {
      ...store,
      transaction: <T>(work: (tx: StoreSession) => Promise<T>) =>
        store.transaction((tx) => {
          if (raced) return work(tx);
          raced = true;
          const notices = {
            ...tx.notices,
            get: tx.notices.get.bind(tx.notices),
            list: tx.notices.list.bind(tx.notices),
            update: async () => {
              throw new ConcurrencyConflictError('notice', id);
            },
          };
          return work({ ...tx, notices });
        }),
    };
    await confirmNotice(deps, id, { id: 'p-minami', departmentId: 'ward-minami-hoken-nenkin' });
    const result = await confirmNotice({ ...deps, store: racing }, id, { id: 'p-ward-staff', departmentId: 'ward-kita-hoken-nenkin' });

    expect(raced).toBe(true);
    expect('notice' in result && result.changed).toBe(true);
    const stored = await store.notices.get(id);
    expect(stored?.sections.map((s) => [s.departmentId, s.status, s.confirmedBy])).toEqual([
      ['ward-kita-hoken-nenkin', 'confirmed', 'p-ward-staff'],
      ['ward-minami-hoken-nenkin', 'confirmed', 'p-minami'],
    ]);
    // The refused attempt rolled back: one audit entry per section, not two.
    const confirmations = await store.audit.list({ objectType: 'notice', objectId: id, actions: ['notice.confirm'] });
    expect(confirmations.map((e) => e.actorId).sort()).toEqual(['p-minami', 'p-ward-staff']);
  });
});
