/**
 * Who an HQ message goes to (お知らせ, 照会): chosen ward sections, every ward section that
 * handles a 分野 (e.g. every 区役所 保険年金課 for 国民健康保険), or every ward section of the
 * city. Shared by the flows that write to wards, so one audience means the same sections in each.
 */
import type { Department } from '../directory/model';

export type WardAudience = { wardSections: string[] } | { category: string } | { allWards: true };

export const AUDIENCE_LIMITS = { sections: 500, category: 50, idLength: 64 } as const;

const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);
const ID = /^[A-Za-z0-9][A-Za-z0-9_.:-]*$/;

/** A list of record ids (rulings, manuals, departments): strings of a sane shape, each once. */
export function readIdList(value: unknown, label: string, max: number): { ids: string[] } | { error: string } {
  if (value === undefined || value === null) return { ids: [] };
  if (!Array.isArray(value)) return { error: `${label}は ID の配列で指定してください。` };
  if (value.length > max) return { error: `${label}は ${max} 件までです（${value.length} 件）。` };
  const ids: string[] = [];
  for (const item of value) {
    if (typeof item !== 'string' || item.length > AUDIENCE_LIMITS.idLength || !ID.test(item))
      return { error: `${label}に ID として読めない値があります。` };
    if (!ids.includes(item)) ids.push(item);
  }
  return { ids };
}

/** The audience as a caller wrote it (`{"wardSections":[..]}`, `{"category":".."}` or `{"allWards":true}`), checked. */
export function readAudience(value: unknown): { audience: WardAudience } | { error: string } {
  if (!isRecord(value)) return { error: '宛先（audience）を指定してください: wardSections, category または allWards。' };
  const keys = Object.keys(value);
  if (keys.length !== 1) return { error: '宛先は wardSections, category, allWards のどれか一つで指定してください。' };
  if ('allWards' in value)
    return value.allWards === true ? { audience: { allWards: true } } : { error: '全区に送るときは allWards を true にしてください。' };
  if ('category' in value) {
    const category = typeof value.category === 'string' ? value.category.trim() : '';
    if (category === '') return { error: '分野を入力してください。' };
    if ([...category].length > AUDIENCE_LIMITS.category) return { error: `分野は ${AUDIENCE_LIMITS.category} 字以内で入力してください。` };
    return { audience: { category } };
  }
  if ('wardSections' in value) {
    const read = readIdList(value.wardSections, '宛先の区役所の課', AUDIENCE_LIMITS.sections);
    if ('error' in read) return read;
    if (read.ids.length === 0) return { error: '宛先の区役所の課を一つ以上選んでください。' };
    return { audience: { wardSections: read.ids } };
  }
  return { error: '宛先は wardSections, category, allWards のどれか一つで指定してください。' };
}

/**
 * The ward sections an audience names, in directory order. Chosen ids that are not ward
 * sections are reported, not dropped; an audience that resolves to nobody is an error.
 */
export function resolveAudience(audience: WardAudience, departments: Department[]): { sections: Department[] } | { error: string } {
  const wards = departments.filter((d) => d.kind === 'ward');
  if ('allWards' in audience) return wards.length > 0 ? { sections: wards } : { error: '区役所の課が登録されていません。' };
  if ('category' in audience) {
    const sections = wards.filter((d) => (d.categories ?? []).includes(audience.category));
    return sections.length > 0
      ? { sections }
      : { error: `分野「${audience.category.slice(0, AUDIENCE_LIMITS.category)}」を担当する区役所の課がありません。` };
  }
  const unknown = audience.wardSections.filter((id) => !wards.some((d) => d.id === id));
  if (unknown.length > 0)
    return {
      error: `区役所の課ではない宛先があります: ${unknown
        .slice(0, 5)
        .map((id) => id.slice(0, AUDIENCE_LIMITS.idLength))
        .join(', ')}`,
    };
  return { sections: wards.filter((d) => audience.wardSections.includes(d.id)) };
}

/** The 分野 ward sections list, for a form's choices. */
export function knownCategories(departments: Department[]): string[] {
  return [...new Set(departments.filter((d) => d.kind === 'ward').flatMap((d) => d.categories ?? []))].sort((a, b) =>
    a.localeCompare(b, 'ja'),
  );
}
