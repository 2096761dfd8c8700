import { test } from '../../fixtures/studio';
import { bigWorkflow } from '../../bench/studio-bench';
import { draftScript } from '../../fixtures/workflows';
test('dbg', async ({ page }) => {
  await page.addInitScript(draftScript(bigWorkflow(60)));
  await page.goto('/#/local');
  await page.waitForFunction(() => document.querySelector('.monaco-editor .view-line'));
  await page.locator('.monaco-editor .view-lines').click();
  await page.keyboard.press('ControlOrMeta+Home');
  for (let k = 0; k < 5; k++) await page.keyboard.press('ArrowDown');
  await page.keyboard.press('Home');
  await page.evaluate(() => { const ta = document.querySelector('.monaco-editor textarea') as HTMLTextAreaElement; ta.focus(); document.execCommand('insertText', false, '  - id: typed0\n    uses: wait\n    needs: [s0]\n    with: { duration: 1s }\n'); });
  await page.waitForTimeout(1500);
  console.log((await page.evaluate(() => window.weftStudio?.yaml() ?? '')).slice(0, 300));
  console.log(await page.evaluate(() => window.weftStudio?.stepIds().slice(0, 3)));
});
