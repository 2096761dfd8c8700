/**
 * Issue 13: after "Use this template", the editor's checklist says what to fill and ticks live:
 * a secret (set on the secrets page), a host (in the permissions form), save, run → SUCCESS.
 * The template's partner API is a local stand-in the spec serves.
 */
import { createServer, type IncomingMessage, type Server } from 'node:http';
import { expect, test } from '../../fixtures/studio';

interface Received {
  method: string;
  url: string;
  apiKey: string | undefined;
  body: string;
}

let partner: Server;
let partnerUrl = '';
const received: Received[] = [];

test.beforeAll(async () => {
  partner = createServer((req: IncomingMessage, res) => {
    let body = '';
    req.on('data', (c: Buffer) => (body += c.toString()));
    req.on('end', () => {
      received.push({
        method: req.method ?? '',
        url: req.url ?? '',
        apiKey: req.headers['x-api-key'] as string,
        body,
      });
      res.writeHead(201, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ id: 'shp_42', carrier: 'ups' }));
    });
  });
  await new Promise<void>((resolve) => partner.listen(0, '127.0.0.1', resolve));
  const addr = partner.address();
  partnerUrl = `http://127.0.0.1:${typeof addr === 'object' && addr ? addr.port : 0}`;
});

test.afterAll(async () => {
  await new Promise<void>((resolve) => partner.close(() => resolve()));
});

test('use a template → fill the checklist → save → run → SUCCESS', async ({ page, studio }) => {
  await page.goto('/#/templates/retry-backoff');
  await page.getByRole('button', { name: 'Use this template' }).click();
  await expect(page).toHaveURL(/#\/workflows\/retry-backoff(-\d+)?$/);
  const id = decodeURIComponent(page.url().split('#/workflows/')[1] ?? '');
  await expect(studio.canvas.locator('.react-flow__node').first()).toBeVisible();

  const checklist = page.getByRole('region', { name: 'Checklist' });
  const item = (name: string) => checklist.getByRole('listitem', { name });
  await expect(item('Secret PARTNER_API_KEY')).toContainText('To do');
  await expect(item('Host api.partner.example.com')).toContainText('Done');
  await expect(item('Save')).toContainText('Done');
  await expect(item('Run')).toContainText('To do');
  await expect(item('Run')).toContainText('sample orderId');
  await expect(checklist.getByLabel('Progress')).toHaveText('2/4');
  await studio.screenshot('gallery-checklist');

  // The secret: the link leads to the secrets page with its name filled in, and back.
  await item('Secret PARTNER_API_KEY').getByRole('link', { name: 'on the secrets page' }).click();
  await expect(page).toHaveURL(/#\/secrets$/);
  const form = page.getByRole('form', { name: 'Set a secret' });
  await expect(form.getByLabel('Name')).toHaveValue('PARTNER_API_KEY');
  await form.getByLabel('Value').fill('pk_test_checklist');
  await form.getByRole('button', { name: 'Add secret' }).click();
  await expect(page.getByRole('status')).toHaveText('Added PARTNER_API_KEY.');
  await page.getByRole('link', { name: `← Back to ${id}` }).click();
  await expect(page).toHaveURL(new RegExp(`#/workflows/${id}$`));
  await expect(item('Secret PARTNER_API_KEY')).toContainText('Done');
  await expect(checklist.getByLabel('Progress')).toHaveText('3/4');

  // Point the partner URL at the stand-in: the checklist asks for that host, until it is allowed.
  await page.getByRole('textbox', { name: 'Default of partnerUrl' }).fill(partnerUrl);
  await page.getByRole('textbox', { name: 'Default of partnerUrl' }).press('Enter');
  await expect(item('Host 127.0.0.1')).toContainText('To do');
  await expect(item('Save')).toContainText('To do');
  await item('Host 127.0.0.1').getByRole('button', { name: 'in the permissions form' }).click();
  const allow = page
    .getByRole('region', { name: 'Permissions' })
    .getByRole('textbox', { name: 'Allow host' });
  await expect(allow).toBeFocused();
  await page.keyboard.type('127.0.0.1');
  await page.keyboard.press('Enter');
  await expect(item('Host 127.0.0.1')).toContainText('Done');

  // Save.
  await page.getByRole('button', { name: 'Save', exact: true }).click();
  await page.getByRole('textbox', { name: 'Version message' }).fill('pointed at our partner');
  await page.getByRole('button', { name: 'Save version' }).click();
  await expect(item('Save')).toContainText('Done');

  // Run, from the checklist: the form starts with the card's sample order id.
  await item('Run').getByRole('button', { name: 'Run…' }).click();
  const runForm = page.getByRole('dialog', { name: 'Start a run' });
  await expect(runForm.getByRole('textbox', { name: 'orderId', exact: true })).toHaveValue('A-1001');
  await runForm.getByRole('button', { name: 'Start run' }).click();
  await expect(page.getByTestId('run-status')).toContainText('SUCCESS');
  await expect(item('Run')).toContainText('Done');
  await expect(checklist.getByLabel('Progress')).toHaveText('5/5');
  await expect(checklist).toContainText('All set');
  await studio.screenshot('gallery-checklist-done');

  expect(received).toHaveLength(1);
  expect(received[0]).toMatchObject({
    method: 'POST',
    url: '/v1/orders/A-1001/shipments',
    apiKey: 'pk_test_checklist',
  });
});
