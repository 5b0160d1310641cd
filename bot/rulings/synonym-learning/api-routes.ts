import type { ApiRoute } from '../../server/api-route';
import { HttpError } from '../../server/http-errors';
import type { Store } from '../../store/ports';
import type { RulingSearch } from '../search/ruling-search';
import { decideCandidate, synonymReview, type Decision } from './learned-synonyms';

/**
 * The administrators' review of learned synonyms (the tab's 同義語の候補):
 * GET /api/synonyms/candidates → { candidates: SynonymCandidate[], accepted: AcceptedSynonym[] };
 * POST /api/synonyms/decisions { word, rulingId, decision: 'accept', term } or { word, rulingId,
 * decision: 'reject' } → { decided: SynonymCandidate }; 400 for a bad field or a term the ruling
 * does not offer, 404 when there is no such candidate, 409 when it was decided already.
 * Both need the administrator role (checked by the server before the handler runs).
 */
export function synonymLearningRoutes(deps: { store: Store; search: RulingSearch }): ApiRoute[] {
  return [
    {
      method: 'get',
      path: '/api/synonyms/candidates',
      auth: 'synonym.manage',
      handle: async () => synonymReview(deps),
    },
    {
      method: 'post',
      path: '/api/synonyms/decisions',
      auth: 'synonym.manage',
      handle: async ({ actor, body }) => {
        const decision = readDecision(body);
        const result = await decideCandidate(deps, actor, decision);
        if ('decided' in result) return result;
        if (result.error === 'already')
          throw new HttpError(409, 'Conflict', 'この候補はすでに採用または却下されています (already decided)');
        if (result.error === 'unknown') throw new HttpError(404, 'NotFound', 'この同義語の候補はありません (no such candidate)');
        throw fieldError({ term: '判断事例の語の中から選んでください。' });
      },
    },
  ];
}

const TEXT_LIMIT = 50;

function readDecision(body: unknown): Decision {
  if (typeof body !== 'object' || body === null || Array.isArray(body))
    throw fieldError({ body: '本文は JSON のオブジェクトで送ってください。' });
  const data = body as Record<string, unknown>;
  const errors: Record<string, string> = {};
  const text = (name: 'word' | 'rulingId' | 'term') => {
    const value = data[name];
    if (typeof value !== 'string' || !value.trim()) errors[name] = '入力してください。';
    else if ([...value].length > TEXT_LIMIT) errors[name] = `${TEXT_LIMIT} 字以内にしてください。`;
    return typeof value === 'string' ? value.trim() : '';
  };
  const word = text('word');
  const rulingId = text('rulingId');
  if (data.decision !== 'accept' && data.decision !== 'reject') errors.decision = 'accept（採用）か reject（却下）を指定してください。';
  const term = data.decision === 'accept' ? text('term') : '';
  if (Object.keys(errors).length > 0) throw fieldError(errors);
  return data.decision === 'accept' ? { word, rulingId, decision: 'accept', term } : { word, rulingId, decision: 'reject' };
}

/** 400 naming every bad field, in the message (Japanese, then the field names) and in `error.fields`. */
function fieldError(errors: Record<string, string>): HttpError {
  const entries = Object.entries(errors);
  const message = `入力内容を確認してください: ${entries.map(([field, text]) => `${field}（${text}）`).join(' ')} (invalid: ${entries.map(([field]) => field).join(', ')})`;
  return new HttpError(400, 'BadRequest', message, {}, errors);
}
