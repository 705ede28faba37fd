import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { crc32, deflateSync } from 'node:zlib';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';

export const chromiumPath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
export const screenshotDir = join('test-results', 'browser');

/** Debian's Chromium, headless, with the flags that keep it off the network. */
export async function launchChromium(): Promise<Browser> {
  if (!existsSync(chromiumPath)) {
    throw new Error(`Chromium not found at ${chromiumPath}: apt-get install -y chromium fonts-noto-cjk`);
  }
  if (!existsSync(join('miniapp', 'dist', 'index.html'))) {
    throw new Error('the micro-app is not built: run npm run build');
  }
  return chromium.launch({
    executablePath: chromiumPath,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
}

/** Opens a phone-sized browser context in Chinese and Beijing time, like a contact's phone. */
export function phoneContext(browser: Browser): Promise<BrowserContext> {
  return browser.newContext({
    viewport: { width: 390, height: 844 },
    deviceScaleFactor: 2,
    isMobile: true,
    hasTouch: true,
    locale: 'zh-CN',
    timezoneId: 'Asia/Shanghai',
  });
}

export async function screenshot(page: Page, name: string): Promise<void> {
  mkdirSync(screenshotDir, { recursive: true });
  await page.screenshot({ path: join(screenshotDir, `${name}.png`) });
}

/** Collects uncaught page errors so a test can assert there were none. */
export function pageErrors(page: Page): string[] {
  const errors: string[] = [];
  page.on('pageerror', (error) => errors.push(String(error)));
  return errors;
}

/** Signs in through the demo contact picker on the login page, as a person without DingTalk would. */
export async function signInWithPicker(page: Page, search: string, name: string): Promise<void> {
  await page.getByPlaceholder('搜索姓名或单位').fill(search);
  await page.getByText(name, { exact: true }).click();
}

/**
 * Picks a day in the antd-mobile date picker of a form field: opens it, taps the year, month and
 * day in their wheels and confirms. The tap goes to the wheel item as a dispatched click, because
 * items scrolled out of the wheel's window are not visible to a pointer.
 */
export async function pickDate(page: Page, fieldId: string, isoDate: string): Promise<void> {
  const [year, month, day] = isoDate.split('-').map(Number) as [number, number, number];
  await page.locator(`#${fieldId}`).click();
  const popup = page.locator('.adm-picker-popup .adm-popup-body').filter({ visible: true }).last();
  await popup.waitFor();
  const columns = popup.locator('.adm-picker-view-column');
  const labels = [`${year}年`, `${month}月`, `${day}日`];
  for (const [index, label] of labels.entries()) {
    const item = columns.nth(index).locator('.adm-picker-view-column-item', { hasText: new RegExp(`^${label}$`) });
    await item.dispatchEvent('click');
    await columns.nth(index).locator('.adm-picker-view-column-item-active', { hasText: new RegExp(`^${label}$`) }).waitFor();
  }
  await popup.getByText('确定', { exact: true }).click();
  await popup.waitFor({ state: 'hidden' });
}

/** Picks an option in the antd-mobile picker of a form field and confirms. */
export async function pickOption(page: Page, fieldId: string, option: string): Promise<void> {
  await page.locator(`#${fieldId}`).click();
  const popup = page.locator('.adm-picker-popup .adm-popup-body').filter({ visible: true }).last();
  await popup.waitFor();
  await popup.locator('.adm-picker-view-column-item', { hasText: new RegExp(`^${option}$`) }).dispatchEvent('click');
  await popup.locator('.adm-picker-view-column-item-active', { hasText: new RegExp(`^${option}$`) }).waitFor();
  await popup.getByText('确定', { exact: true }).click();
  await popup.waitFor({ state: 'hidden' });
}

/**
 * Builds a real PNG of width × height pixels (8-bit RGB): in one colour, a few hundred bytes, or
 * with `noise` in pseudo-random pixels that do not compress, about 3 bytes per pixel, like a photo.
 */
export function samplePng(width = 16, height = 16, rgb: [number, number, number] | 'noise' = [22, 119, 255]): Buffer {
  const chunk = (type: string, data: Buffer): Buffer => {
    const length = Buffer.alloc(4);
    length.writeUInt32BE(data.length);
    const body = Buffer.concat([Buffer.from(type, 'latin1'), data]);
    const crc = Buffer.alloc(4);
    crc.writeUInt32BE(crc32(body));
    return Buffer.concat([length, body, crc]);
  };
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header.set([8, 2, 0, 0, 0], 8); // bit depth 8, colour type RGB, deflate, no filter, no interlace
  // xorshift32 with a fixed seed, so every run builds the same bytes.
  let seed = 2463534242;
  const nextByte = (): number => {
    seed ^= seed << 13;
    seed ^= seed >>> 17;
    seed ^= seed << 5;
    return seed & 255;
  };
  const pixel = (): number[] => (rgb === 'noise' ? [nextByte(), nextByte(), nextByte()] : rgb);
  const row = (): Buffer => Buffer.concat([Buffer.from([0]), Buffer.from(Array.from({ length: width }, pixel).flat())]);
  const pixels = deflateSync(Buffer.concat(Array.from({ length: height }, row)));
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', header),
    chunk('IDAT', pixels),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

/** Builds a real one-page PDF 1.4 showing `text` (ASCII), with a correct cross-reference table. */
export function samplePdf(text: string): Buffer {
  const stream = `BT /F1 18 Tf 72 720 Td (${text.replace(/[()\\]/g, '\\$&')}) Tj ET`;
  const objects = [
    '<< /Type /Catalog /Pages 2 0 R >>',
    '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
    '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>',
    `<< /Length ${stream.length} >>\nstream\n${stream}\nendstream`,
    '<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>',
  ];
  let body = '%PDF-1.4\n';
  const offsets: number[] = [];
  for (const [index, object] of objects.entries()) {
    offsets.push(body.length);
    body += `${index + 1} 0 obj\n${object}\nendobj\n`;
  }
  const xrefAt = body.length;
  body += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n`;
  body += offsets.map((offset) => `${String(offset).padStart(10, '0')} 00000 n \n`).join('');
  body += `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R >>\nstartxref\n${xrefAt}\n%%EOF\n`;
  return Buffer.from(body, 'latin1');
}
