/**
 * Issue 11 item 5: the timeline shades waits and pauses — a `wait` step's wait and a step paused at
 * a breakpoint each show as a shaded segment on their row, named for what they were.
 */
import type { Locator } from '@playwright/test';
import { mutate } from '../../fixtures/server';
import { WAITS } from '../../fixtures/debug-workflows';
import { DebuggerPage } from '../../fixtures/debugger';
import { expect, test } from '../../fixtures/studio';

test.beforeAll(async ({ baseURL }) => {
  await mutate(baseURL as string, 'workflows.save', { yaml: WAITS, message: 'waits' });
});

/** Shaded: drawn with a hatch (a repeating gradient), not a solid bar, and wide enough to see. */
async function expectShaded(segment: Locator): Promise<void> {
  await expect(segment).toBeVisible();
  const image = await segment.evaluate((el) => getComputedStyle(el).backgroundImage);
  expect(image).toContain('repeating-linear-gradient');
  expect((await segment.boundingBox())?.width ?? 0).toBeGreaterThan(2);
}

test('the timeline shades a wait step’s wait and a breakpoint’s pause', async ({ studio, page, baseURL }) => {
  const { runId } = (await mutate(baseURL as string, 'runs.start', {
    workflowId: 'debug-waits',
    debug: { breakpoints: [{ stepId: 'check' }] },
  })) as { runId: string };
  const d = new DebuggerPage(page, studio);
  await d.open(`#/runs/${runId}`);
  await d.pausedAt('check');
  await page.keyboard.press('F8');
  await expect(page.getByTestId('run-status')).toHaveText('SUCCESS');

  await page.getByRole('button', { name: 'Timeline', exact: true }).click();
  const timeline = page.getByRole('region', { name: 'Timeline', exact: true });
  const hold = timeline.getByRole('group', { name: 'hold on the timeline' });
  const wait = hold.locator('[data-kind="wait"]');
  await expect(wait).toHaveCount(1);
  await expect(wait).toHaveAccessibleName(/^hold: waiting/);
  await expectShaded(wait);

  const check = timeline.getByRole('group', { name: 'check on the timeline' });
  const pause = check.locator('[data-kind="pause"]');
  await expect(pause).toHaveCount(1);
  await expect(pause).toHaveAccessibleName(/^check: paused at a breakpoint/);
  await expectShaded(pause);
  // The pause came before the step's run: its attempt bar starts where the pause ends.
  const attempt = check.locator('[data-kind="attempt"]');
  await expect(attempt).toHaveCount(1);
  const [p, a] = [await pause.boundingBox(), await attempt.boundingBox()];
  expect((a?.x ?? 0) + 1).toBeGreaterThanOrEqual((p?.x ?? 0) + (p?.width ?? 0));
  // The attempts are solid bars, not shaded.
  expect(await attempt.evaluate((el) => getComputedStyle(el).backgroundImage)).toBe('none');
  await studio.screenshot('debugger-timeline-waits');
});
