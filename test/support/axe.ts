import fs from 'node:fs';
import type { Page } from 'playwright-core';

const AXE_SOURCE = fs.readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');

/**
 * Serious or critical accessibility problems on the page, by axe-core. Fluent UI's focus
 * sentinels (<i data-tabster-dummy aria-hidden tabindex=0>) are a known aria-hidden-focus false
 * positive that Microsoft's own Accessibility Insights suppresses (accessibility-insights-service
 * #2769): only those nodes of that rule are left out. axe is evaluated through the DevTools
 * protocol, because the tab's Content-Security-Policy (rightly) refuses injected script tags.
 */
export async function seriousViolations(page: Page): Promise<string[]> {
  await page.evaluate(AXE_SOURCE);
  const violations: { id: string; impact: string; nodes: { html: string }[] }[] = await page.evaluate(
    `axe.run().then((r) => r.violations.map((v) => ({ id: v.id, impact: v.impact, nodes: v.nodes.map((n) => ({ html: n.html })) })))`,
  );
  return violations
    .map((v) => ({ ...v, nodes: v.id === 'aria-hidden-focus' ? v.nodes.filter((n) => !n.html.includes('data-tabster-dummy')) : v.nodes }))
    .filter((v) => (v.impact === 'serious' || v.impact === 'critical') && v.nodes.length > 0)
    .map((v) => `${v.impact}: ${v.id} ${v.nodes.map((n) => n.html.slice(0, 80)).join(' | ')}`);
}
