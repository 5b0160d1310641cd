import type { Department } from '../../directory/model';
import type { Store } from '../../store/ports';

/**
 * Every HQ department takes questions. One with a Q&A channel gets them as a thread there;
 * one not bound yet gets them in its people's personal chats (see effects.ts).
 */
export function askableDepartments(store: Pick<Store, 'departments'>): Promise<Department[]> {
  return store.departments.list({ kind: 'hq' });
}
