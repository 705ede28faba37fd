// A unit contact reports a project's six stages from the phone, keeps reporting without a network,
// and corrects a report the bureau returned. Runs the built micro-app in Chromium against the
// real server, database and DingTalk simulator.
import { randomUUID } from 'node:crypto';
import test, { type ExecutionContext } from 'ava';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import {
  launchChromium,
  pageErrors,
  phoneContext,
  pickDate,
  pickOption,
  samplePdf,
  samplePng,
  screenshot,
  signInWithPicker,
} from '../helpers/browser.ts';
import { ApiSession, startTestProduct } from '../helpers/product.ts';
import type { RunningProduct } from '../../server/start.ts';
import type { BatchListItem, MyProjectsResponse, ProjectDetailResponse, ReportView } from '../../server/presenters/responses.ts';
import { classifiedAllowedFields, stageLabels, type Stage } from '../../server/reports/stages.ts';

let product: RunningProduct;
let browser: Browser;
let admin: ApiSession;
/** 王晓明 of 市纪委, through the API, to read what the server stored. */
let contactApi: ApiSession;
const projectIds = new Map<number, string>();

interface ContactPhone {
  context: BrowserContext;
  page: Page;
  errors: string[];
}

test.before(async () => {
  product = await startTestProduct();
  browser = await launchChromium();

  admin = await new ApiSession(product.url).signInAs('jdt-admin-01');
  const batches = await admin.get<BatchListItem[]>('/api/batches');
  const batch = batches.body.find((each) => each.docNo === '舟数管发〔2022〕4号');
  if (batch === undefined) throw new Error('the seed batch is missing');
  const published = await admin.post(`/api/batches/${batch.id}/publish`);
  if (published.status !== 200) throw new Error(`publishing failed: ${published.status} ${JSON.stringify(published.body)}`);

  for (const userId of ['jdt-u01-1', 'jdt-u03-1']) {
    const session = await new ApiSession(product.url).signInAs(userId);
    const mine = await session.get<MyProjectsResponse>('/api/my/projects');
    for (const { projects } of mine.body.batches) for (const project of projects) projectIds.set(project.seq, project.id);
    if (userId === 'jdt-u01-1') contactApi = session;
  }
});

test.after.always(async () => {
  await browser?.close();
  await product?.stop();
});

/** Opens the app on a new phone and signs in as a contact, who lands on the home page. */
async function openPhone(search: string, name: string): Promise<ContactPhone> {
  const context = await phoneContext(browser);
  const page = await context.newPage();
  const errors = pageErrors(page);
  await page.goto(`${product.url}/app/`);
  await signInWithPicker(page, search, name);
  await page.getByRole('heading', { name: '我的项目' }).waitFor();
  return { context, page, errors };
}

const field = (page: Page, name: string) => page.locator(`#field-${name}`);

/** Taps one option of a Selector field. */
async function choose(page: Page, name: string, option: string): Promise<void> {
  await field(page, name).getByText(option, { exact: true }).click();
}

/** Picks a file for a checklist item through the file chooser, as from the phone's files. */
async function attach(page: Page, item: string, name: string, buffer: Buffer, mimeType: string): Promise<void> {
  const section = page.getByTestId(`evidence-${item}`);
  const chooser = page.waitForEvent('filechooser');
  await section.getByRole('button', { name: '选择文件' }).click();
  await (await chooser).setFiles({ name, mimeType, buffer });
  await section.getByText(name).waitFor();
}

/** Waits until antd-mobile's toast after a submission has gone, so a screenshot shows the page. */
async function afterToast(page: Page): Promise<void> {
  await page.locator('.adm-toast-mask').waitFor({ state: 'hidden' });
}

async function openStageForm(page: Page, stage: Stage): Promise<void> {
  await page.getByTestId(`stage-${stage}`).getByRole('button', { name: /报送|继续填写/ }).click();
  await page.getByRole('heading', { name: `报送${stageLabels[stage]}` }).waitFor();
}

/** Submits the form, accepting to send with evidence still missing, and waits for the project page. */
async function submitForm(page: Page, stage: Stage): Promise<void> {
  await page.getByRole('button', { name: /提交报告|重新提交/ }).click();
  const proceed = page.getByRole('button', { name: '仍要提交' });
  const projectPage = page.getByRole('heading', { name: '项目详情' });
  await proceed.or(projectPage).waitFor();
  if (await proceed.isVisible()) await proceed.click();
  await projectPage.waitFor();
  await page.getByTestId(`stage-${stage}`).getByText(/第 \d+ 版/).first().waitFor();
}

async function reportsOf(projectSeq: number, stage: Stage): Promise<ReportView[]> {
  const detail = await admin.get<ProjectDetailResponse>(`/api/projects/${projectIds.get(projectSeq)}`);
  return detail.body.reports.filter((report) => report.stage === stage);
}

/** Waits until `check` returns true, polling; fails the test with `what` after 15 seconds. */
async function eventually(t: ExecutionContext, what: string, check: () => Promise<boolean> | boolean): Promise<void> {
  const deadline = Date.now() + 15_000;
  while (Date.now() < deadline) {
    if (await check()) return;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  t.fail(`timed out waiting until ${what}`);
}

test.serial('contact reports all six stages with files', async (t) => {
  t.timeout(5 * 60_000);
  const { page, errors } = await openPhone('市纪委', '王晓明');
  const project = page.getByTestId('home-project-1');
  await project.waitFor();
  t.is(await project.getByText('未报送').count(), 6);
  await screenshot(page, 'reports-a-01-home');

  await project.click();
  await page.getByRole('heading', { name: '项目详情' }).waitFor();
  await page.getByText('舟山市纪委“四责协同”监督平台2.0').waitFor();
  await screenshot(page, 'reports-a-02-project');

  // 招标采购, with the checks shown while typing.
  await openStageForm(page, 'procurement');
  await screenshot(page, 'reports-a-03-procurement-empty');
  await pickOption(page, 'field-method', '公开招标');
  await pickDate(page, 'field-announcementDate', '2022-08-01');
  await pickDate(page, 'field-resultDate', '2022-07-20');
  await page.getByText('中标日期不能早于公告日期').waitFor();
  await field(page, 'winningAmount').fill('1056000.555');
  await page.getByText('金额最多两位小数').waitFor();
  await screenshot(page, 'reports-a-04-procurement-errors');
  await pickDate(page, 'field-resultDate', '2022-08-26');
  await field(page, 'winningAmount').fill('1,056,000.5');
  await page.getByText('合 105.60005 万元').waitFor();
  t.is(await page.getByText('中标日期不能早于公告日期').count(), 0);
  await field(page, 'supplier').fill('浙江数智科技有限公司');
  await field(page, 'paidToDate').fill('0');
  await field(page, 'progressPercent').fill('10');
  await attach(page, '采购公告', '采购公告.pdf', samplePdf('Procurement notice'), 'application/pdf');
  await attach(page, '中标（成交）通知书', '中标通知书.png', samplePng(), 'image/png');
  await page.getByText('清单中的材料已齐全').waitFor();
  t.is(await page.locator('img.jdt-evidence-file__thumb').count(), 1);
  await screenshot(page, 'reports-a-06-procurement-files');
  await page.evaluate(() => window.scrollTo(0, 0));
  await screenshot(page, 'reports-a-05-procurement-filled');
  await submitForm(page, 'procurement');
  await screenshot(page, 'reports-a-07-project-after-procurement-toast');
  await afterToast(page);
  await page.getByTestId('stage-procurement').scrollIntoViewIfNeeded();
  await screenshot(page, 'reports-a-07-project-after-procurement');

  // 合同备案: the filing date may not precede the signing.
  await openStageForm(page, 'contractFiling');
  await field(page, 'contractNo').fill('ZJW-2022-HT-018');
  await pickDate(page, 'field-signedDate', '2022-09-05');
  await pickDate(page, 'field-filedDate', '2022-09-01');
  await page.getByText('备案日期不能早于合同签订日期').waitFor();
  await pickDate(page, 'field-filedDate', '2022-09-09');
  await field(page, 'counterparty').fill('浙江数智科技有限公司');
  await field(page, 'amount').fill('1050000.00');
  await field(page, 'paidToDate').fill('1050000.01');
  await page.getByText('已支付金额不能超过合同金额').waitFor();
  await screenshot(page, 'reports-a-08-contract-errors');
  await field(page, 'paidToDate').fill('315000');
  await field(page, 'progressPercent').fill('30');
  await attach(page, '合同文本（签字盖章页）', '合同签字盖章页.pdf', samplePdf('Contract'), 'application/pdf');
  await submitForm(page, 'contractFiling');

  // 监理
  await openStageForm(page, 'supervision');
  await field(page, 'supervisor').fill('舟山市信息工程监理有限公司');
  await field(page, 'contractAmount').fill('18000');
  await pickDate(page, 'field-startDate', '2022-09-01');
  await field(page, 'paidToDate').fill('315000');
  await field(page, 'progressPercent').fill('35');
  await attach(page, '监理合同', '监理合同照片.png', samplePng(320, 320, 'noise'), 'image/png');
  // A slow uplink, as on the islands, so the upload progress can be seen.
  const network = await page.context().newCDPSession(page);
  await network.send('Network.enable');
  await network.send('Network.emulateNetworkConditions', { offline: false, latency: 50, downloadThroughput: -1, uploadThroughput: 64 * 1024 });
  await page.getByRole('button', { name: '提交报告' }).click();
  await page.getByText(/正在上传 [1-9]\d?%/).waitFor();
  await page.getByText('监理合同照片.png').scrollIntoViewIfNeeded();
  await screenshot(page, 'reports-a-09-supervision-uploading');
  await network.send('Network.emulateNetworkConditions', { offline: false, latency: 0, downloadThroughput: -1, uploadThroughput: -1 });
  await page.getByRole('heading', { name: '项目详情' }).waitFor();
  await page.getByTestId('stage-supervision').getByText(/第 1 版/).waitFor();
  await network.detach();

  // 验收 with one of its six checklist items, so the form requests a confirmation before sending.
  await openStageForm(page, 'acceptance');
  await choose(page, 'kind', '初验');
  await pickDate(page, 'field-date', '2023-03-15');
  await choose(page, 'conclusion', '通过');
  await field(page, 'remarks').fill('系统功能满足合同要求，同意通过初验。');
  await field(page, 'paidToDate').fill('735000');
  await field(page, 'progressPercent').fill('90');
  await attach(page, '验收报告', '初验报告.pdf', samplePdf('Acceptance'), 'application/pdf');
  await page.getByText(/还缺 5 项材料/).waitFor();
  await page.getByText('初验报告.pdf').scrollIntoViewIfNeeded();
  await screenshot(page, 'reports-a-10-acceptance-filled');
  await page.getByRole('button', { name: '提交报告' }).click();
  await page.getByText('还缺 5 项材料').last().waitFor();
  // Lets the dialog's opening animation finish, for the screenshot only.
  await page.waitForTimeout(500);
  await screenshot(page, 'reports-a-11-acceptance-missing-dialog');
  await page.getByRole('button', { name: '仍要提交' }).click();
  await page.getByRole('heading', { name: '项目详情' }).waitFor();
  await page.getByTestId('stage-acceptance').getByText(/缺少材料：/).waitFor();

  // 运营
  await openStageForm(page, 'operation');
  await pickDate(page, 'field-goLiveDate', '2023-03-20');
  await choose(page, 'status', '试运行');
  await field(page, 'usage').fill('覆盖市本级和 4 个县区，注册用户 860 人');
  await field(page, 'paidToDate').fill('945000');
  await field(page, 'progressPercent').fill('95');
  await attach(page, '上线运行证明', '上线运行证明.png', samplePng(), 'image/png');
  await submitForm(page, 'operation');

  // 绩效自评
  await openStageForm(page, 'selfEvaluation');
  await field(page, 'score').fill('92.5');
  await choose(page, 'grade', '优');
  await field(page, 'keyResults').fill('问题线索处置周期缩短三成。');
  await field(page, 'paidToDate').fill('1050000');
  await field(page, 'progressPercent').fill('100');
  await attach(page, '绩效自评报告', '绩效自评报告.pdf', samplePdf('Self evaluation'), 'application/pdf');
  await submitForm(page, 'selfEvaluation');
  await afterToast(page);
  await page.getByTestId('stage-procurement').scrollIntoViewIfNeeded();
  await screenshot(page, 'reports-a-12-project-all-stages');
  await page.getByTestId('stage-selfEvaluation').scrollIntoViewIfNeeded();
  await screenshot(page, 'reports-a-13-project-all-stages-bottom');

  await page.getByRole('button', { name: '返回' }).click();
  await page.getByTestId('home-project-1').waitFor();
  t.is(await page.getByTestId('home-project-1').getByText('已提交').count(), 6);
  await screenshot(page, 'reports-a-14-home-all-submitted');

  // The server stored each amount in 分 exactly, and the files with their original names.
  const detail = await contactApi.get<ProjectDetailResponse>(`/api/projects/${projectIds.get(1)}`);
  t.is(detail.body.reports.length, 6);
  const byStage = new Map(detail.body.reports.map((report) => [report.stage, report]));
  t.like(byStage.get('procurement')?.fields, { winningAmount: 105_600_050, resultDate: '2022-08-26', method: '公开招标' });
  t.deepEqual(byStage.get('procurement')?.evidence.map((file) => file.name).sort(), ['中标通知书.png', '采购公告.pdf']);
  t.like(byStage.get('contractFiling')?.fields, { amount: 105_000_000, signedDate: '2022-09-05', filedDate: '2022-09-09' });
  t.like(byStage.get('contractFiling')?.common, { paidToDate: 31_500_000, progressPercent: 30 });
  t.like(byStage.get('supervision')?.fields, { contractAmount: 1_800_000 });
  t.like(byStage.get('selfEvaluation')?.fields, { score: 92.5, grade: '优' });
  t.deepEqual(byStage.get('acceptance')?.missingEvidence, ['项目建设总结', '财务报告', '审计报告', '安全测评报告', '密码应用安全性评估报告']);
  for (const report of detail.body.reports) {
    t.is(report.state, 'submitted', report.stage);
    t.is(report.version, 1, report.stage);
    t.true(report.evidence.length >= 1, report.stage);
  }
  t.deepEqual(errors, []);
});

test.serial('report made offline is sent once when back online', async (t) => {
  t.timeout(5 * 60_000);
  const { context, page, errors } = await openPhone('市纪委', '王晓明');
  await page.getByTestId('home-project-2').click();
  await page.getByRole('heading', { name: '项目详情' }).waitFor();
  await openStageForm(page, 'procurement');
  // The form has loaded everything it needs, including the drafts page it opens after submitting.
  await page.waitForLoadState('networkidle');

  // The network drops while the contact fills in the form on the island.
  await context.setOffline(true);
  await pickOption(page, 'field-method', '询价');
  await pickDate(page, 'field-announcementDate', '2022-09-01');
  await pickDate(page, 'field-resultDate', '2022-09-20');
  await field(page, 'supplier').fill('舟山海星信息技术有限公司');
  await field(page, 'winningAmount').fill('498000');
  await field(page, 'paidToDate').fill('0');
  await field(page, 'progressPercent').fill('5');
  const islandNotice = samplePng(20, 12, [250, 140, 22]);
  await attach(page, '采购公告', '询价公告（海岛版）.png', islandNotice, 'image/png');
  await page.getByText(/草稿已自动保存在本机/).waitFor();
  await screenshot(page, 'reports-b-01-offline-form');
  await page.getByRole('button', { name: '提交报告' }).click();
  await page.getByRole('button', { name: '仍要提交' }).click();
  await page.getByRole('heading', { name: '我的草稿' }).waitFor();
  const draft = page.getByTestId('draft').filter({ hasText: '舟山市基层公权力大数据监督应用' });
  await draft.getByText('待发送', { exact: true }).waitFor();
  await screenshot(page, 'reports-b-02-drafts-pending-offline');
  t.is((await reportsOf(2, 'procurement')).length, 0);

  // The phone reports being online, but the uplink is too weak for the upload: the online event
  // and the app's restart both try, and the draft with its file survives the reload.
  let uploads = 0;
  await page.route('**/api/projects/*/files', async (route) => {
    uploads += 1;
    await route.abort('internetdisconnected');
  });
  await context.setOffline(false);
  await eventually(t, 'the online event tried the upload', () => uploads === 1);
  await draft.getByRole('button', { name: '重试' }).waitFor();
  await page.reload();
  await page.getByRole('heading', { name: '我的草稿' }).waitFor();
  await eventually(t, 'the app start tried the upload', () => uploads === 2);
  await draft.getByText('待发送', { exact: true }).waitFor();
  await draft.getByText(/文件 1 个/).waitFor();
  await screenshot(page, 'reports-b-03-drafts-pending-after-reload');
  t.is((await reportsOf(2, 'procurement')).length, 0);

  // The upload goes through from the copy kept in IndexedDB, but every response to the report is
  // lost on the way: the server creates the report, and the phone gets only a reset connection.
  await page.unroute('**/api/projects/*/files');
  let reportPosts = 0;
  await page.route('**/api/projects/*/reports', async (route) => {
    reportPosts += 1;
    await route.fetch();
    await route.abort('connectionreset');
  });
  await draft.getByRole('button', { name: '重试' }).click();
  await eventually(t, 'the manual retry posted the report', () => reportPosts === 1);
  await draft.getByRole('button', { name: '重试' }).waitFor();
  t.is((await reportsOf(2, 'procurement')).length, 1);

  // A restart sends the same idempotency key again, and still only one report exists.
  await page.reload();
  await page.getByRole('heading', { name: '我的草稿' }).waitFor();
  await eventually(t, 'the app start posted the report again', () => reportPosts === 2);
  await draft.getByText('待发送', { exact: true }).waitFor();
  t.is((await reportsOf(2, 'procurement')).length, 1);

  // The network comes back for real, and the next online event gets the response through.
  await page.unroute('**/api/projects/*/reports');
  await context.setOffline(true);
  await context.setOffline(false);
  await draft.getByText('已提交', { exact: true }).waitFor();
  await screenshot(page, 'reports-b-04-drafts-sent');

  const reports = await reportsOf(2, 'procurement');
  t.is(reports.length, 1);
  t.is(reports[0]?.version, 1);
  t.like(reports[0]?.fields, { winningAmount: 49_800_000, method: '询价', resultDate: '2022-09-20' });
  t.deepEqual(reports[0]?.evidence.map((file) => file.name), ['询价公告（海岛版）.png']);
  const stored = await contactApi.fetch('GET', `/api/files/${reports[0]?.evidence[0]?.id}`);
  t.deepEqual(Buffer.from(await stored.arrayBuffer()), islandNotice);
  t.deepEqual(errors, []);
});

test.serial('returned report is corrected as version 2', async (t) => {
  t.timeout(3 * 60_000);
  const created = await contactApi.post<ReportView>(`/api/projects/${projectIds.get(2)}/reports`, {
    idempotencyKey: randomUUID(),
    stage: 'supervision',
    fields: { supervisor: '舟山市信息工程监理有限公司', contractAmount: 1_800_000, startDate: '2022-10-08' },
    common: { paidToDate: 0, progressPercent: 10, risks: '', note: '' },
    evidence: [],
  });
  t.is(created.status, 201, JSON.stringify(created.body));
  const reason = '监理合同金额与合同文本不一致，请核对后重新报送，并附监理合同扫描件';
  const returned = await admin.post<ReportView>(`/api/reports/${created.body.id}/review`, { decision: 'return', reason, version: created.body.version });
  t.is(returned.status, 200, JSON.stringify(returned.body));

  const { page, errors } = await openPhone('市纪委', '王晓明');
  const project = page.getByTestId('home-project-2');
  await project.getByText('已退回').waitFor();
  await screenshot(page, 'reports-c-01-home-returned');
  await project.click();
  const stage = page.getByTestId('stage-supervision');
  await stage.getByText(`退回原因：${reason}`).waitFor();
  await stage.scrollIntoViewIfNeeded();
  await screenshot(page, 'reports-c-02-project-returned');

  await stage.getByRole('button', { name: '修改后重新提交' }).click();
  await page.getByRole('heading', { name: '修改监理报告' }).waitFor();
  await page.getByText(reason).waitFor();
  t.is(await field(page, 'contractAmount').inputValue(), '18000.00');
  t.is(await field(page, 'supervisor').inputValue(), '舟山市信息工程监理有限公司');
  await screenshot(page, 'reports-c-03-correction-form');
  await field(page, 'contractAmount').fill('16800');
  await attach(page, '监理合同', '监理合同扫描件.pdf', samplePdf('Supervision contract'), 'application/pdf');
  await page.getByRole('button', { name: '重新提交（第 2 版）' }).click();
  await page.getByRole('heading', { name: '项目详情' }).waitFor();
  await stage.getByText(/第 2 版/).waitFor();
  await afterToast(page);
  await stage.scrollIntoViewIfNeeded();
  await screenshot(page, 'reports-c-04-project-resubmitted');

  const versions = await contactApi.get<ReportView[]>(`/api/reports/${created.body.id}/versions`);
  t.is(versions.body.length, 2);
  const latest = versions.body.find((version) => version.version === 2);
  t.is(latest?.state, 'submitted');
  t.like(latest?.fields, { contractAmount: 1_680_000 });
  t.deepEqual(latest?.evidence.map((file) => file.name), ['监理合同扫描件.pdf']);
  t.is((await reportsOf(2, 'supervision')).length, 1);
  t.deepEqual(errors, []);
});

test.serial('classified project reports dates only', async (t) => {
  t.timeout(3 * 60_000);
  const { page, errors } = await openPhone('市委组织部', '张国栋');
  await page.getByTestId('home-project-5').getByText('涉密').waitFor();
  await page.getByTestId('home-project-5').click();
  await page.getByRole('heading', { name: '项目详情' }).waitFor();
  t.is(await page.getByText('建设内容').count(), 0);
  await openStageForm(page, 'procurement');

  await page.getByText('涉密项目只报送日期和状态，不上传文件和文字内容').waitFor();
  t.is(await page.getByRole('button', { name: '选择文件' }).count(), 0);
  t.is(await field(page, 'supplier').count(), 0);
  t.is(await field(page, 'risks').count(), 0);
  await pickOption(page, 'field-method', '单一来源');
  await pickDate(page, 'field-announcementDate', '2022-08-10');
  await pickDate(page, 'field-resultDate', '2022-08-30');
  await field(page, 'winningAmount').fill('1790000');
  await field(page, 'paidToDate').fill('0');
  await field(page, 'progressPercent').fill('15');
  await screenshot(page, 'reports-d-01-classified-form');
  await submitForm(page, 'procurement');
  await afterToast(page);
  await screenshot(page, 'reports-d-02-classified-project');

  const stored = await reportsOf(5, 'procurement');
  t.is(stored.length, 1);
  const allowed: readonly string[] = classifiedAllowedFields.procurement;
  t.deepEqual(Object.keys(stored[0]?.fields ?? {}).filter((key) => !allowed.includes(key)), []);
  t.deepEqual(stored[0]?.evidence, []);
  t.deepEqual(errors, []);
});
