// The bureau creates a batch by uploading its notice in the console, on a phone and on a desktop:
// the preview with its findings, nothing saved before 确认导入, the batch page afterwards, and a
// re-import of a published batch that needs the explicit update option. Runs the built micro-app
// in Chromium against the real server and database.
import test from 'ava';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { parseNotice } from '../../server/importer/parse-notice.ts';
import { Batch } from '../../server/models/batch.ts';
import { Project } from '../../server/models/project.ts';
import { fenToWanyuan } from '../../server/presenters/money.ts';
import type { RunningProduct } from '../../server/start.ts';
import { launchChromium, pageErrors, phoneContext, screenshot, signInWithPicker } from '../helpers/browser.ts';
import { ApiSession, startTestProduct } from '../helpers/product.ts';
import { roster } from '../helpers/reports.ts';
import { LINES, SEED_PATH, seedText } from '../importer/seed.ts';
import { seedWorkbook } from '../excel/workbooks.ts';

const seed = parseNotice(Buffer.from(seedText, 'utf8'));
const seedDocNo = seed.batch.docNo;
const tableDocNo = '舟数管发〔2022〕9号';

let product: RunningProduct;
let browser: Browser;

test.before(async () => {
  product = await startTestProduct();
  // The demo start imports the seed notice; these tests import it themselves.
  await Project.deleteMany({});
  await Batch.deleteMany({});
  browser = await launchChromium();
});

test.after.always(async () => {
  await browser?.close();
  await product?.stop();
});

function desktopContext(): Promise<BrowserContext> {
  return browser.newContext({ viewport: { width: 1280, height: 800 }, locale: 'zh-CN', timezoneId: 'Asia/Shanghai' });
}

/** Signs in as 方思齐, the bureau's admin, and opens the import page from the admin home. */
async function openImportPage(context: BrowserContext): Promise<{ page: Page; errors: string[] }> {
  const page = await context.newPage();
  const errors = pageErrors(page);
  await page.goto(`${product.url}/app/`);
  await signInWithPicker(page, '方思齐', '方思齐');
  await page.waitForURL('**/app/admin');
  await page.getByTestId('entry-import').click();
  await page.waitForURL('**/app/admin/import');
  return { page, errors };
}

const total = (amount: (project: (typeof seed.projects)[number]) => number): string =>
  fenToWanyuan(seed.projects.reduce((sum, project) => sum + amount(project), 0));

test.serial('phone previews then imports the notice', async (t) => {
  const { page, errors } = await openImportPage(await phoneContext(browser));

  await page.getByTestId('import-file').setInputFiles(SEED_PATH);
  await page.getByRole('button', { name: '预览' }).click();
  const preview = page.getByTestId('import-preview');
  await preview.waitFor();

  await t.notThrowsAsync(preview.getByText(seedDocNo).waitFor());
  t.regex(await page.getByTestId('preview-projects').innerText(), /58 个（新建 \d+，新建（升级） \d+，历年 \d+）/);
  t.true((await page.getByTestId('preview-investment').innerText()).includes(total((project) => project.investment.total)));
  t.true((await page.getByTestId('preview-year-investment').innerText()).includes(total((project) => project.yearInvestment.total)));
  t.true(seed.findings.length > 0);
  await t.notThrowsAsync(page.getByText(`共 ${seed.findings.length} 处不一致，金额单位：万元`).waitFor());
  t.is(await Batch.countDocuments(), 0, 'the preview saved a batch');
  t.is(await Project.countDocuments(), 0, 'the preview saved projects');
  await screenshot(page, 'import-phone-preview');
  await page.getByRole('button', { name: '确认导入' }).scrollIntoViewIfNeeded();
  await screenshot(page, 'import-phone-preview-bottom');

  await page.getByRole('button', { name: '确认导入' }).click();
  await page.waitForURL(/\/app\/admin\/batches\/[0-9a-f]{24}$/);
  const batch = await Batch.findOne({ docNo: seedDocNo }).lean();
  t.truthy(batch);
  t.true(page.url().endsWith(`/admin/batches/${batch!._id.toString()}`));
  t.is(await Project.countDocuments({ batchId: batch!._id }), 58);
  await page.getByText(seed.batch.title).first().waitFor();
  await screenshot(page, 'import-phone-batch');
  t.deepEqual(errors, []);
});

test.serial('desktop table needs batch fields', async (t) => {
  const { page, errors } = await openImportPage(await desktopContext());
  const { bytes } = await seedWorkbook({ above: 'none' });
  await page.getByTestId('import-file').setInputFiles({ name: '项目表.xlsx', mimeType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', buffer: bytes });

  await page.getByRole('button', { name: '预览' }).click();
  const alert = page.getByRole('alert').filter({ hasText: '无法导入该文件' });
  await alert.waitFor();
  t.regex(await alert.innerText(), /缺少文号/);
  await screenshot(page, 'import-desktop-missing-fields');

  await page.locator('#import-doc-no').fill(tableDocNo);
  await page.locator('#import-title').fill('关于下达舟山市2022年度第四批市本级政府投资信息化项目计划的通知');
  await page.locator('#import-issued-at').fill('2022-09-01');
  await page.getByRole('button', { name: '预览' }).click();
  await page.getByTestId('import-preview').waitFor();
  await t.notThrowsAsync(page.getByTestId('import-preview').getByText(tableDocNo).waitFor());
  await t.notThrowsAsync(page.getByText('2022年9月1日').waitFor());
  t.is(await Batch.countDocuments({ docNo: tableDocNo }), 0, 'the preview saved the batch');
  await screenshot(page, 'import-desktop-preview');

  await page.getByRole('button', { name: '确认导入' }).click();
  await page.waitForURL(/\/app\/admin\/batches\/[0-9a-f]{24}$/);
  const batch = await Batch.findOne({ docNo: tableDocNo }).lean();
  t.is(batch?.issuedAt, '2022-09-01');
  t.is(await Project.countDocuments({ batchId: batch!._id }), 58);
  t.deepEqual(errors, []);
});

test.serial('published re-import needs the option', async (t) => {
  const admin = await new ApiSession(product.url).signInAs(roster.admin);
  const batch = await Batch.findOne({ docNo: seedDocNo }).lean();
  const published = await admin.post(`/api/batches/${batch!._id.toString()}/publish`);
  t.is(published.status, 200);
  const withoutLastRow = seedText
    .split('\n')
    .filter((_line, index) => index !== LINES.seq58 - 1)
    .join('\n');

  const { page, errors } = await openImportPage(await phoneContext(browser));
  await page.getByTestId('import-file').setInputFiles({ name: '通知.txt', mimeType: 'text/plain', buffer: Buffer.from(withoutLastRow, 'utf8') });
  await page.getByRole('button', { name: '预览' }).click();
  const existing = page.getByTestId('existing-batch');
  await existing.waitFor();
  t.regex(await existing.innerText(), /同文号批次已发布[\s\S]*删除序号 58/);
  const confirm = page.getByRole('button', { name: '确认导入' });
  t.true(await confirm.isDisabled());
  await page.getByTestId('update-published').scrollIntoViewIfNeeded();
  await screenshot(page, 'import-phone-published');

  await page.getByTestId('update-published').click();
  t.false(await confirm.isDisabled());
  t.is(await Project.countDocuments({ batchId: batch!._id }), 58, 'the preview removed a project');
  await confirm.click();
  await page.waitForURL(`**/app/admin/batches/${batch!._id.toString()}`);
  t.is(await Project.countDocuments({ batchId: batch!._id }), 57);
  t.deepEqual(errors, []);
});
