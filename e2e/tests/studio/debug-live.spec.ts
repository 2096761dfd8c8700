/**
 * Issue 11 item 4 on a run that is still going: the scrubber grows with the run's events; scrubbed
 * back, the canvas shows the run as it was at that event while the run goes on; "Go live" follows it
 * again. The run advances only when told to (a breakpoint before each step), so nothing here races.
 */
import type { Locator, Page } from '@playwright/test';
import { mutate, query } from '../../fixtures/server';
import { ORDERS } from '../../fixtures/debug-workflows';
import { DebuggerPage } from '../../fixtures/debugger';
import { expect, test } from '../../fixtures/studio';

const WF = ORDERS.replace('id: debug-orders', 'id: debug-live');

interface Event {
  seq: number;
  type: string;
  stepId?: string;
}

test.beforeAll(async ({ baseURL }) => {
  await mutate(baseURL as string, 'workflows.save', { yaml: WF, message: 'live' });
});

const slider = (page: Page): Locator => page.getByRole('slider', { name: 'Run event' });

async function events(url: string, runId: string): Promise<Event[]> {
  return (await query(url, 'runs.events', { runId, afterSeq: 0, limit: 1000 })) as Event[];
}

const lastSeq = (es: readonly Event[]): number => es[es.length - 1]?.seq ?? 0;

test('scrub a live run: the scrubber grows, an earlier event shows its state, Go live follows again', async ({
  studio,
  page,
  baseURL,
}) => {
  const url = baseURL as string;
  const { runId } = (await mutate(url, 'runs.start', {
    workflowId: 'debug-live',
    debug: { breakpoints: [{ stepId: 'load' }, { stepId: 'price' }, { stepId: 'total' }] },
  })) as { runId: string };
  const d = new DebuggerPage(page, studio);
  await d.open(`#/runs/${runId}`);
  await d.pausedAt('load');

  // Following the live end: the scrubber sits on the last event, the button says Live.
  const atLoad = await events(url, runId);
  await expect(slider(page)).toHaveAttribute('aria-valuemax', String(lastSeq(atLoad)));
  await expect(slider(page)).toHaveAttribute('aria-valuenow', String(lastSeq(atLoad)));
  const live = page.getByRole('button', { name: 'Live', exact: true });
  await expect(live).toHaveAttribute('aria-pressed', 'true');

  // Continue: the run goes on to the next pause and the scrubber grows with it, still at the end.
  await page.keyboard.press('F8');
  await d.pausedAt('price');
  const atPrice = await events(url, runId);
  expect(lastSeq(atPrice)).toBeGreaterThan(lastSeq(atLoad));
  await expect(slider(page)).toHaveAttribute('aria-valuemax', String(lastSeq(atPrice)));
  await expect(slider(page)).toHaveAttribute('aria-valuenow', String(lastSeq(atPrice)));

  // Scrub back to the event where the run paused before load: the canvas paints that moment.
  const pausedLoad = atPrice.findIndex((e) => e.type === 'step.waiting' && e.stepId === 'load');
  expect(pausedLoad).toBeGreaterThanOrEqual(0);
  await slider(page).focus();
  await page.keyboard.press('Home');
  for (let i = 0; i < pausedLoad; i++) await page.keyboard.press('ArrowRight');
  const seq = String(atPrice[pausedLoad]?.seq);
  await expect(slider(page)).toHaveAttribute('aria-valuenow', seq);
  await expect(page).toHaveURL(new RegExp(`#/runs/${runId}\\?at=${seq}$`));
  await expect(studio.node('load')).toHaveAttribute('data-status', 'WAITING');
  await expect(studio.node('load')).toHaveClass(/paused/);
  await expect(studio.node('price')).toHaveAttribute('data-status', /^(PENDING)?$/);
  await expect(page.getByTestId('playback-as-of')).toContainText(`event ${seq}`);
  const goLive = page.getByRole('button', { name: 'Go live', exact: true });
  await expect(goLive).toHaveAttribute('aria-pressed', 'false');

  // The run goes on meanwhile (another person continues it): the scrubber grows, the view stays.
  await mutate(url, 'debug.command', { runId, stepId: 'price', action: 'continue' });
  await expect(d.panel.getByTestId('paused-step')).toContainText('Paused before total');
  const grown = lastSeq(await events(url, runId));
  expect(grown).toBeGreaterThan(lastSeq(atPrice));
  await expect(slider(page)).toHaveAttribute('aria-valuemax', String(grown));
  await expect(slider(page)).toHaveAttribute('aria-valuenow', seq);
  await expect(studio.node('load')).toHaveAttribute('data-status', 'WAITING');
  await expect(studio.node('price')).toHaveAttribute('data-status', /^(PENDING)?$/);

  // Go live: the scrubber jumps to the end and the canvas shows the run as it is now.
  await goLive.click();
  await expect(live).toHaveAttribute('aria-pressed', 'true');
  await expect(slider(page)).toHaveAttribute('aria-valuenow', String(grown));
  await expect(page).toHaveURL(new RegExp(`#/runs/${runId}$`));
  await expect(page.getByTestId('playback-as-of')).toHaveCount(0);
  await d.pausedAt('total');
  await expect(studio.node('load')).toHaveAttribute('data-status', 'SUCCESS');
  await expect(studio.node('price')).toHaveAttribute('data-status', 'SUCCESS');

  // Following again: the last Continue runs to the end and the scrubber follows it there.
  await page.keyboard.press('F8');
  await expect(page.getByTestId('run-status')).toHaveText('SUCCESS');
  const end = lastSeq(await events(url, runId));
  await expect(slider(page)).toHaveAttribute('aria-valuemax', String(end));
  await expect(slider(page)).toHaveAttribute('aria-valuenow', String(end));
  await expect(studio.node('total')).toHaveAttribute('data-status', 'SUCCESS');
  await expect(page.getByRole('button', { name: 'End', exact: true })).toHaveAttribute(
    'aria-pressed',
    'true',
  );
});
