import test from 'ava';
import type { Browser } from 'playwright-core';
import { launchChromium, pageErrors, phoneContext, screenshot } from '../helpers/browser.ts';
import { startTestProduct } from '../helpers/product.ts';
import type { RunningProduct } from '../../server/start.ts';

let product: RunningProduct;
let browser: Browser;

test.before(async () => {
  product = await startTestProduct();
  browser = await launchChromium();
});

test.after.always(async () => {
  await browser?.close();
  await product?.stop();
});

test('admin publishes, a contact confirms from the card', async (t) => {
  // The bureau admin signs in through the demo picker and opens the batch.
  const admin = await (await phoneContext(browser)).newPage();
  const adminErrors = pageErrors(admin);
  await admin.goto(`${product.url}/app/`);
  await admin.getByPlaceholder('搜索姓名或单位').waitFor();
  await screenshot(admin, '01-login-picker');
  await admin.getByText('方思齐').click();
  await admin.waitForURL('**/app/admin');
  await admin.getByText('舟数管发〔2022〕4号').click();
  await admin.waitForURL('**/app/admin/batches/*');
  const batchId = admin.url().split('/').pop()!.split('?')[0]!;
  await admin.getByRole('tab', { name: /项目/ }).waitFor();
  t.true(await admin.getByRole('tab', { name: '项目 58' }).isVisible());
  t.true(await admin.getByText('14032.215').isVisible());
  await screenshot(admin, '02-admin-batch');

  await admin.getByRole('tab', { name: /核对结果/ }).click();
  await admin.getByText('历年项目小计').first().waitFor();
  t.is(await admin.getByText(/印为 \d+ 万元/).count(), 4);
  await screenshot(admin, '03-findings');

  // Publishing asks first, then reports what was sent.
  await admin.getByRole('button', { name: '发布' }).click();
  await admin.getByRole('button', { name: '确认发布' }).click();
  await admin.getByText(/34 条工作通知/).waitFor();
  await screenshot(admin, '04-published');
  await product.dispatcher.trigger();
  t.is(product.simulator!.state.robotMessages.length, 1);
  t.is(product.simulator!.state.workNotifications.length, 34);

  // The simulator shows 王晓明's card; its button links to the batch page.
  const simulatorPage = await (await phoneContext(browser)).newPage();
  await simulatorPage.goto(`${product.simulatorUrl}/`);
  const card = simulatorPage.locator('#user-jdt-u01-1');
  await card.getByText('舟数管发〔2022〕4号').first().waitFor();
  await card.scrollIntoViewIfNeeded();
  await screenshot(simulatorPage, '05-simulator-card');
  const link = await card.getByRole('link', { name: '确认收到' }).getAttribute('href');
  t.is(link, `${product.url}/app/batches/${batchId}`);

  // 王晓明 opens the link on his phone, signs in and confirms with one tap.
  const contact = await (await phoneContext(browser)).newPage();
  const contactErrors = pageErrors(contact);
  await contact.goto(link!);
  await contact.waitForURL('**/app/login?next=**');
  await contact.getByPlaceholder('搜索姓名或单位').fill('市纪委');
  await contact.getByText('王晓明').click();
  await contact.waitForURL(`**/app/batches/${batchId}`);
  await contact.getByText('本单位项目（2 个）').waitFor();
  await screenshot(contact, '06-contact-batch');
  await contact.getByRole('button', { name: '确认收到' }).click();
  await contact.getByText(/已于 \d{4}-\d{2}-\d{2} \d{2}:\d{2} 确认收到/).waitFor();
  await screenshot(contact, '07-contact-confirmed');

  // The admin sees who confirmed, per unit and per contact.
  await admin.goto(`${product.url}/app/admin/batches/${batchId}?tab=confirmations`);
  const totals = admin.getByTestId('confirmation-totals');
  await totals.waitFor();
  t.regex((await totals.textContent()) ?? '', /1\s*\/\s*31/);
  t.regex((await totals.textContent()) ?? '', /1\s*\/\s*34/);
  const unit = admin.getByTestId('unit-市纪委');
  t.regex((await unit.textContent()) ?? '', /王晓明/);
  t.notRegex((await unit.textContent()) ?? '', /未确认/);
  t.regex((await admin.getByTestId('unit-市政协').textContent()) ?? '', /未确认/);
  await screenshot(admin, '08-confirmations');

  t.deepEqual(adminErrors, []);
  t.deepEqual(contactErrors, []);
});
