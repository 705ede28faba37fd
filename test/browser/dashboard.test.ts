// The bureau's dashboard in Chromium, on a desktop (DingTalk's PC client) and on a phone, with
// the real notice and reports generated for every project through the API.
import test from 'ava';
import type { Browser, Page } from 'playwright-core';
import { Contact } from '../../server/models/contact.ts';
import { Unit } from '../../server/models/unit.ts';
import type { RunningProduct } from '../../server/start.ts';
import { launchChromium, pageErrors, phoneContext, screenshot, signInWithPicker } from '../helpers/browser.ts';
import { generateReports, type GeneratedProject } from '../helpers/generated-reports.ts';
import { ApiSession } from '../helpers/product.ts';
import { roster, startPublishedProduct } from '../helpers/reports.ts';

let product: RunningProduct;
let browser: Browser;
let generated: GeneratedProject[];

test.before(async () => {
  product = await startPublishedProduct();
  browser = await launchChromium();
  generated = await generateReports(product.url);
  const admin = await new ApiSession(product.url).signInAs(roster.admin);
  // Procurement was due long ago, so the projects that have not reported it are overdue.
  const rule = await admin.request('PUT', '/api/settings/due-rules/procurement', { date: '2022-10-31' });
  if (rule.status !== 200) throw new Error(`due rule: ${rule.status}`);
  await Contact.create({ userId: 'jdt-viewer-test', name: '陈立群', title: '分管副局长', role: 'viewer', unitIds: [] });
});

test.after.always(async () => {
  await browser?.close();
  await product?.stop();
});

async function openDashboard(page: Page, person: string): Promise<void> {
  await page.goto(`${product.url}/app/`);
  await signInWithPicker(page, person, person);
  await page.waitForURL('**/app/admin');
  await page.getByTestId('entry-dashboard').click();
  await page.waitForURL('**/app/admin/dashboard');
  await page.getByTestId('dashboard-figures').waitFor();
  await page.getByTestId('dashboard-matrix').waitFor();
}

test.serial('desktop dashboard with filters', async (t) => {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 }, locale: 'zh-CN', timezoneId: 'Asia/Shanghai', acceptDownloads: true });
  const page = await context.newPage();
  const errors = pageErrors(page);
  await openDashboard(page, '方思齐');

  const figures = page.getByTestId('dashboard-figures');
  t.regex(await figures.innerText(), /项目数\s*58\s*个/);
  t.regex(await figures.innerText(), /年度投资\s*5597\.115\s*万元/);
  t.regex(await figures.innerText(), /总投资\s*14032\.215\s*万元/);
  t.is(await page.getByTestId('chart-stages').locator('canvas').count(), 1);
  t.is(await page.getByTestId('chart-funds').locator('canvas').count(), 1);

  const matrix = page.getByTestId('dashboard-matrix');
  t.regex(await matrix.locator('h2').innerText(), /项目进度（58 个/);
  t.is(await matrix.locator('tbody tr').count(), 20);
  t.is(await matrix.locator('thead th').count(), 11);
  const overdue = generated.filter((project) => project.stages.length === 0).length;
  t.regex(await page.getByTestId('dashboard-overdue').innerText(), new RegExp(`逾期未报送（${overdue}）`));
  await page.locator('.jdt-dash-columns').nth(2).screenshot({ path: 'test-results/browser/dashboard-desktop-batches.png' });
  // The batch's workbook downloads from the funds table.
  const download = page.waitForEvent('download');
  await page.getByTestId('dashboard-batches').getByText('导出', { exact: true }).click();
  t.regex((await download).suggestedFilename(), /\.xlsx$/);
  await page.evaluate(() => window.scrollTo(0, 0));
  await screenshot(page, 'dashboard-desktop');
  await page.screenshot({ path: 'test-results/browser/dashboard-desktop-full.png', fullPage: true });

  // Filter by unit: the address keeps the filter and every row is that unit's.
  const justice = await Unit.findOne({ name: '市司法局' }).lean();
  await page.getByRole('combobox', { name: '建设单位', exact: true }).selectOption(justice!._id.toString());
  await page.waitForURL(`**/admin/dashboard?unitId=${justice!._id.toString()}`);
  await matrix.locator('h2', { hasText: '项目进度（4 个' }).waitFor();
  for (const text of await matrix.locator('tbody .jdt-matrix__units').allInnerTexts()) t.true(text.includes('市司法局'), text);
  // The overview loads apart from the matrix, so wait for its figures too.
  await figures.filter({ hasText: /项目数\s*4\s*个/ }).waitFor();

  // Search within the unit, then clear both.
  await page.getByPlaceholder('搜索项目名称或建设单位').fill('不存在的项目');
  await page.getByPlaceholder('搜索项目名称或建设单位').press('Enter');
  await page.getByText('没有符合条件的项目').first().waitFor();
  await page.getByRole('combobox', { name: '建设单位', exact: true }).selectOption('');
  await page.getByPlaceholder('搜索项目名称或建设单位').fill('四责协同');
  await page.getByPlaceholder('搜索项目名称或建设单位').press('Enter');
  await matrix.locator('h2', { hasText: '项目进度（1 个' }).waitFor();
  t.regex(await matrix.locator('tbody tr').first().innerText(), /舟山市纪委“四责协同”监督平台2\.0/);

  // Overdue procurement only.
  await page.getByPlaceholder('搜索项目名称或建设单位').fill('');
  await page.getByPlaceholder('搜索项目名称或建设单位').press('Enter');
  await page.getByRole('combobox', { name: '阶段', exact: true }).selectOption('procurement');
  await page.getByRole('combobox', { name: '状态', exact: true }).selectOption('overdue');
  await matrix.locator('h2', { hasText: `项目进度（${overdue} 个` }).waitFor();
  const cells = await matrix.locator('tbody tr td:nth-child(6)').allInnerTexts();
  t.true(cells.length > 0 && cells.every((text) => text.trim() === '逾期'), cells.join(','));
  await screenshot(page, 'dashboard-desktop-filtered');

  // A project's name opens its page with the stage states and history.
  await matrix.getByRole('link').first().click();
  await page.waitForURL('**/app/admin/projects/**');

  t.deepEqual(errors, []);
  await context.close();
});

test.serial('phone dashboard for a viewer', async (t) => {
  const context = await phoneContext(browser);
  const page = await context.newPage();
  const errors = pageErrors(page);
  await openDashboard(page, '陈立群');

  t.regex(await page.getByTestId('dashboard-figures').innerText(), /资金执行率/);
  const cards = page.locator('.jdt-matrix-card');
  t.is(await cards.count(), 20);
  t.regex(await cards.first().innerText(), /招标采购/);
  await screenshot(page, 'dashboard-phone');

  // The second page of the matrix.
  await page.getByRole('button', { name: '下一页' }).click();
  await page.getByText('第 2 / 3 页').waitFor();
  await cards.first().scrollIntoViewIfNeeded();
  t.regex(await cards.first().innerText(), /^21\./);
  await screenshot(page, 'dashboard-phone-matrix');

  // Nothing on the page lets a viewer change anything.
  t.is(await page.getByRole('button', { name: /发布|审核|退回|通过/ }).count(), 0);
  t.deepEqual(errors, []);
  await context.close();
});
