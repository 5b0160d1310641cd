import { citingAnswersOf } from '../inquiries';
import type { Config } from '../platform/config';
import type { Actor } from '../platform/identity';
import { japanDateOf } from '../platform/fiscal-calendar';
import type { ApiRequest, ApiRoute } from '../server/api-route';
import { HttpError } from '../server/http-errors';
import type { Store } from '../store/ports';
import type { Manual, Ruling } from './model';
import type { RulingSearch } from './search/ruling-search';
import { highlight, highlightTerms, snippet, textSnippet } from './search/highlight';
import { ManualSearch } from './search/manual-search';
import { parseSearchOptions } from './search/search-options';
import { recordOpenedFromSearch } from './synonym-learning/learned-synonyms';

/**
 * Rulings and manuals for the tab, and GET /api/rulings?q=…&limit=… (the search contract: a
 * JSON array, best first, of {id, title, score}). In local mode the rulings can be read
 * without signing in (loopback only, demo data); in production every route needs a user.
 */
export function rulingRoutes(deps: {
  config: Config;
  store: Store;
  search: RulingSearch;
  /** In production with SharePoint: the manuals as the signed-in person may see them (on-behalf-of). */
  manualsVisibleTo?: (reader: Actor) => Promise<Manual[]>;
}): ApiRoute[] {
  // The reader is signed in in production; in local mode only if the tab sent credentials.
  const auth = deps.config.mode === 'local' ? 'optional-user' : 'user';
  const optionsFrom = ({ query }: ApiRequest) => {
    const options = parseSearchOptions(query);
    if ('error' in options) throw new HttpError(400, 'BadQuery', options.error);
    return options;
  };
  const searchFrom = async (request: ApiRequest) => {
    const options = optionsFrom(request);
    return deps.search.search(options.query, options);
  };
  return [
    {
      method: 'get',
      path: '/api/rulings',
      auth,
      handle: async (request: ApiRequest) =>
        (await searchFrom(request)).map((hit) => ({ id: hit.ruling.id, title: hit.ruling.title, score: hit.score })),
    },
    {
      method: 'get',
      path: '/api/rulings/search',
      auth,
      // The tab's list: each hit with its title and a snippet, the words found marked; when
      // nothing clears the relevance floor, what to try instead.
      handle: async (request: ApiRequest) => {
        const options = optionsFrom(request);
        const hits = await deps.search.search(options.query, options);
        const words = deps.search.prepare(options.query).words;
        // The first list (no query) has nothing to mark: it stays as small as before.
        const results = hits.map((hit) => {
          if (words.length === 0) return { ...summary(hit.ruling), score: hit.score };
          const terms = highlightTerms(hit.matched, words);
          return {
            ...summary(hit.ruling),
            score: hit.score,
            highlight: { title: highlight(hit.ruling.title, terms), snippet: snippet(hit.ruling, terms) },
          };
        });
        if (results.length > 0 || !options.query.trim()) return { results };
        return { results, suggestions: await deps.search.suggest(options.query, options) };
      },
    },
    {
      method: 'get',
      path: '/api/rulings/facets',
      auth,
      handle: async () => deps.store.rulings.facets(),
    },
    {
      method: 'get',
      path: '/api/rulings/:id',
      auth,
      handle: async ({ actor: reader, params, query }: ApiRequest & { actor: Actor | undefined }) => {
        const ruling = await deps.store.rulings.get(params.id);
        if (!ruling) throw new HttpError(404, 'NotFound', `判断事例 ${params.id} はありません (no such ruling)`);
        // Opened from the tab's results (?q= the search): a signal the synonym candidates learn from.
        const fromQuery = query.get('q');
        if (reader && fromQuery) await recordOpenedFromSearch(deps.store, reader.person.id, fromQuery, ruling.id);
        // Views are counted for 効果検証 (which shared rulings are actually read): once per person per day.
        const actorId = reader?.person.id ?? 'anonymous';
        const [last] = await deps.store.audit.list({
          objectType: 'ruling',
          objectId: ruling.id,
          actorId,
          actions: ['ruling.view'],
          limit: 1,
        });
        if (!last || japanDateOf(new Date(last.at)) !== japanDateOf(new Date()))
          await deps.store.audit.append({ actorId, action: 'ruling.view', objectType: 'ruling', objectId: ruling.id, detail: {} });
        // 引用した回答: the 疑義照会 answers that cite this ruling (same question, same answer).
        const citedBy = await citingAnswersOf(deps.store, { kind: 'ruling', id: ruling.id });
        return { ruling, chain: await supersessionChain(deps.store, ruling), citedBy };
      },
    },
    {
      method: 'get',
      path: '/api/manuals/search',
      auth,
      // Manuals by metadata and by their documents' text, each with the page (PDF) or heading
      // (docx) where the words were found; in production only among the manuals the reader may see.
      handle: async (request: ApiRequest & { actor: Actor | undefined }) => {
        const options = optionsFrom(request);
        const among = request.actor && deps.manualsVisibleTo ? await deps.manualsVisibleTo(request.actor) : undefined;
        const hits = await new ManualSearch(deps.store.manuals, (text) => deps.search.prepare(text)).search(options.query, {
          limit: options.limit,
          ...(among ? { among } : {}),
        });
        const words = deps.search.prepare(options.query).words;
        return {
          results: hits.map(({ manual, score, matched, section }) => {
            const terms = highlightTerms(matched, words);
            return {
              id: manual.id,
              title: manual.title,
              department: manual.department,
              system: manual.system,
              url: manual.url,
              score,
              location: section
                ? {
                    ...(section.page !== undefined ? { page: section.page } : {}),
                    ...(section.heading ? { heading: section.heading } : {}),
                  }
                : null,
              highlight: {
                title: highlight(manual.title, terms),
                snippet: section ? textSnippet(section.text, terms) : highlight(manual.summary.slice(0, 120), terms),
              },
            };
          }),
        };
      },
    },
    {
      method: 'get',
      path: '/api/manuals',
      auth,
      handle: async ({ actor: reader }: ApiRequest & { actor: Actor | undefined }) => {
        const [manuals, people] = await Promise.all([
          reader && deps.manualsVisibleTo ? deps.manualsVisibleTo(reader) : deps.store.manuals.list(),
          deps.store.people.list(),
        ]);
        const names = new Map(people.map((p) => [p.id, p.displayName]));
        const today = japanDateOf(new Date());
        return { today, manuals: manuals.map((manual) => manualStatus(manual, today, names)) };
      },
    },
  ];
}

function summary(ruling: Ruling) {
  const { id, title, department, category, publishedAt, status, supersededBy } = ruling;
  return { id, title, department, category, publishedAt, status, supersededBy, excerpt: ruling.question.slice(0, 120) };
}

/** The rulings this one replaced (older first) and those that replaced it, following the links. */
async function supersessionChain(store: Store, ruling: Ruling) {
  const MAX_LINKS = 50; // a guard against a cycle in imported data
  const older: Ruling[] = [];
  const seen = new Set([ruling.id]);
  for (let current = ruling; older.length < MAX_LINKS;) {
    const previous = (await store.rulings.predecessors(current.id)).find((r) => !seen.has(r.id));
    if (!previous) break;
    seen.add(previous.id);
    older.unshift(previous);
    current = previous;
  }
  const newer: Ruling[] = [];
  for (let nextId = ruling.supersededBy; nextId && !seen.has(nextId) && newer.length < MAX_LINKS;) {
    const next = await store.rulings.get(nextId);
    if (!next) break;
    seen.add(next.id);
    newer.push(next);
    nextId = next.supersededBy;
  }
  return [...older, ruling, ...newer].map(summary);
}

/** 管理状況: the flags the handover record needs (no owner, review overdue). */
export function manualStatus(manual: Manual, today: string, names: Map<string, string>) {
  return {
    ...manual,
    ownerName: manual.ownerId ? (names.get(manual.ownerId) ?? manual.ownerId) : null,
    noOwner: manual.ownerId === null,
    reviewOverdue: manual.nextReviewDue < today,
  };
}
