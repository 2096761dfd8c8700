/**
 * Issue 15 item 4: the schedules page shows the next fire times of a cron trigger in its zone, and
 * pausing a trigger stops it (no run fires while paused; waiting for the scheduler's ticks, never a
 * fixed sleep). Item 5: a notification that keeps failing is listed under Dead letters, with redeliver.
 */
import { mutate, query, runEnded, startServer } from '../../fixtures/server';
import { COMMENTED, draftScript } from '../../fixtures/workflows';
import type { Page } from '@playwright/test';
import { expect, test, type StudioPage } from '../../fixtures/studio';

const WEEKDAYS = `apiVersion: weft/v1
kind: Workflow
id: sched-weekdays
name: Morning report
triggers:
  - cron: "0 8 * * 1-5"
    timezone: Europe/Paris
steps:
  - id: report
    uses: transform
    with:
      expression: "'report'"
`;

// Every two seconds (six fields: seconds first).
const TICK = `apiVersion: weft/v1
kind: Workflow
id: sched-tick
name: Heartbeat
triggers:
  - cron: "*/2 * * * * *"
    timezone: UTC
steps:
  - id: beat
    uses: transform
    with:
      expression: "1"
`;

interface Entry {
  workflowId: string;
  triggerKey: string;
  nextFires: number[];
  paused: boolean;
  lastRunId?: string;
}

async function entry(url: string, workflowId: string): Promise<Entry> {
  const list = (await query(url, 'triggers.list', { workflowId })) as Entry[];
  const e = list[0];
  if (!e) throw new Error(`no trigger listed for ${workflowId}`);
  return e;
}

/** The scheduled times of the workflow's runs started by its cron trigger. */
async function firedAt(url: string, workflowId: string): Promise<number[]> {
  const page = (await query(url, 'runs.list', { workflowId, limit: 500 })) as {
    runs: { trigger: { scheduledAt?: string } }[];
  };
  return page.runs.map((r) => Date.parse(String(r.trigger.scheduledAt)));
}

test('the schedules page lists a cron trigger in words with its next five fires; pausing one stops it', async ({
  page,
  studio,
}) => {
  test.setTimeout(180_000);
  // A server of its own: the two-second heartbeat below must not add runs to other specs' counts.
  const server = await startServer([]);
  try {
    await pauseStops(page, studio, server.url);
  } finally {
    // Leave the page first: its polling must not hit the stopped server.
    await page.goto('about:blank');
    await server.stop();
  }
});

async function pauseStops(page: Page, studio: StudioPage, url: string): Promise<void> {
  await mutate(url, 'workflows.save', { yaml: WEEKDAYS, message: 'schedules' });
  await mutate(url, 'workflows.save', { yaml: TICK, message: 'schedules' });

  await page.goto(`${url}/#/`);
  await page.getByRole('link', { name: 'Schedules', exact: true }).click();
  await expect(page).toHaveURL(/#\/schedules$/);

  const weekdays = page.getByRole('row', { name: 'sched-weekdays cron:0' });
  await expect(weekdays).toContainText('At 08:00, Monday through Friday');
  await expect(weekdays).toContainText('Europe/Paris');
  const fires = weekdays
    .getByRole('list', { name: 'Next fires of sched-weekdays cron:0' })
    .getByRole('listitem');
  await expect(fires).toHaveCount(5);
  // Each fire time is shown in the trigger's zone: 08:00 Paris time, on a weekday.
  for (const text of await fires.allInnerTexts()) expect(text).toMatch(/^(Mon|Tue|Wed|Thu|Fri).*08:00/);
  const shown = await fires.locator('time').evaluateAll((els) => els.map((e) => e.getAttribute('datetime')));
  const api = await entry(url, 'sched-weekdays');
  expect(shown).toEqual(api.nextFires.map((t) => new Date(t).toISOString()));

  // The two-second cron fires: its last run shows, linked.
  const tick = page.getByRole('row', { name: 'sched-tick cron:0' });
  await expect(tick.getByRole('link', { name: 'Last run of sched-tick cron:0' })).toBeVisible({
    timeout: 30_000,
  });
  await expect(tick.getByTestId('trigger-state')).toHaveText('Active');

  await tick.getByRole('button', { name: 'Pause sched-tick cron:0' }).click();
  await expect(tick.getByTestId('trigger-state')).toHaveText('Paused');
  const armedAt = (await entry(url, 'sched-tick')).nextFires[0] as number;
  // Wait until the scheduler has passed three more ticks (its armed tick moves on while paused).
  await expect
    .poll(async () => ((await entry(url, 'sched-tick')).nextFires[0] as number) >= armedAt + 6000, {
      timeout: 60_000,
    })
    .toBe(true);
  // The tick armed when the pause landed may have been in flight; none after it fired.
  expect((await firedAt(url, 'sched-tick')).filter((t) => t > armedAt)).toEqual([]);
  await expect(tick).toContainText('skipped while paused');
  await studio.screenshot('schedules');

  await tick.getByRole('button', { name: 'Resume sched-tick cron:0' }).click();
  await expect(tick.getByTestId('trigger-state')).toHaveText('Active');
  await expect
    .poll(async () => (await firedAt(url, 'sched-tick')).some((t) => t > armedAt + 6000), { timeout: 60_000 })
    .toBe(true);
  await tick.getByRole('link', { name: 'Last run of sched-tick cron:0' }).click();
  await expect(page).toHaveURL(/#\/runs\//);
  const runId = decodeURIComponent(page.url().split('#/runs/')[1] ?? '');
  expect(await runEnded(url, runId)).toBe('SUCCESS');
}

test('a notification that keeps failing is a dead letter the page redelivers', async ({ page, studio }) => {
  // A server of its own: one attempt before the dead letter, so the spec waits on no backoff.
  const server = await startServer(['--notify-attempts', '1']);
  try {
    const notify = `notify:\n  - on: [any]\n    webhook:\n      url: http://127.0.0.1:9/weft\n      secret: not-so-secret\n`;
    await mutate(server.url, 'workflows.save', {
      yaml: WEEKDAYS.replace('steps:\n', `${notify}steps:\n`).replace('sched-weekdays', 'sched-notify'),
      message: 'notify',
    });
    const { runId } = (await mutate(server.url, 'runs.start', { workflowId: 'sched-notify' })) as {
      runId: string;
    };
    expect(await runEnded(server.url, runId)).toBe('SUCCESS');

    await page.goto(`${server.url}/#/schedules`);
    const letters = page.getByRole('region', { name: 'Dead letters' });
    const row = letters.getByRole('row', { name: `Dead letter ${runId}/0` });
    await expect(row).toBeVisible({ timeout: 30_000 });
    await expect(row).toContainText('http://127.0.0.1:9/weft');
    await expect(row).toContainText('signed');
    await expect(row).toContainText(/HTTP request to 127\.0\.0\.1:9 failed/);
    await row.getByText('JSON').click();
    await expect(row.locator('pre')).toContainText(`"runId": "${runId}"`);
    await studio.screenshot('schedules-dead-letters');

    const before = (await query(server.url, 'notifications.get', { deliveryId: `${runId}/0` })) as {
      updatedAt: number;
    };
    await row.getByRole('button', { name: `Redeliver ${runId}/0` }).click();
    // Redelivered: sent again (and, the receiver still being down, dead again after its one attempt).
    await expect
      .poll(async () => {
        const d = (await query(server.url, 'notifications.get', { deliveryId: `${runId}/0` })) as {
          state: string;
          updatedAt: number;
        };
        return d.state === 'dead' && d.updatedAt > before.updatedAt;
      })
      .toBe(true);
    await expect(page.getByRole('alert')).toHaveCount(0);
  } finally {
    // Leave the page first: its polling must not hit the stopped server.
    await page.goto('about:blank');
    await server.stop();
  }
});

test('the workflow panel adds a notification without YAML', async ({ studio, page }) => {
  test.setTimeout(120_000);
  await page.addInitScript(draftScript(COMMENTED));
  // The YAML pane (Monaco) is the heaviest chunk: give a loaded machine room to bring it up.
  await page.goto('/#/local');
  await expect(studio.yaml.locator('.monaco-editor')).toBeVisible({ timeout: 60_000 });
  await expect(studio.canvas.locator('.react-flow__node').first()).toBeVisible();
  const panel = studio.inspector.getByRole('region', { name: 'Workflow' });
  const section = panel.getByRole('region', { name: 'Notifications' });
  await section.getByRole('button', { name: 'Add notification' }).click();
  await expect.poll(() => studio.yamlText()).toMatch(/notify:\n\s+- on:\n?\s*(- )?\[?failed/);
  const url = section.getByRole('textbox', { name: 'Notification URL' });
  await url.fill('https://hooks.example.com/ops');
  await url.press('Enter');
  await section.getByRole('checkbox', { name: 'cancelled' }).check();
  const secret = section.getByRole('textbox', { name: 'Notification secret' });
  await secret.fill('${{ secrets.OPS_HOOK }}');
  await secret.press('Enter');
  await expect.poll(() => studio.yamlText()).toContain('url: https://hooks.example.com/ops');
  await expect.poll(() => studio.yamlText()).toContain('secrets.OPS_HOOK');
  await expect.poll(() => studio.yamlText()).toMatch(/failed[\s\S]*cancelled/);
  await expect(panel).toContainText('no problems');
  await section.scrollIntoViewIfNeeded();
  await studio.screenshot('workflow-panel-notifications');

  await section.getByRole('button', { name: 'Remove notification 1' }).click();
  await expect.poll(() => studio.yamlText()).not.toContain('notify:');
});
