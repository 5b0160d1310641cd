import type { ManualSection } from './model';

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', '#39': "'", apos: "'" };

/** Plain text of mammoth's HTML: one line a block, tags dropped, its few entities decoded. */
function plainText(html: string): string {
  return html
    .replace(/<\/(p|h[1-6]|li|tr|td|th|table|ul|ol)>|<br\s*\/?>/gi, '\n')
    .replace(/<[^>]*>/g, '')
    .replace(/&(amp|lt|gt|quot|#39|apos);/g, (_, name: string) => ENTITIES[name])
    .replace(/\n{2,}/g, '\n')
    .trim();
}

/**
 * A docx converted by mammoth (Word's 見出し styles become h1–h6) cut into sections, one a
 * heading: each section's text is the heading and what follows it up to the next heading.
 */
export function docxSections(html: string): ManualSection[] {
  const sections: ManualSection[] = [];
  const parts = html.split(/(?=<h[1-6][\s>])/i);
  for (const part of parts) {
    const heading = /^<h[1-6][^>]*>([\s\S]*?)<\/h[1-6]>/i.exec(part);
    const text = plainText(part);
    if (!text) continue;
    const title = heading ? plainText(heading[1]) : '';
    sections.push(title ? { heading: title, text } : { text });
  }
  return sections;
}
