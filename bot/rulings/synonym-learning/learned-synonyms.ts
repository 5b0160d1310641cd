import type { Actor } from '../../platform/identity';
import type { AuditLogStore, Store } from '../../store/ports';
import type { Ruling } from '../model';
import { normalizeForSearch } from '../search/normalize';
import type { RulingSearch } from '../search/ruling-search';
import { candidateKey, synonymCandidates, type SearchSignal, type SynonymCandidate } from './candidates';

/**
 * Where learned synonyms live: the audit trail. The signals are the searches that ended well
 * (ruling.searchResolved, written by the chat search's これで解決した; ruling.openedFromSearch,
 * written when the tab opens a ruling from its results); an administrator's decisions are
 * synonym.accepted and synonym.rejected. Accepted pairs are read back at start and join the
 * search's dictionary at once when accepted, so nothing else stores them and every decision is audited.
 */

const SEARCH = 'rulingSearch';
const SIGNAL_ACTIONS = ['ruling.searchResolved', 'ruling.openedFromSearch'];
const LEARNED = 'learnedSynonym';
const ACCEPTED = 'synonym.accepted';
const REJECTED = 'synonym.rejected';
/** The newest searches considered (a few months of a city's use). */
const SIGNALS_READ = 5000;
const MAX_QUERY_CHARS = 200;

export interface AcceptedSynonym {
  word: string;
  /** The word as staff typed it (ロスト for ろすと). */
  typed: string;
  term: string;
  rulingId: string;
  acceptedBy: string;
  at: string;
}

/** A ruling opened from the tab's results for `query`: once per person, query and ruling. */
export async function recordOpenedFromSearch(store: Store, actorId: string, query: string, rulingId: string): Promise<void> {
  const objectId = query.trim().slice(0, MAX_QUERY_CHARS);
  if (!objectId) return;
  const earlier = await store.audit.list({ objectType: SEARCH, objectId, actorId, actions: ['ruling.openedFromSearch'], limit: 100 });
  if (earlier.some((e) => (e.detail.rulingIds as string[] | undefined)?.includes(rulingId))) return;
  await store.audit.append({ actorId, action: 'ruling.openedFromSearch', objectType: SEARCH, objectId, detail: { rulingIds: [rulingId] } });
}

/** The accepted pairs, oldest first (the order they joined the dictionary). */
export async function acceptedSynonyms(audit: AuditLogStore): Promise<AcceptedSynonym[]> {
  const entries = await audit.list({ objectType: LEARNED, actions: [ACCEPTED], limit: 100_000 });
  return entries.reverse().map((e) => ({
    word: String(e.detail.word),
    typed: String(e.detail.typed ?? e.detail.word),
    term: String(e.detail.term),
    rulingId: String(e.detail.rulingId),
    acceptedBy: e.actorId,
    at: e.at,
  }));
}

/** At start: every accepted pair joins the search's dictionary. */
export async function applyAcceptedSynonyms(audit: AuditLogStore, search: RulingSearch): Promise<number> {
  const accepted = await acceptedSynonyms(audit);
  for (const pair of accepted) search.addSynonyms([pair.term, pair.word]);
  return accepted.length;
}

/** The undecided candidates, most frequent first, and the pairs accepted so far (newest first). */
export async function synonymReview(deps: { store: Store; search: RulingSearch }, limit = 100) {
  const { store, search } = deps;
  const [signals, decided, accepted] = await Promise.all([
    searchSignals(store.audit),
    decidedKeys(store.audit),
    acceptedSynonyms(store.audit),
  ]);
  const rulings = new Map<string, Ruling>();
  for (const id of new Set(signals.map((s) => s.rulingId))) {
    const ruling = await store.rulings.get(id);
    if (ruling) rulings.set(id, ruling);
  }
  const candidates = synonymCandidates(signals, rulings, (text) => search.prepare(text), decided).slice(0, limit);
  const names = new Map((await store.people.list()).map((p) => [p.id, p.displayName]));
  return {
    candidates,
    accepted: accepted.reverse().map((pair) => ({ ...pair, acceptedByName: names.get(pair.acceptedBy) ?? pair.acceptedBy })),
  };
}

export type Decision = { word: string; rulingId: string } & ({ decision: 'accept'; term: string } | { decision: 'reject' });

/**
 * Accepts (the word joins the search's dictionary beside the chosen term of the ruling, at once)
 * or rejects a candidate, audited. Checked against the candidates as the server sees them now:
 * the term must be one of the ruling's terms offered, and a candidate is decided once.
 */
export async function decideCandidate(
  deps: { store: Store; search: RulingSearch },
  admin: Actor,
  decision: Decision,
): Promise<{ decided: SynonymCandidate } | { error: 'unknown' | 'term' | 'already' }> {
  const key = candidateKey(decision.word, decision.rulingId);
  const { candidates } = await synonymReview(deps, Number.MAX_SAFE_INTEGER);
  const candidate = candidates.find((c) => c.word === decision.word && c.rulingId === decision.rulingId);
  if (!candidate) {
    const decided = await deps.store.audit.list({ objectType: LEARNED, objectId: key, actions: [ACCEPTED, REJECTED], limit: 1 });
    return { error: decided.length > 0 ? 'already' : 'unknown' };
  }
  if (decision.decision === 'accept' && !candidate.terms.includes(decision.term)) return { error: 'term' };
  // Two administrators deciding at once: the second finds the first's decision and changes nothing.
  const result = await deps.store.transaction(async (tx) => {
    const decided = await tx.audit.list({ objectType: LEARNED, objectId: key, actions: [ACCEPTED, REJECTED], limit: 1 });
    if (decided.length > 0) return { error: 'already' as const };
    await tx.audit.append({
      actorId: admin.person.id,
      action: decision.decision === 'accept' ? ACCEPTED : REJECTED,
      objectType: LEARNED,
      objectId: key,
      detail: {
        word: candidate.word,
        typed: candidate.typed,
        rulingId: candidate.rulingId,
        ...(decision.decision === 'accept' ? { term: normalizeForSearch(decision.term) } : {}),
        count: candidate.count,
      },
    });
    return { decided: candidate };
  });
  if ('decided' in result && decision.decision === 'accept') deps.search.addSynonyms([normalizeForSearch(decision.term), decision.word]);
  return result;
}

async function searchSignals(audit: AuditLogStore): Promise<SearchSignal[]> {
  const entries = await audit.list({ objectType: SEARCH, actions: SIGNAL_ACTIONS, limit: SIGNALS_READ });
  // これで解決した lists the rulings shown, best first: the best one is taken as the answer.
  return entries.flatMap((e) => {
    const [rulingId] = (e.detail.rulingIds as string[] | undefined) ?? [];
    return typeof rulingId === 'string' ? [{ query: e.objectId, rulingId, at: e.at }] : [];
  });
}

async function decidedKeys(audit: AuditLogStore): Promise<Set<string>> {
  const entries = await audit.list({ objectType: LEARNED, actions: [ACCEPTED, REJECTED], limit: 100_000 });
  return new Set(entries.map((e) => e.objectId));
}
