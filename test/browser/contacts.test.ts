// The bureau maintains contacts on a phone and on a desktop: search, add with a validation
// message, deactivate, and sync from DingTalk with a preview. A viewer gets a read-only home.
// Runs the built micro-app in Chromium against the real server, database and DingTalk simulator.
import test from 'ava';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { launchChromium, pageErrors, phoneContext, screenshot, signInWithPicker } from '../helpers/browser.ts';
import { startTestProduct } from '../helpers/product.ts';
import { Contact } from '../../server/models/contact.ts';
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

function desktopContext(): Promise<BrowserContext> {
  return browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'zh-CN', timezoneId: 'Asia/Shanghai' });
}

async function openAs(context: BrowserContext, search: string, name: string, home: string): Promise<{ page: Page; errors: string[] }> {
  const page = await context.newPage();
  const errors = pageErrors(page);
  await page.goto(`${product.url}/app/`);
  await signInWithPicker(page, search, name);
  await page.waitForURL(`**/app${home}`);
  return { page, errors };
}

test.serial('admin adds and deactivates a contact on a phone', async (t) => {
  const { page, errors } = await openAs(await phoneContext(browser), '方思齐', '方思齐', '/admin');

  await page.getByTestId('entry-contacts').click();
  await page.waitForURL('**/app/admin/contacts');
  await page.getByTestId('contact-row').first().waitFor();
  await screenshot(page, 'contacts-phone-list');

  await page.getByTestId('contact-add').click();
  await page.getByTestId('contact-userid').locator('input').fill('jdt-browser-1');
  await page.getByTestId('contact-name').locator('input').fill('林新月');
  await page.getByTestId('contact-mobile').locator('input').fill('1391234');
  await page.locator('.jdt-unit-selector').first().getByText('市纪委', { exact: true }).click();
  await page.getByTestId('contact-save').click();
  await page.getByText('手机号应为以 1 开头的 11 位数字，或留空').waitFor();
  await screenshot(page, 'contacts-phone-form-error');
  t.is(await Contact.exists({ userId: 'jdt-browser-1' }), null, 'an invalid form wrote a contact');

  await page.getByTestId('contact-mobile').locator('input').fill('13912345678');
  await page.getByTestId('contact-save').click();
  await page.locator('[data-userid="jdt-browser-1"]').waitFor();
  t.is((await Contact.findOne({ userId: 'jdt-browser-1' }).lean())?.name, '林新月');

  await page.getByPlaceholder('按姓名或钉钉用户 ID 搜索').fill('林新月');
  await page.getByPlaceholder('按姓名或钉钉用户 ID 搜索').press('Enter');
  await page.waitForFunction(() => document.querySelectorAll('[data-testid="contact-row"]').length === 1);
  await page.locator('[data-userid="jdt-browser-1"]').click();
  await page.getByTestId('contact-toggle-active').click();
  // The confirmation dialog's button, not the page's own 停用 button behind its mask.
  await page.locator('.adm-dialog').getByRole('button', { name: '停用', exact: true }).click();
  await page.getByText('没有符合条件的联系人').waitFor();
  t.false((await Contact.findOne({ userId: 'jdt-browser-1' }).lean())!.active);

  t.deepEqual(errors, []);
});

test.serial('admin previews and applies a DingTalk sync on a desktop', async (t) => {
  product.simulator!.state.directory.putUser({ userid: 'jdt-u02-2', name: '温以宁', mobile: '13955550002', title: '科员', deptIds: [102] });
  const { page, errors } = await openAs(await desktopContext(), '方思齐', '方思齐', '/admin');

  await page.goto(`${product.url}/app/admin/contacts`);
  await page.getByTestId('contact-row').first().waitFor();
  await screenshot(page, 'contacts-desktop-list');

  await page.getByTestId('contact-sync').click();
  await page.getByTestId('sync-preview-button').click();
  await page.getByTestId('sync-preview').waitFor();
  await page.getByText('温以宁').waitFor();
  await screenshot(page, 'contacts-desktop-sync-preview');
  t.is(await Contact.exists({ userId: 'jdt-u02-2' }), null, 'the preview wrote a contact');

  await page.getByTestId('sync-apply-button').click();
  await page.getByRole('button', { name: '同步', exact: true }).last().click();
  await page.locator('[data-userid="jdt-u02-2"]').waitFor();
  t.true((await Contact.findOne({ userId: 'jdt-u02-2' }).lean())!.active);

  t.deepEqual(errors, []);
});

test.serial('viewer gets a read-only home', async (t) => {
  const { page, errors } = await openAs(await phoneContext(browser), '贺云舟', '贺云舟', '/admin');

  await page.getByTestId('viewer-note').waitFor();
  await page.getByText('舟数管发〔2022〕4号').first().waitFor();
  t.is(await page.getByTestId('entry-contacts').count(), 0);
  t.is(await page.getByTestId('entry-reviews').count(), 0);
  await screenshot(page, 'viewer-phone-home');

  await page.goto(`${product.url}/app/admin/contacts`);
  await page.getByText('仅管理员可以维护联系人').waitFor();

  t.deepEqual(errors, []);
});
