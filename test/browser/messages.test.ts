// The bureau follows up on DingTalk delivery on a phone: each contact's delivery state in the
// 确认情况 tab, the list of queued messages, and resending a failed one. Runs the built micro-app
// in Chromium against the real server, database and DingTalk simulator.
import test, { type ExecutionContext } from 'ava';
import type { Browser, Page } from 'playwright-core';
import { launchChromium, pageErrors, phoneContext, screenshot, signInWithPicker } from '../helpers/browser.ts';
import { ApiSession, startTestProduct } from '../helpers/product.ts';
import { roster } from '../helpers/reports.ts';
import { OutboxMessage } from '../../server/models/outbox-message.ts';
import type { RunningProduct } from '../../server/start.ts';
import type { BatchListItem } from '../../server/presenters/responses.ts';

/** 李志强 of 市政协, who opens the notice but does not confirm. */
const reader = 'jdt-u02-1';
/** A contact whose notice DingTalk rejected. */
const undelivered = roster.organization;
/** A contact who neither opens nor confirms the notice. */
const unread = roster.cyberspace;
const failureReason = '钉钉错误 60020：IP 不在白名单';

let product: RunningProduct;
let browser: Browser;
let batchId: string;

test.before(async () => {
  product = await startTestProduct();
  browser = await launchChromium();

  const admin = await new ApiSession(product.url).signInAs(roster.admin);
  const batches = await admin.get<BatchListItem[]>('/api/batches');
  const batch = batches.body.find((each) => each.docNo === '舟数管发〔2022〕4号');
  if (batch === undefined) throw new Error('the seed batch is missing');
  batchId = batch.id;
  const published = await admin.post(`/api/batches/${batchId}/publish`);
  if (published.status !== 200) throw new Error(`publishing failed: ${published.status} ${JSON.stringify(published.body)}`);
  await product.dispatcher.trigger();

  const simulator = product.simulator!.state;
  const card = simulator.messagesFor(reader)[0];
  if (card === undefined) throw new Error(`no work notification reached ${reader}`);
  simulator.markRead(reader, card.taskId);

  const contact = await new ApiSession(product.url).signInAs(roster.discipline);
  const confirmed = await contact.post(`/api/batches/${batchId}/confirm`);
  if (confirmed.status !== 200) throw new Error(`confirming failed: ${confirmed.status} ${JSON.stringify(confirmed.body)}`);

  const failed = await OutboxMessage.updateOne(
    { userIds: undelivered, kind: 'work-notification' },
    { $set: { state: 'failed', lastError: failureReason } },
  );
  if (failed.modifiedCount !== 1) throw new Error(`expected one notice of ${undelivered} to fail, changed ${failed.modifiedCount}`);
});

test.after.always(async () => {
  await browser?.close();
  await product?.stop();
});

/** Opens the app on a phone and signs in as 方思齐, the bureau's admin. */
async function signInAsAdmin(): Promise<{ page: Page; errors: string[] }> {
  const page = await (await phoneContext(browser)).newPage();
  const errors = pageErrors(page);
  await page.goto(`${product.url}/app/`);
  await signInWithPicker(page, '方思齐', '方思齐');
  await page.waitForURL('**/app/admin');
  return { page, errors };
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

/** The delivery state shown for a contact, in the first unit that lists them. */
async function deliveryStateOf(page: Page, userId: string): Promise<string | null> {
  return page.getByTestId(`contact-${userId}`).first().getByTestId('delivery-state').textContent();
}

test.serial('confirmations tab shows delivery states', async (t) => {
  t.timeout(2 * 60_000);
  const { page, errors } = await signInAsAdmin();

  await page.goto(`${product.url}/app/admin/batches/${batchId}?tab=confirmations`);
  const summary = page.locator('dl[data-testid="delivery-summary"]');
  await summary.waitFor();
  t.regex((await summary.textContent()) ?? '', /未送达\s*1 人/);
  t.regex((await summary.textContent()) ?? '', /未读\s*31 人/);
  t.regex((await summary.textContent()) ?? '', /已读未确认\s*1 人/);
  t.regex((await summary.textContent()) ?? '', /已确认\s*1 人/);

  t.is(await deliveryStateOf(page, roster.discipline), '已确认');
  t.is(await deliveryStateOf(page, reader), '已读未确认');
  t.is(await deliveryStateOf(page, undelivered), '未送达');
  t.is(await deliveryStateOf(page, unread), '未读');
  t.regex((await page.getByTestId(`contact-${undelivered}`).first().textContent()) ?? '', /60020：IP 不在白名单/);
  await screenshot(page, 'messages-01-delivery');

  // No reminder is due right after publishing, so the folded list is empty.
  await page.getByText('提醒与督办记录').click();
  await page.getByText('尚未发送提醒').waitFor();
  await page.getByText('尚未发送提醒').scrollIntoViewIfNeeded();
  await screenshot(page, 'messages-02-reminders-empty');
  t.deepEqual(errors, []);
});

test.serial('admin resends failed message', async (t) => {
  t.timeout(2 * 60_000);
  const { page, errors } = await signInAsAdmin();

  await page.getByTestId('entry-messages').click();
  await page.getByRole('heading', { name: '消息发送情况' }).waitFor();
  const messages = page.getByTestId('outbox-message');
  await messages.first().waitFor();
  // 34 work notifications and the group post, newest first.
  t.is(await messages.count(), 35);
  await screenshot(page, 'messages-03-all');

  await page.getByText('失败', { exact: true }).first().click();
  await eventually(t, 'the filter left the failed message', async () => (await messages.count()) === 1);
  t.regex(page.url(), /\?state=failed$/);
  const failed = messages.first();
  t.regex((await failed.textContent()) ?? '', /工作通知/);
  t.regex((await failed.textContent()) ?? '', /发送给 张国栋/);
  t.regex((await failed.textContent()) ?? '', /失败原因：钉钉错误 60020：IP 不在白名单/);
  t.regex((await failed.textContent()) ?? '', /创建于 \d{4}-\d{2}-\d{2} \d{2}:\d{2}/);
  await screenshot(page, 'messages-04-failed');

  const cardsBefore = product.simulator!.state.messagesFor(undelivered).length;
  await failed.getByRole('button', { name: '重新发送' }).click();
  const dialog = page.locator('.adm-dialog-body');
  await dialog.getByText('重新发送这条消息？').waitFor();
  // Lets the dialog's opening animation finish, for the screenshot only.
  await page.waitForTimeout(400);
  await screenshot(page, 'messages-05-resend-dialog');
  await dialog.getByRole('button', { name: '重新发送' }).click();

  await page.getByText('已重新加入发送队列').waitFor();
  await page.getByText('没有发送失败的消息').waitFor();
  await dialog.waitFor({ state: 'hidden' });
  await page.locator('.adm-toast-mask').waitFor({ state: 'hidden' });
  await screenshot(page, 'messages-06-resent');

  await product.dispatcher.trigger();
  t.is(product.simulator!.state.messagesFor(undelivered).length, cardsBefore + 1);
  const stored = await OutboxMessage.findOne({ userIds: undelivered, kind: 'work-notification' }).lean();
  t.is(stored?.state, 'sent');

  await page.getByText('已发送', { exact: true }).first().click();
  await eventually(t, 'the list showed 35 sent messages', async () => (await messages.count()) === 35);
  t.deepEqual(errors, []);
});
