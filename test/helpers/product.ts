import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig } from '../../server/config.ts';
import { startProduct, type RunningProduct } from '../../server/start.ts';
import { testDatabaseUri } from './database.ts';

/** Starts the product in demo mode on loopback with its own database and simulator. */
export async function startTestProduct(env: Record<string, string> = {}): Promise<RunningProduct> {
  const config = loadConfig({
    PORT: '0',
    SIMULATOR_PORT: '0',
    MONGODB_URI: await testDatabaseUri(),
    DATA_DIR: mkdtempSync(join(tmpdir(), 'jdt-data-')),
    LOG_LEVEL: 'warn',
    // Tests drive schedules with their own clock.
    SCHEDULER: 'off',
    // Tests sign in far more often than people do; the limits have a test of their own.
    RATE_LIMIT_LOGIN_PER_MINUTE: '100000',
    RATE_LIMIT_SUBMIT_PER_MINUTE: '100000',
    ...env,
  });
  return startProduct(config);
}

export interface ApiResponse<T = unknown> {
  status: number;
  body: T;
}

/** A browser-like API client: keeps the session cookie and sends the CSRF header. */
export class ApiSession {
  private cookie = '';

  constructor(readonly baseUrl: string) {}

  async request<T = unknown>(method: string, path: string, body?: unknown, headers: Record<string, string> = {}): Promise<ApiResponse<T>> {
    const response = await this.fetch(method, path, body === undefined ? undefined : JSON.stringify(body), {
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      ...headers,
    });
    const text = await response.text();
    return { status: response.status, body: (text === '' ? null : JSON.parse(text)) as T };
  }

  /** Sends a request with the session cookie and the CSRF header and returns the raw response. */
  async fetch(method: string, path: string, body?: BodyInit, headers: Record<string, string> = {}): Promise<Response> {
    const response = await fetch(`${this.baseUrl}${path}`, {
      method,
      headers: {
        ...(method === 'GET' ? {} : { 'x-jdt-request': '1' }),
        ...(this.cookie === '' ? {} : { cookie: this.cookie }),
        ...headers,
      },
      body,
      redirect: 'manual',
    });
    const setCookies = response.headers.getSetCookie();
    if (setCookies.length > 0) {
      const jar = new Map(this.cookie.split('; ').filter(Boolean).map((pair) => [pair.split('=')[0]!, pair]));
      for (const header of setCookies) {
        const pair = header.split(';')[0]!;
        jar.set(pair.split('=')[0]!, pair);
      }
      this.cookie = [...jar.values()].join('; ');
    }
    return response;
  }

  /** Posts a multipart form, as the micro-app uploads a file. */
  async postForm<T = unknown>(path: string, form: FormData): Promise<ApiResponse<T>> {
    const response = await this.fetch('POST', path, form);
    const text = await response.text();
    return { status: response.status, body: (text === '' ? null : JSON.parse(text)) as T };
  }

  get<T = unknown>(path: string): Promise<ApiResponse<T>> {
    return this.request<T>('GET', path);
  }

  post<T = unknown>(path: string, body?: unknown): Promise<ApiResponse<T>> {
    return this.request<T>('POST', path, body ?? {});
  }

  /** Signs in through the demo contact picker. */
  async signInAs(userId: string): Promise<this> {
    const response = await this.post('/api/auth/demo', { userId });
    if (response.status !== 200) throw new Error(`sign-in as ${userId} failed: ${response.status} ${JSON.stringify(response.body)}`);
    return this;
  }
}
