import { z } from 'zod';

export const demoLoginBody = z.object({ userId: z.string().trim().min(1).max(64) });
export const dingtalkLoginBody = z.object({ code: z.string().trim().min(1, '缺少免登授权码').max(256) });
