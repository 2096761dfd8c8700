/** Issue 12 item 5: the editor warns before a run that a network step has no permitted host, and grants it. */
import { mutate } from '../../fixtures/server';
import { expect, test } from '../../fixtures/studio';
import { draftScript } from '../../fixtures/workflows';

const FLOW = `# calls an API — comment kept
apiVersion: weft/v1
kind: Workflow
id: studio-net
steps:
  - id: fetch
    uses: http@1
    with:
      url: https://blocked.example.test/data
`;

test('“Allow this host” writes the workflow’s permissions.network', async ({ studio, page }) => {
  await page.addInitScript(draftScript(FLOW));
  await studio.open('#/local');
  await studio.node('fetch').click();
  const warning = studio.inspector.getByRole('group', { name: 'Network permission' });
  await expect(warning).toContainText('PERMISSION_DENIED');
  await warning.getByRole('button', { name: 'Allow blocked.example.test' }).click();
  await expect
    .poll(() => studio.yamlText())
    .toMatch(/permissions:\n\s+network:\s*(\[blocked\.example\.test\]|\n\s+- blocked\.example\.test)/);
  expect(await studio.yamlText()).toContain('# calls an API — comment kept');
  await expect(warning).toHaveCount(0);
});

test('the Run form warns first; the run’s error says where the permission goes', async ({
  studio,
  page,
  baseURL,
}) => {
  await mutate(baseURL as string, 'workflows.save', { yaml: FLOW, message: 'no permission' });
  await studio.open('#/workflows/studio-net');
  await page.getByRole('button', { name: 'Run', exact: true }).click();
  const form = page.getByRole('dialog', { name: 'Start a run' });
  await expect(form.getByRole('list', { name: 'Warnings' })).toContainText(
    "Add blocked.example.test to the workflow's permissions.network",
  );
  await form.getByRole('button', { name: 'Start run' }).click();
  await expect(page.getByTestId('run-status')).toContainText('FAILED');
  const error = page.getByRole('region', { name: 'Run panel' }).getByLabel('Step error');
  await expect(error).toContainText('PERMISSION_DENIED');
  await expect(error).toContainText('add blocked.example.test to permissions.network in the workflow');
});
