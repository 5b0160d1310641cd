/**
 * Below this many cases a share is shown with its count and marked as a reference figure
 * (参考値), so 1 of 1 never reads as a plain 100%. The bot's monthly summary and the tab's
 * dashboard mark it alike.
 */
const SMALL_SAMPLE = 5;

export function isSmallSample(whole: number): boolean {
  return whole > 0 && whole < SMALL_SAMPLE;
}
