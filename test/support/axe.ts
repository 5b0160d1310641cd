import fs from 'node:fs';
import type { Page } from 'playwright-core';

const AXE_SOURCE = fs.readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');

/** A style sheet (the tab's CSP allows inline styles) that ends every transition and CSS animation, and every running script animation finished. */
const STILL_PAGE = `(() => {
  if (!document.getElementById('axe-still')) {
    const style = document.createElement('style');
    style.id = 'axe-still';
    style.textContent = '*, *::before, *::after { transition: none !important; animation: none !important; }';
    document.head.appendChild(style);
  }
  // Fluent's dialogs and drawers animate through the Web Animations API, which the style sheet does not reach.
  for (const animation of document.getAnimations()) {
    try { animation.finish(); } catch { animation.cancel(); } // an endless one cannot finish
  }
})()`;

/**
 * Serious or critical accessibility problems on the page, by axe-core. Fluent UI's focus
 * sentinels (<i data-tabster-dummy aria-hidden tabindex=0>) are a known aria-hidden-focus false
 * positive that Microsoft's own Accessibility Insights suppresses (accessibility-insights-service
 * #2769): only those nodes of that rule are left out. axe is evaluated through the DevTools
 * protocol, because the tab's Content-Security-Policy (rightly) refuses injected script tags.
 * Transitions are switched off first: a button that has just turned from disabled to enabled is
 * otherwise measured halfway through its colour change (a contrast failure that is not there).
 */
export async function seriousViolations(page: Page): Promise<string[]> {
  await page.evaluate(STILL_PAGE);
  await page.evaluate(AXE_SOURCE);
  const violations: { id: string; impact: string; nodes: { html: string }[] }[] = await page.evaluate(
    `axe.run().then((r) => r.violations.map((v) => ({ id: v.id, impact: v.impact, nodes: v.nodes.map((n) => ({ html: n.html })) })))`,
  );
  return violations
    .map((v) => ({ ...v, nodes: v.id === 'aria-hidden-focus' ? v.nodes.filter((n) => !n.html.includes('data-tabster-dummy')) : v.nodes }))
    .filter((v) => (v.impact === 'serious' || v.impact === 'critical') && v.nodes.length > 0)
    .map((v) => `${v.impact}: ${v.id} ${v.nodes.map((n) => n.html.slice(0, 80)).join(' | ')}`);
}
