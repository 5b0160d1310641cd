/**
 * The languages of the bot and the tab: Japanese first, English second. This folder holds what
 * both bot/ and tab/ use; from bot/ the tab takes only types (.dependency-cruiser.cjs).
 */
export const LOCALES = ['ja', 'en'] as const;
export type Locale = (typeof LOCALES)[number];

export function isLocale(value: unknown): value is Locale {
  return (LOCALES as readonly unknown[]).includes(value);
}
