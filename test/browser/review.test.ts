// The bureau reviews stage reports on a phone: the queue, a report with its fields, evidence and
// checklist, a return with a reason, an acceptance, and the checklist settings. Runs the built
// micro-app in Chromium against the real server, database and DingTalk simulator.
import test, { type ExecutionContext } from 'ava';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { launchChromium, pageErrors, phoneContext, screenshot, signInWithPicker } from '../helpers/browser.ts';
import { ApiSession, startTestProduct } from '../helpers/product.ts';
import { fileForm, reportBody, roster, smallPng, submit } from '../helpers/reports.ts';
import type { RunningProduct } from '../../server/start.ts';
import type {
  BatchListItem,
  EvidenceChecklistResponse,
  EvidenceFileView,
  MyProjectsResponse,
  ReportListItem,
  ReportView,
} from '../../server/presenters/responses.ts';

let product: RunningProduct;
let browser: Browser;
let admin: ApiSession;
/** 王晓明 of 市纪委, who reports projects 1 and 2. */
let contact: ApiSession;
const projectIds = new Map<number, string>();
/** 招标采购 of project 1 with a PNG proving one of its two checklist items; the admin returns it. */
let procurement: ReportView;
/** 监理 of project 2 without files; the admin accepts it. */
let supervision: ReportView;
let png: EvidenceFileView;

const returnReason = '采购公告未上传，请补充公告截图或网页打印件后重新报送';

test.before(async () => {
  product = await startTestProduct();
  browser = await launchChromium();

  admin = await new ApiSession(product.url).signInAs(roster.admin);
  const batches = await admin.get<BatchListItem[]>('/api/batches');
  const batch = batches.body.find((each) => each.docNo === '舟数管发〔2022〕4号');
  if (batch === undefined) throw new Error('the seed batch is missing');
  const published = await admin.post(`/api/batches/${batch.id}/publish`);
  if (published.status !== 200) throw new Error(`publishing failed: ${published.status} ${JSON.stringify(published.body)}`);
  await product.dispatcher.trigger();

  contact = await new ApiSession(product.url).signInAs(roster.discipline);
  const mine = await contact.get<MyProjectsResponse>('/api/my/projects');
  for (const { projects } of mine.body.batches) for (const project of projects) projectIds.set(project.seq, project.id);

  const uploaded = await contact.postForm<EvidenceFileView>(`/api/projects/${projectIds.get(1)}/files`, fileForm(smallPng(), '中标通知书.png', '中标（成交）通知书'));
  if (uploaded.status !== 201) throw new Error(`upload failed: ${uploaded.status} ${JSON.stringify(uploaded.body)}`);
  png = uploaded.body;
  // Submitted in this order, so the queue lists 招标采购 first.
  procurement = await submit(contact, projectIds.get(1)!, reportBody('procurement', { evidence: [png.id] }));
  supervision = await submit(contact, projectIds.get(2)!, reportBody('supervision'));
});

test.after.always(async () => {
  await browser?.close();
  await product?.stop();
});

interface Screen {
  context: BrowserContext;
  page: Page;
  errors: string[];
}

/** Opens the app in `context` and signs in as 方思齐, the bureau's admin, who lands on the bureau's home page. */
async function signInAsAdmin(context: BrowserContext): Promise<Screen> {
  const page = await context.newPage();
  const errors = pageErrors(page);
  await page.goto(`${product.url}/app/`);
  await signInWithPicker(page, '方思齐', '方思齐');
  await page.waitForURL('**/app/admin');
  return { context, page, errors };
}

/** Polls until `check` returns true, and fails the test with `what` after 15 seconds. */
async function eventually(t: ExecutionContext, what: string, check: () => Promise<boolean> | boolean): Promise<void> {
  const deadline = Date.now() + 15_000;
  while (Date.now() < deadline) {
    if (await check()) return;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  t.fail(`timed out waiting until ${what}`);
}

/** Waits until antd-mobile's toast has gone, so a screenshot shows the page under it. */
async function afterToast(page: Page): Promise<void> {
  await page.locator('.adm-toast-mask').waitFor({ state: 'hidden' });
}

/** Waits until a dialog's opening animation has finished, for the screenshot only. */
async function dialogSettled(page: Page): Promise<void> {
  await page.locator('.adm-dialog-body').last().waitFor();
  await page.waitForTimeout(400);
}

const queueItems = (page: Page) => page.getByTestId('review-item');

test.serial('admin returns and accepts reports', async (t) => {
  t.timeout(3 * 60_000);
  const { page, errors } = await signInAsAdmin(await phoneContext(browser));

  await page.getByText('待审核报告（2）').waitFor();
  await page.getByText('材料清单设置').waitFor();
  await screenshot(page, 'review-01-admin-home');

  // The queue, oldest first, with what a reviewer needs before opening a report.
  await page.getByText('待审核报告（2）').click();
  await page.getByRole('heading', { name: '待审核报告' }).waitFor();
  await queueItems(page).nth(1).waitFor();
  const first = queueItems(page).nth(0);
  const second = queueItems(page).nth(1);
  t.regex((await first.textContent()) ?? '', /序号 1.*舟山市纪委“四责协同”监督平台2\.0/);
  t.regex((await first.textContent()) ?? '', /招标采购.*第 1 版.*缺 1 项材料/);
  t.regex((await first.textContent()) ?? '', /王晓明 提交于 \d{4}-\d{2}-\d{2} \d{2}:\d{2}/);
  t.regex((await first.textContent()) ?? '', /市纪委/);
  t.regex((await second.textContent()) ?? '', /序号 2.*监理.*缺 1 项材料/);
  await screenshot(page, 'review-02-queue');

  await page.getByText('监理 1', { exact: true }).click();
  await eventually(t, 'the filter left one report', async () => (await queueItems(page).count()) === 1);
  t.regex((await queueItems(page).first().textContent()) ?? '', /序号 2/);
  t.regex(page.url(), /\?stage=supervision$/);
  await screenshot(page, 'review-03-queue-filtered');
  await page.getByText('全部 2', { exact: true }).click();
  await eventually(t, 'the filter showed both reports', async () => (await queueItems(page).count()) === 2);

  // The 招标采购 report: fields with their labels, amounts in 元 and 万元, the plan, the evidence.
  await first.click();
  await page.getByRole('heading', { name: '审核报告' }).waitFor();
  const fields = page.getByTestId('report-fields');
  await fields.waitFor();
  const winning = fields.locator('[data-field="winningAmount"]');
  t.is(await winning.locator('dt').textContent(), '中标金额');
  t.regex((await winning.locator('dd').textContent()) ?? '', /985,000\.00 元合 98\.5 万元，为总投资的 \d+\.\d%/);
  t.regex((await fields.locator('[data-field="paidToDate"]').textContent()) ?? '', /已支付金额295,500\.00 元合 29\.55 万元/);
  t.is(await fields.locator('[data-field="method"] dd').textContent(), '公开招标');
  t.is(await fields.locator('[data-field="supplier"] dd').textContent(), '舟山海城信息技术有限公司');
  t.is(await fields.locator('[data-field="progressPercent"] dd').textContent(), '30%');
  t.is(await page.getByText('涉密', { exact: true }).count(), 0);
  await page.getByText('总投资', { exact: true }).waitFor();
  await screenshot(page, 'review-04-report');

  const thumbnail = page.locator('img.jdt-review-file__thumb');
  await thumbnail.scrollIntoViewIfNeeded();
  t.is(await thumbnail.getAttribute('src'), `/api/files/${png.id}?preview=1`);
  await eventually(t, 'the thumbnail loaded', () => thumbnail.evaluate((image: HTMLImageElement) => image.complete && image.naturalWidth === 2));
  // A tap on the thumbnail shows the image full screen, and a tap on it closes it again.
  await page.getByRole('button', { name: '查看大图 中标通知书.png' }).click();
  const viewer = page.locator('.adm-image-viewer-content');
  await viewer.locator(`img[src="/api/files/${png.id}?preview=1"]`).waitFor();
  await viewer.tap();
  await viewer.waitFor({ state: 'hidden' });
  const download = page.getByRole('link', { name: '下载 中标通知书.png' });
  t.is(await download.getAttribute('href'), `/api/files/${png.id}`);
  t.is(await download.getAttribute('download'), '中标通知书.png');
  const served = await admin.fetch('GET', `/api/files/${png.id}`);
  t.is(served.headers.get('content-disposition'), `attachment; filename="_____.png"; filename*=UTF-8''${encodeURIComponent('中标通知书.png')}`);
  t.deepEqual(Buffer.from(await served.arrayBuffer()), smallPng());
  await page.getByTestId('missing-summary').getByText('清单 2 项，缺 1 项：采购公告').waitFor();
  t.is(await page.getByTestId('checklist-采购公告').getByText('缺少').count(), 1);
  t.is(await page.getByTestId('checklist-中标（成交）通知书').getByText('已提供').count(), 1);
  await screenshot(page, 'review-05-report-evidence');

  // The same page on a desktop, as in DingTalk for PC.
  const desktop = await signInAsAdmin(await browser.newContext({ viewport: { width: 1280, height: 800 }, locale: 'zh-CN', timezoneId: 'Asia/Shanghai' }));
  await desktop.page.goto(`${product.url}/app/admin/reviews/${procurement.id}`);
  await desktop.page.getByTestId('report-fields').waitFor();
  // Closing the context while the thumbnail still downloads would abort the server's file stream.
  const desktopThumbnail = desktop.page.locator('img.jdt-review-file__thumb');
  await eventually(t, 'the desktop thumbnail loaded', () => desktopThumbnail.evaluate((image: HTMLImageElement) => image.complete && image.naturalWidth === 2));
  await screenshot(desktop.page, 'review-06-report-desktop');
  t.deepEqual(desktop.errors, []);
  await desktop.context.close();

  // Returning needs a reason of 1 to 500 characters, counted while typing.
  await page.getByRole('button', { name: '退回', exact: true }).click();
  const reason = page.locator('#return-reason');
  await reason.waitFor();
  const confirmReturn = page.getByRole('button', { name: '确认退回' });
  t.true(await confirmReturn.isDisabled());
  await reason.fill('请补充'.repeat(170));
  await page.getByText('退回理由不能超过 500 字，请删减 10 字').waitFor();
  await page.getByText('510/500').waitFor();
  t.true(await confirmReturn.isDisabled());
  await dialogSettled(page);
  await screenshot(page, 'review-07-return-too-long');
  await reason.fill(returnReason);
  await page.getByText(`${[...returnReason].length}/500`).waitFor();
  t.false(await confirmReturn.isDisabled());
  await screenshot(page, 'review-08-return-dialog');
  await confirmReturn.click();

  // Back in the queue, with a toast, and the author's work notification contains the reason.
  await page.getByText('已退回', { exact: true }).waitFor();
  await page.getByRole('heading', { name: '待审核报告' }).waitFor();
  await screenshot(page, 'review-09-queue-after-return-toast');
  await afterToast(page);
  await eventually(t, 'the queue lost the returned report', async () => (await queueItems(page).count()) === 1);
  const returned = await admin.get<ReportView[]>(`/api/reports/${procurement.id}/versions`);
  t.is(returned.body[0]?.state, 'returned');
  t.is(returned.body[0]?.review?.reason, returnReason);
  await product.dispatcher.trigger();
  const cards = product.simulator!.state.messagesFor(roster.discipline).filter((record) => JSON.stringify(record.msg).includes(returnReason));
  t.is(cards.length, 1);

  // The 监理 report: accepted after a confirmation.
  await queueItems(page).first().click();
  await page.getByRole('heading', { name: '审核报告' }).waitFor();
  await page.getByText('舟山市基层公权力大数据监督应用').waitFor();
  await page.getByRole('button', { name: '通过', exact: true }).click();
  await page.getByRole('button', { name: '确认通过' }).waitFor();
  await dialogSettled(page);
  await screenshot(page, 'review-10-accept-dialog');
  await page.getByRole('button', { name: '确认通过' }).click();
  await page.getByText('已通过', { exact: true }).waitFor();
  await page.getByText('暂无待审核报告').waitFor();
  await afterToast(page);
  await screenshot(page, 'review-11-queue-empty');

  const queue = await admin.get<ReportListItem[]>('/api/reports?state=submitted');
  t.deepEqual(queue.body, []);
  const accepted = await admin.get<ReportView[]>(`/api/reports/${supervision.id}/versions`);
  t.is(accepted.body[0]?.state, 'accepted');
  await page.getByRole('button', { name: '返回' }).click();
  await page.getByText('待审核报告（0）').waitFor();
  t.deepEqual(errors, []);
});

test.serial('admin adds a checklist item', async (t) => {
  t.timeout(2 * 60_000);
  const { page, errors } = await signInAsAdmin(await phoneContext(browser));

  await page.getByText('材料清单设置').click();
  await page.getByRole('heading', { name: '材料清单设置' }).waitFor();
  const list = page.getByTestId('checklist-procurement');
  await list.waitFor();
  t.is(await list.locator('input').count(), 2);
  t.is(await list.locator('input').nth(1).inputValue(), '中标（成交）通知书');
  await screenshot(page, 'review-12-checklist');

  // A repeated name is refused with the server's own message before anything is sent.
  await list.getByRole('button', { name: '添加材料' }).click();
  await list.locator('input').nth(2).fill('采购公告');
  await list.getByText('与第 1 项重复').waitFor();
  await page.getByText('材料名称不能重复').waitFor();
  await screenshot(page, 'review-13-checklist-duplicate');

  await list.locator('input').nth(2).fill('采购需求论证材料');
  t.is(await page.getByText('材料名称不能重复').count(), 0);
  await page.getByRole('button', { name: '保存招标采购清单' }).click();
  await page.getByText('清单已保存').waitFor();
  await screenshot(page, 'review-14-checklist-saved');
  await afterToast(page);

  const stored = await admin.get<EvidenceChecklistResponse>('/api/evidence-checklist');
  t.deepEqual(stored.body.procurement, ['采购公告', '中标（成交）通知书', '采购需求论证材料']);
  t.deepEqual(stored.body.supervision, ['监理合同']);
  t.true(await page.getByRole('button', { name: '保存招标采购清单' }).isDisabled());
  t.deepEqual(errors, []);
});

test.serial('resubmitted report shows the earlier version', async (t) => {
  t.timeout(2 * 60_000);
  const corrected = await contact.request<ReportView>(
    'PUT',
    `/api/reports/${procurement.id}`,
    reportBody('procurement', { evidence: [png.id], fields: { supplier: '舟山海城数字科技有限公司' } }),
  );
  t.is(corrected.status, 200, JSON.stringify(corrected.body));

  const { page, errors } = await signInAsAdmin(await phoneContext(browser));
  await page.getByText('待审核报告（1）').click();
  await queueItems(page).first().getByText('第 2 版').waitFor();
  await queueItems(page).first().click();
  await page.getByRole('heading', { name: '审核报告' }).waitFor();

  // The checklist edited above now counts 采购需求论证材料 as missing too.
  await page.getByTestId('missing-summary').getByText('清单 3 项，缺 2 项：采购公告、采购需求论证材料').waitFor();
  const versions = page.locator('.jdt-review-versions');
  await versions.getByText('历史版本（1）').waitFor();
  await versions.getByText('第 1 版 · 已退回').click();
  const earlier = page.getByTestId('version-1');
  await earlier.getByText(`退回理由：${returnReason}`).waitFor();
  await earlier.getByText('第 1 版：舟山海城信息技术有限公司').waitFor();
  await earlier.getByText('第 2 版：舟山海城数字科技有限公司').waitFor();
  await earlier.evaluate((element) => element.scrollIntoView({ block: 'center' }));
  // Lets the panel's opening animation finish, for the screenshot only.
  await page.waitForTimeout(400);
  await screenshot(page, 'review-15-earlier-version');
  t.deepEqual(errors, []);
});

test.serial('classified report shows no files', async (t) => {
  t.timeout(2 * 60_000);
  const cyberspace = await new ApiSession(product.url).signInAs(roster.cyberspace);
  const mine = await cyberspace.get<MyProjectsResponse>('/api/my/projects');
  const project6 = mine.body.batches.flatMap((group) => group.projects).find((project) => project.seq === 6);
  if (project6 === undefined) throw new Error('project 6 is missing');
  const body = reportBody('procurement');
  body.fields = { method: '单一来源', announcementDate: '2022-08-01', resultDate: '2022-08-20', winningAmount: 80_000_000 } as typeof body.fields;
  body.common = { paidToDate: 0, progressPercent: 10 } as typeof body.common;
  const classified = await submit(cyberspace, project6.id, body);

  const { page, errors } = await signInAsAdmin(await phoneContext(browser));
  await page.goto(`${product.url}/app/admin/reviews/${classified.id}`);
  await page.getByTestId('report-fields').waitFor();
  await page.getByText('涉密', { exact: true }).waitFor();
  await page.getByText('涉密项目不上传文件，只报送日期、金额和状态。').waitFor();
  t.is(await page.getByTestId('review-file').count(), 0);
  t.is(await page.getByTestId('report-fields').locator('[data-field="supplier"]').count(), 0);
  t.is(await page.getByTestId('report-fields').locator('[data-field="risks"]').count(), 0);
  await screenshot(page, 'review-16-classified');
  t.deepEqual(errors, []);
});
