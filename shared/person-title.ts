/**
 * A name with its 役職, as the sign-in picker and 「わたし」 show it: 「高橋 直子（係長）」. A title
 * that carries its own brackets (「主任（情報システム担当）」) follows the name after a space
 * instead, so the line never ends in 「））」.
 */
export function nameWithTitle(name: string, title: string): string {
  const trimmed = title.trim();
  if (!trimmed) return name;
  return /[（(]/.test(trimmed) ? `${name}　${trimmed}` : `${name}（${trimmed}）`;
}
