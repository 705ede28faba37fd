// The bureau reads the audit trail on a phone and on a desktop: the list newest first, the
// before → after of a change, and the filters by person, project and date. Runs the built
// micro-app in Chromium against the real server and database.
import test from 'ava';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { Project } from '../../server/models/project.ts';
import type { RunningProduct } from '../../server/start.ts';
import { launchChromium, pageErrors, phoneContext, screenshot, signInWithPicker } from '../helpers/browser.ts';
import { ApiSession } from '../helpers/product.ts';
import { projectId, reportBody, roster, startPublishedProduct, submit } from '../helpers/reports.ts';

let product: RunningProduct;
let browser: Browser;
let projectName: string;

test.before(async () => {
  product = await startPublishedProduct();
  browser = await launchChromium();
  const admin = await new ApiSession(product.url).signInAs(roster.admin);
  const owner = await new ApiSession(product.url).signInAs(roster.discipline);
  const project = await projectId(1);
  projectName = (await Project.findById(project).lean())!.name;
  const report = await submit(owner, project, reportBody('procurement'));
  const reviewed = await admin.post(`/api/reports/${report.id}/review`, { decision: 'return', reason: '请补充中标通知书', version: report.version });
  if (reviewed.status !== 200) throw new Error(`review failed: ${reviewed.status}`);
});

test.after.always(async () => {
  await browser?.close();
  await product?.stop();
});

/** Signs in as 方思齐 and opens 操作记录 from the admin home. */
async function openTrail(context: BrowserContext): Promise<{ page: Page; errors: string[] }> {
  const page = await context.newPage();
  const errors = pageErrors(page);
  await page.goto(`${product.url}/app/`);
  await signInWithPicker(page, '方思齐', '方思齐');
  await page.waitForURL('**/app/admin');
  await page.getByTestId('entry-audit').click();
  await page.waitForURL('**/app/admin/audit');
  await page.getByTestId('audit-event').first().waitFor();
  return { page, errors };
}

/** Today's date in Beijing, YYYY-MM-DD. */
function beijingToday(offsetDays = 0): string {
  return new Date(Date.now() + 8 * 3600 * 1000 + offsetDays * 24 * 3600 * 1000).toISOString().slice(0, 10);
}

test.serial('phone shows the trail and a diff', async (t) => {
  const { page, errors } = await openTrail(await phoneContext(browser));

  // The newest event is the admin's own sign-in on this phone.
  t.regex(await page.getByTestId('audit-event').first().innerText(), /登录[\s\S]*方思齐[\s\S]*本人账号/);
  const first = page.getByTestId('audit-event').filter({ hasText: '退回报送' }).first();
  t.regex(await first.innerText(), /退回报送[\s\S]*方思齐[\s\S]*招标采购报送[\s\S]*序号 1/);
  await first.getByRole('button', { name: /查看变更/ }).click();
  const diff = first.getByTestId('audit-diff');
  await diff.waitFor();
  t.regex(await diff.innerText(), /状态\s*已提交\s*→\s*已退回/);
  t.regex(await diff.innerText(), /退回原因\s*（无）\s*→\s*请补充中标通知书/);
  await screenshot(page, 'audit-phone-diff');

  await page.getByTestId('filter-actor').selectOption({ label: '王晓明' });
  await page.waitForURL(`**/app/admin/audit?actor=${roster.discipline}`);
  // Right after the URL changes, the unfiltered list may still be on screen.
  await page.waitForFunction(() => {
    const actors = [...document.querySelectorAll('.jdt-audit-event__actor')].map((element) => element.textContent);
    return actors.length > 0 && actors.every((name) => name === '王晓明');
  });
  const actions = await page.getByTestId('audit-event').locator('.adm-tag').allInnerTexts();
  t.deepEqual(actions, ['提交报送', '登录']);
  await screenshot(page, 'audit-phone-person');
  t.deepEqual(errors, []);
});

test.serial('desktop filters by project and date', async (t) => {
  const { page, errors } = await openTrail(await (browser.newContext({ viewport: { width: 1280, height: 800 }, locale: 'zh-CN', timezoneId: 'Asia/Shanghai' })));
  const all = await page.getByTestId('audit-event').count();

  const search = page.getByPlaceholder('搜索项目名称');
  await search.fill(projectName);
  await search.press('Enter');
  await page.waitForURL('**/app/admin/audit?project=*');
  // The filtered list replaces the whole list once loaded: two events of the project, each naming it.
  await t.notThrowsAsync(
    page.waitForFunction(
      (count) => {
        const events = document.querySelectorAll('[data-testid="audit-event"]').length;
        return events > 0 && events < count && document.querySelectorAll('.jdt-audit-event__project').length === events;
      },
      all,
    ),
  );
  const projects = await page.locator('.jdt-audit-event__project').allInnerTexts();
  t.true(projects.length === 2);
  t.true(projects.every((line) => line.includes(projectName)));
  await screenshot(page, 'audit-desktop-project');

  await page.getByTestId('filter-from').fill(beijingToday(1));
  await page.getByText('没有符合条件的操作记录').waitFor();
  await page.getByTestId('filter-from').fill(beijingToday());
  await page.getByTestId('filter-to').fill(beijingToday());
  // Each date change reloads the list, so wait until the last load has shown the project's two events.
  await t.notThrowsAsync(page.waitForFunction(() => document.querySelectorAll('[data-testid="audit-event"]').length === 2));
  t.is(await page.getByTestId('audit-event').count(), 2);
  t.deepEqual(errors, []);
});
