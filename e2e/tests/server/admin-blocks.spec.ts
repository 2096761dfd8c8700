/**
 * Admin → Blocks: install a packed block through the page, see it in the editor's palette (no
 * restart), use it in a workflow, run it.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect, test } from '../../fixtures/studio';
import { draftScript } from '../../fixtures/workflows';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..');

test.describe.configure({ mode: 'serial' });

const WORKFLOW = `apiVersion: weft/v1
kind: Workflow
id: admin-greeting
steps:
  - id: greet
    uses: shout-greeter@1
    with: { name: Grace, shout: true }
outputs:
  text: \${{ steps.greet.output.greeting }}
`;

test('install a block on the admin page, find it in the palette, use it and run', async ({
  studio,
  page,
}) => {
  test.setTimeout(180_000);
  const dir = mkdtempSync(join(tmpdir(), 'weft-e2e-block-'));
  // The CLI from source: building AssemblyScript needs the compiler from the workspace.
  const weft = (...args: string[]) =>
    execFileSync(process.execPath, ['--import', 'tsx', join(root, 'apps/cli/src/main.ts'), ...args], {
      cwd: root,
      encoding: 'utf8',
    });
  weft('block', 'init', 'shout-greeter', join(dir, 'shout-greeter'));
  weft('block', 'pack', join(dir, 'shout-greeter'), '--out', join(dir, 'shout-greeter-1.0.0.tgz'));

  await page.goto('/#/');
  await page.getByRole('link', { name: 'Blocks' }).click();
  const main = page.getByRole('main', { name: 'Blocks' });
  await expect(main.locator('tr[data-block="http@1.0.0"]')).toContainText('standard');
  await expect(main).not.toContainText('shout-greeter');

  await page.getByLabel('Block archive (.tgz)').setInputFiles(join(dir, 'shout-greeter-1.0.0.tgz'));
  const preview = page.getByRole('region', { name: 'Block to install' });
  await expect(preview).toContainText('shout-greeter@1.0.0');
  await expect(preview).toContainText('unsigned');
  await expect(preview.locator('dd').nth(2)).toHaveText('no');
  await studio.screenshot('admin-blocks-install');
  await preview.getByRole('button', { name: 'Install shout-greeter@1.0.0' }).click();
  await expect(page.getByRole('status')).toContainText('Installed shout-greeter@1.0.0');
  const row = main.locator('tr[data-block="shout-greeter@1.0.0"]');
  await expect(row).toContainText('installed');
  await expect(row).toContainText('unsigned');
  await expect(row.locator('code')).toHaveText(/^[0-9a-f]{16}…$/);
  await studio.screenshot('admin-blocks');

  // The editor's palette has it now, with no restart.
  await page.evaluate(draftScript(WORKFLOW));
  await page.goto('/#/local');
  await page.reload();
  await studio.open('#/local');
  await expect(studio.palette.getByRole('button', { name: /^Shout Greeter \S+$/ })).toBeVisible();
  await expect(studio.node('greet')).toBeVisible();
  await page.getByRole('button', { name: 'Save', exact: true }).click();
  await page.getByRole('textbox', { name: 'Version message' }).fill('uses an installed block');
  await page.getByRole('button', { name: 'Save version' }).click();
  await expect(page).toHaveURL(/#\/workflows\/admin-greeting$/);
  await studio.open('#/workflows/admin-greeting');
  await page.getByRole('button', { name: 'Run', exact: true }).click();
  const start = page.getByRole('button', { name: 'Start run' });
  if (await start.isVisible()) await start.click();
  await expect(studio.node('greet')).toHaveAttribute('data-status', 'SUCCESS');
  await studio.node('greet').click();
  await expect(page.getByRole('region', { name: 'Step run' })).toContainText('HELLO, GRACE!');
  await studio.screenshot('admin-blocks-run');
});
