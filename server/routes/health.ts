import Router from '@koa/router';
import mongoose from 'mongoose';

export const healthRouter = new Router();

healthRouter.get('/api/health', async (ctx) => {
  try {
    await mongoose.connection.db?.admin().ping();
    if (mongoose.connection.readyState !== mongoose.ConnectionStates.connected) throw new Error('not connected');
    ctx.body = { status: 'ok' };
  } catch {
    ctx.status = 503;
    ctx.body = { status: 'unavailable', message: '数据库无法访问' };
  }
});
