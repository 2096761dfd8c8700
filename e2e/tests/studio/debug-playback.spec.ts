/**
 * Issue 11 items 4 and 5: playback of a finished run (a scrubber with one tick per event; the canvas
 * painted with the state at the event) and its timeline (Gantt). The states the studio paints are
 * checked against the server's own rebuild, `weft runs replay ID --json` (the built CLI over HTTP).
 * The flaky API the run retries is a local stand-in: 503 on the first call, 200 after.
 */
import { execFile } from 'node:child_process';
import { createServer, type Server } from 'node:http';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import type { Locator, Page } from '@playwright/test';
import { mutate, runEnded } from '../../fixtures/server';
import { DebuggerPage } from '../../fixtures/debugger';
import { expect, test, type StudioPage } from '../../fixtures/studio';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..');
const STEPS = ['prepare', 'fetch', 'double', 'sum'];

interface Replayed {
  seq: number;
  type: string;
  stepId?: string;
  state: { status: string; steps: Record<string, { status: string; attempts: number }> };
}

let api: Server;
let calls = 0;
let runId = '';
let replayed: Replayed[] = [];

function flaky(port: number): string {
  return `apiVersion: weft/v1
kind: Workflow
id: playback-flaky
name: Playback
permissions:
  network: ['127.0.0.1']
steps:
  - id: prepare
    uses: transform
    with:
      expression: "[1, 2, 3]"
  - id: fetch
    uses: http@1
    needs: [prepare]
    retry: { attempts: 3, backoff: fixed, delay: 400ms }
    with:
      url: 'http://127.0.0.1:${port}/rate'
  - id: double
    uses: transform
    needs: [fetch]
    foreach: \${{ steps.prepare.output }}
    with:
      input: \${{ item }}
      expression: "input * steps.fetch.output.body.rate"
  - id: sum
    uses: transform
    needs: [double]
    with:
      input: \${{ steps.double.output }}
      expression: "$sum(input)"
outputs:
  total: \${{ steps.sum.output }}
`;
}

/** `weft runs replay ID --json`: the server's events with the state the engine rebuilds after each. */
async function serverReplay(url: string, id: string): Promise<Replayed[]> {
  const { stdout } = await promisify(execFile)(
    process.execPath,
    [join(root, 'apps/cli/dist/weft.mjs'), 'runs', 'replay', id, '--server', url, '--json'],
    { maxBuffer: 64 * 1024 * 1024 },
  );
  return (JSON.parse(stdout) as { events: Replayed[] }).events;
}

test.beforeAll(async ({ baseURL }) => {
  api = createServer((_req, res) => {
    calls += 1;
    if (calls === 1) {
      res.writeHead(503, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ error: 'busy, try again' }));
      return;
    }
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ rate: 10 }));
  });
  await new Promise<void>((resolve) => api.listen(0, '127.0.0.1', resolve));
  const addr = api.address();
  const port = typeof addr === 'object' && addr ? addr.port : 0;
  const url = baseURL as string;
  await mutate(url, 'workflows.save', { yaml: flaky(port), message: 'playback' });
  runId = ((await mutate(url, 'runs.start', { workflowId: 'playback-flaky' })) as { runId: string }).runId;
  expect(await runEnded(url, runId)).toBe('SUCCESS');
  replayed = await serverReplay(url, runId);
});

test.afterAll(async () => {
  await new Promise<void>((resolve) => api.close(() => resolve()));
});

/** What the canvas paints for every step: `status×attempts` (PENDING when it has no state). */
async function painted(studio: StudioPage): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  for (const id of STEPS) {
    const node = studio.node(id);
    const status = (await node.getAttribute('data-status')) || 'PENDING';
    const attempts = (await node.getAttribute('data-attempts')) || '0';
    out[id] = `${status}×${attempts}`;
  }
  return out;
}

function expected(r: Replayed): Record<string, string> {
  const out: Record<string, string> = {};
  for (const id of STEPS) {
    const s = r.state.steps[id];
    out[id] = s ? `${s.status}×${s.attempts}` : 'PENDING×0';
  }
  return out;
}

const slider = (page: Page): Locator => page.getByRole('slider', { name: 'Run event' });

test('scrub a finished run event by event: the canvas equals the server’s rebuild at each event', async ({
  studio,
  page,
}) => {
  // Every event is compared one by one: give a loaded machine room.
  test.setTimeout(240_000);
  const d = new DebuggerPage(page, studio);
  expect(replayed.length).toBeGreaterThan(12);
  // The retried step is in the log: a failed first attempt, then a second that succeeded.
  expect(replayed.some((e) => e.type === 'step.attempt.failed' && e.stepId === 'fetch')).toBe(true);
  const last = replayed[replayed.length - 1] as Replayed;

  await d.open(`#/runs/${runId}`);
  await expect(slider(page)).toHaveAttribute('aria-valuenow', String(last.seq));
  await expect(slider(page)).toHaveAttribute('aria-valuemax', String(last.seq));
  await expect(page.getByRole('button', { name: 'End', exact: true })).toHaveAttribute(
    'aria-pressed',
    'true',
  );

  // Home: the first event; then → one event at a time to the end, comparing every step.
  await slider(page).focus();
  await page.keyboard.press('Home');
  for (const r of replayed) {
    await expect(slider(page)).toHaveAttribute('aria-valuenow', String(r.seq));
    await expect(page).toHaveURL(new RegExp(`#/runs/${runId}\\?at=${r.seq}$`));
    await expect.poll(() => painted(studio), { message: `states at event ${r.seq}` }).toEqual(expected(r));
    if (r !== last) await page.keyboard.press('ArrowRight');
  }

  // ← goes back (from anywhere on the page), and the side panel shows the step as it was then.
  const waiting = replayed.find((e) => e.type === 'step.attempt.failed' && e.stepId === 'fetch') as Replayed;
  await page.getByRole('button', { name: 'Previous event (←)' }).focus();
  await page.getByRole('button', { name: 'Previous event (←)' }).blur();
  for (let seq = last.seq; seq > waiting.seq; seq--) await page.keyboard.press('ArrowLeft');
  await expect(slider(page)).toHaveAttribute('aria-valuenow', String(waiting.seq));
  await expect.poll(() => painted(studio)).toEqual(expected(waiting));
  await studio.node('fetch').click();
  const step = page.getByRole('region', { name: 'Step run' });
  await expect(step).toContainText(`as at event ${waiting.seq}`);
  await expect(step.getByRole('heading', { level: 3 })).toContainText('WAITING');
  await expect(step.getByLabel('Step error')).toContainText('HTTP_ERROR');
  await expect(page.getByTestId('playback-as-of')).toContainText(`event ${waiting.seq}`);

  // ← → do nothing while the person types in a field.
  await page.evaluate(() => {
    const input = document.createElement('input');
    input.setAttribute('aria-label', 'Scratch field');
    document.querySelector('.run-view')?.append(input);
  });
  await page.getByRole('textbox', { name: 'Scratch field' }).fill('abc');
  await page.keyboard.press('ArrowLeft');
  await page.keyboard.press('ArrowLeft');
  await expect(slider(page)).toHaveAttribute('aria-valuenow', String(waiting.seq));

  // The next failure, from the start: the failed attempt; "Go to end" goes back to the end.
  await slider(page).focus();
  await page.keyboard.press('Home');
  await page.getByRole('button', { name: 'Next failure' }).click();
  await expect(slider(page)).toHaveAttribute('aria-valuenow', String(waiting.seq));
  await page.getByRole('button', { name: 'Go to end' }).click();
  await expect(slider(page)).toHaveAttribute('aria-valuenow', String(last.seq));
  await expect(page).toHaveURL(new RegExp(`#/runs/${runId}$`));

  // Play at 1×, pause; then at 20× it runs to the end by itself and stops there.
  await slider(page).focus();
  await page.keyboard.press('Home');
  await page.getByRole('button', { name: 'Play', exact: true }).click();
  await page.getByRole('button', { name: 'Pause playback' }).click();
  await expect(page.getByRole('button', { name: 'Play', exact: true })).toBeVisible();
  const paused = Number(await slider(page).getAttribute('aria-valuenow'));
  expect(paused).toBeLessThan(last.seq);
  await page.getByLabel('Speed').selectOption('20');
  await page.getByRole('button', { name: 'Play', exact: true }).click();
  await expect(slider(page)).toHaveAttribute('aria-valuenow', String(last.seq), { timeout: 30_000 });
  await expect(page.getByRole('button', { name: 'Play', exact: true })).toBeVisible();
  await expect.poll(() => painted(studio)).toEqual(expected(last));
});

test('a link with ?at=k reproduces the view', async ({ studio, page }) => {
  const d = new DebuggerPage(page, studio);
  const k = replayed.find((e) => e.type === 'step.started' && e.stepId === 'double') as Replayed;
  await d.open(`#/runs/${runId}?at=${k.seq}`);
  await expect(slider(page)).toHaveAttribute('aria-valuenow', String(k.seq));
  await expect.poll(() => painted(studio)).toEqual(expected(k));
  await expect(page.getByTestId('playback-position')).toContainText(`Event ${k.seq}`);
  // The same link in a second tab shows the same.
  const other = await page.context().newPage();
  await other.goto(`/#/runs/${runId}?at=${k.seq}`);
  await expect(slider(other)).toHaveAttribute('aria-valuenow', String(k.seq));
  await expect(other.getByTestId('step-double')).toHaveAttribute('data-status', 'RUNNING');
  await other.close();
  // A link to an event the run does not have: said so, and the nearest event is shown.
  await page.goto(`/#/runs/${runId}?at=99999`);
  const last = replayed[replayed.length - 1] as Replayed;
  await expect(page.locator('.notice')).toContainText('Event 99999 is not in this run');
  await expect(slider(page)).toHaveAttribute('aria-valuenow', String(last.seq));
});

test('the timeline shows the retried step’s attempts; clicking a bar moves the scrubber there', async ({
  studio,
  page,
}) => {
  const d = new DebuggerPage(page, studio);
  await d.open(`#/runs/${runId}`);
  await page.getByRole('button', { name: 'Timeline', exact: true }).click();
  const timeline = page.getByRole('region', { name: 'Timeline', exact: true });
  const fetch = timeline.getByRole('group', { name: 'fetch on the timeline' });
  const attempts = fetch.locator('[data-kind="attempt"]');
  await expect(attempts).toHaveCount(2);
  await expect(attempts.nth(0)).toHaveAccessibleName(/fetch: attempt 1, .*RETRY/);
  await expect(attempts.nth(1)).toHaveAccessibleName(/fetch: attempt 2, .*SUCCESS/);
  await expect(fetch.locator('[data-kind="wait"]')).toHaveAccessibleName(/waiting \(retry\)/);
  // The foreach: one sub-bar per item.
  const items = timeline.getByRole('group', { name: 'double on the timeline' }).locator('.tl-item');
  await expect(items).toHaveCount(3);

  // Attempt 1's bar: the step is selected and the scrubber goes to the event that started it.
  const started = replayed.find((e) => e.type === 'step.started' && e.stepId === 'fetch') as Replayed;
  await attempts.nth(0).click();
  await expect(slider(page)).toHaveAttribute('aria-valuenow', String(started.seq));
  const step = page.getByRole('region', { name: 'Step run' });
  await expect(step.getByRole('heading', { level: 3 })).toContainText('fetch');
  await expect(step.getByRole('heading', { level: 3 })).toContainText('RUNNING');
  await expect(timeline.locator('.tl-row.selected')).toHaveAttribute('data-step', 'fetch');
  await studio.screenshot('debugger-timeline');

  // Back on the canvas, the scrubber at the retry wait.
  await page.getByRole('button', { name: 'Canvas', exact: true }).click();
  const waiting = replayed.find((e) => e.type === 'step.attempt.failed' && e.stepId === 'fetch') as Replayed;
  for (let i = replayed.indexOf(started); i < replayed.indexOf(waiting); i++)
    await page.keyboard.press('ArrowRight');
  await expect(slider(page)).toHaveAttribute('aria-valuenow', String(waiting.seq));
  await expect(studio.node('fetch')).toHaveAttribute('data-status', 'WAITING');
  await studio.screenshot('debugger-scrubber');
});
