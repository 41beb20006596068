// axe-core (the npm package) injected into a page of Debian's Chromium through playwright-core: the WCAG 2.0/2.1 A
// and AA rules and axe's best practices, over the page as it is once the network is idle.
import type { Page } from 'playwright-core';

// What the page function below uses of the browser's globals (the project's types carry no DOM library).
declare const window: { axe: { run(context: unknown, options: unknown): Promise<unknown> } };
declare const document: unknown;

export interface Violation {
  id: string;
  impact: string | null;
  nodes: string[];
}

export async function axe(page: Page): Promise<Violation[]> {
  await page.waitForLoadState('networkidle');
  await page.addScriptTag({ path: require.resolve('axe-core/axe.min.js') });
  return page.evaluate(async () => {
    const result = (await window.axe.run(document, {
      runOnly: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice'],
    })) as { violations: Array<{ id: string; impact: string | null; nodes: Array<{ target: string[] }> }> };
    return result.violations.map((v) => ({
      id: v.id,
      impact: v.impact,
      nodes: v.nodes.map((n) => n.target.join(' ')),
    }));
  });
}

export const seriousOrWorse = (violations: Violation[]) =>
  violations.filter((v) => v.impact === 'critical' || v.impact === 'serious');
