import type { Context, Next } from 'koa';
import mongoose from 'mongoose';
import { RateLimiterMongo, RateLimiterRes } from 'rate-limiter-flexible';
import { HttpError } from '../errors.ts';
import { logger } from '../log.ts';

const log = logger('http');

export interface RateLimitSettings {
  /** Sign-in attempts per client address per minute. */
  loginPerMinute: number;
  /** Report submissions and evidence uploads per person per minute. */
  submitPerMinute: number;
}

interface Rule {
  name: string;
  applies(ctx: Context): boolean;
  key(ctx: Context): string;
  points: number;
}

const isLogin = (ctx: Context) => ctx.method === 'POST' && (ctx.path === '/api/auth/dingtalk' || ctx.path === '/api/auth/demo');
const isSubmission = (ctx: Context) =>
  (ctx.method === 'POST' && /^\/api\/projects\/[^/]+\/(reports|files)$/.test(ctx.path)) ||
  (ctx.method === 'PUT' && /^\/api\/reports\/[^/]+$/.test(ctx.path));

/**
 * Limits sign-ins per address and submissions per person, counted in MongoDB so that the limits
 * hold across server instances. Runs after the session is loaded, so a submission is counted
 * against the signed-in person.
 */
export function rateLimits(settings: RateLimitSettings) {
  const rules: Rule[] = [
    { name: 'login', applies: isLogin, key: (ctx) => ctx.ip, points: settings.loginPerMinute },
    { name: 'submit', applies: isSubmission, key: (ctx) => ctx.state.viewer?.userId ?? ctx.ip, points: settings.submitPerMinute },
  ];
  const limiters = new Map<string, RateLimiterMongo>();
  const limiterFor = (rule: Rule): RateLimiterMongo => {
    let limiter = limiters.get(rule.name);
    if (limiter === undefined) {
      limiter = new RateLimiterMongo({ storeClient: mongoose.connection, tableName: 'ratelimits', keyPrefix: rule.name, points: rule.points, duration: 60 });
      limiters.set(rule.name, limiter);
    }
    return limiter;
  };

  return async (ctx: Context, next: Next): Promise<void> => {
    const rule = rules.find((candidate) => candidate.applies(ctx));
    if (rule !== undefined) {
      try {
        await limiterFor(rule).consume(rule.key(ctx));
      } catch (error) {
        if (!(error instanceof RateLimiterRes)) throw error;
        const seconds = Math.max(1, Math.ceil(error.msBeforeNext / 1000));
        log.warn({ rule: rule.name, user: ctx.state.viewer?.userId, requestId: ctx.state.requestId }, 'rate limit reached');
        ctx.set('Retry-After', String(seconds));
        throw new HttpError(429, 'too_many_requests', `操作过于频繁，请 ${seconds} 秒后再试`);
      }
    }
    await next();
  };
}
