import type { Department, Person } from '../../bot/directory/model';
import { MINAMI, MINAMI_CHANNEL } from './demo-sections';
import { TurnHarness, type Sent } from './turn-harness';

/** Noon in Japan on `date` (YYYY-MM-DD): a clock for follow-up steps, clear of any day boundary. */
export const noon = (date: string) => new Date(`${date}T12:00:00+09:00`);

/** What the bot sent into `channel` (or a thread of it). */
export const inChannel = (channel: string) => (s: Sent) => s.conversationId.startsWith(channel);

/**
 * A turn harness for a flow HQ sends to ward sections (お知らせ, 全区照会): 南区 保険年金課 gets an
 * お知らせ先 channel of its own (MINAMI_CHANNEL) and two people, p-minami-staff and
 * p-minami-manager (approver), and everyone in `greet` opens the bot once, so it can reach them
 * in personal chat.
 */
export async function startWardHarness(options: { greet: string[]; minamiCategories?: string[] }): Promise<TurnHarness> {
  const h = await TurnHarness.start();
  const minami = (await h.store.departments.get(MINAMI)) as Department;
  await h.store.departments.upsert({
    ...minami,
    noticeChannelId: MINAMI_CHANNEL,
    ...(options.minamiCategories ? { categories: options.minamiCategories } : {}),
  });
  const person = (id: string, roles: Person['roles'], n: number): Person => ({
    id,
    entraObjectId: `6b1e0c3a-00${n}-4000-8000-0000000000${n}`,
    displayName: `南 ${id}`,
    email: `${id}@sakura-city.example`,
    departmentId: MINAMI,
    title: '課長',
    roles,
    locale: 'ja',
  });
  await h.store.people.upsert(person('p-minami-staff', ['staff'], 81));
  await h.store.people.upsert(person('p-minami-manager', ['staff', 'approver'], 82));
  for (const who of options.greet) await h.say(who, 'こんにちは');
  return h;
}
