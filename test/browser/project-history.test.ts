// A carried-over project's history across batches in the browser: the bureau's project page
// with 历年记录 and its link to the audit trail, an admin's manual link, and the contact's view.
// Runs the built micro-app in Chromium against the real server and database.
import test from 'ava';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { Batch } from '../../server/models/batch.ts';
import { Project } from '../../server/models/project.ts';
import type { ImportResponse } from '../../server/routes/exports/responses.ts';
import type { RunningProduct } from '../../server/start.ts';
import { launchChromium, pageErrors, phoneContext, screenshot, signInWithPicker } from '../helpers/browser.ts';
import { ApiSession } from '../helpers/product.ts';
import { reportBody, roster, startPublishedProduct, submit } from '../helpers/reports.ts';
import { nextYearBatch, nextYearRows, planTable } from '../lineage/next-year.ts';

const seedDocNo = '舟数管发〔2022〕4号';

let product: RunningProduct;
let browser: Browser;
let nextBatchId: string;

async function entryId(docNo: string, seq: number): Promise<string> {
  const batch = await Batch.findOne({ docNo }).lean();
  const project = await Project.findOne({ batchId: batch!._id, seq }).lean();
  return project!._id.toString();
}

test.before(async () => {
  product = await startPublishedProduct();
  browser = await launchChromium();
  const admin = await new ApiSession(product.url).signInAs(roster.admin);
  const form = new FormData();
  for (const [key, value] of Object.entries(nextYearBatch)) form.append(key, value);
  form.append('file', new Blob([Buffer.from(planTable(2023, nextYearRows), 'utf8')]), '2023年第一批.tsv');
  const imported = await admin.postForm<ImportResponse>('/api/imports', form);
  if (imported.status !== 201) throw new Error(`import failed: ${imported.status} ${JSON.stringify(imported.body)}`);
  nextBatchId = imported.body.batchId;

  const insurance = await new ApiSession(product.url).signInAs('jdt-u26-1');
  await submit(insurance, await entryId(seedDocNo, 37), reportBody('procurement'));
});

test.after.always(async () => {
  await browser?.close();
  await product?.stop();
});

async function signIn(context: BrowserContext, search: string, name: string): Promise<{ page: Page; errors: string[] }> {
  const page = await context.newPage();
  const errors = pageErrors(page);
  await page.goto(`${product.url}/app/`);
  await signInWithPicker(page, search, name);
  return { page, errors };
}

test.serial('bureau reads the history and trail', async (t) => {
  const { page, errors } = await signIn(await phoneContext(browser), '方思齐', '方思齐');
  await page.waitForURL('**/app/admin');
  await page.goto(`${product.url}/app/admin/batches/${nextBatchId}`);
  await page.getByTestId('project-1').click();
  await page.waitForURL(`**/app/admin/projects/${await entryId(nextYearBatch.docNo, 1)}`);

  const entries = page.getByTestId('history-entry');
  await entries.first().waitFor();
  t.is(await entries.count(), 2);
  t.regex(await entries.nth(0).innerText(), new RegExp(`${seedDocNo}[\\s\\S]*序号 37[\\s\\S]*2022年投资 91 万元[\\s\\S]*招标采购 已提交`));
  t.regex(await entries.nth(1).innerText(), /舟数管发〔2023〕2号[\s\S]*本批次[\s\S]*2023年投资 120 万元[\s\S]*导入时按项目名称和牵头单位关联/);
  await page.getByTestId('project-history').scrollIntoViewIfNeeded();
  await screenshot(page, 'history-phone-admin');

  await entries.nth(0).getByRole('link', { name: seedDocNo }).click();
  await page.waitForURL(`**/app/admin/projects/${await entryId(seedDocNo, 37)}`);
  await page.getByTestId('project-audit-link').click();
  await page.waitForURL('**/app/admin/audit?projectId=*');
  await page.getByTestId('audit-event').first().waitFor();
  t.regex(await page.getByTestId('audit-scope').innerText(), /只看项目：舟山市医保 DRG 点数付费平台项目/);
  t.deepEqual(await page.getByTestId('audit-event').locator('.adm-tag').allInnerTexts(), ['提交报送']);
  await screenshot(page, 'history-phone-audit');
  t.deepEqual(errors, []);
});

test.serial('admin links a missed project', async (t) => {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 }, locale: 'zh-CN', timezoneId: 'Asia/Shanghai' });
  const { page, errors } = await signIn(context, '方思齐', '方思齐');
  await page.waitForURL('**/app/admin');
  const projectId = await entryId(nextYearBatch.docNo, 4);
  await page.goto(`${product.url}/app/admin/projects/${projectId}`);
  await page.getByText('没有关联往年批次的记录').waitFor();

  await page.getByPlaceholder(/搜索往年项目名称/).fill('政务服务');
  await page.getByRole('button', { name: '查找往年项目' }).click();
  const candidate = page.getByTestId('link-candidates').locator('.adm-list-item').filter({ hasText: '舟山市政务服务2.0建设' });
  await candidate.waitFor();
  await screenshot(page, 'history-desktop-candidates');
  await candidate.getByRole('button', { name: '关联' }).click();
  await page.locator('.adm-dialog').getByRole('button', { name: '关联' }).click();

  await page.getByTestId('history-entry').nth(1).waitFor();
  await page.locator('.adm-dialog').waitFor({ state: 'hidden' });
  await page.locator('.adm-toast-mask').waitFor({ state: 'hidden' });
  t.regex(await page.getByTestId('history-entry').nth(1).innerText(), /由管理员关联/);
  t.true((await Project.findById(projectId).lean())?.previousProjectId?.equals(await entryId(seedDocNo, 42)));
  await screenshot(page, 'history-desktop-linked');
  t.deepEqual(errors, []);
});

test.serial('contact sees the history', async (t) => {
  const admin = await new ApiSession(product.url).signInAs(roster.admin);
  t.is((await admin.post(`/api/batches/${nextBatchId}/publish`)).status, 200);

  const { page, errors } = await signIn(await phoneContext(browser), '邓俊杰', '邓俊杰');
  await page.getByRole('heading', { name: '我的项目' }).waitFor();
  await page.goto(`${product.url}/app/projects/${await entryId(nextYearBatch.docNo, 1)}`);
  const history = page.getByTestId('project-history');
  await history.waitFor();
  t.is(await page.getByTestId('history-entry').count(), 2);
  await history.scrollIntoViewIfNeeded();
  await screenshot(page, 'history-phone-contact');
  t.deepEqual(errors, []);
});
