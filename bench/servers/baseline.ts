// The baseline of the submission benchmark: a bare Koa + mongoose endpoint that inserts the same
// report document the product writes, without sessions, checks, transaction or audit. Runs as a
// child process like the product and sends { url } over IPC once it listens.
import type { AddressInfo } from 'node:net';
import { bodyParser } from '@koa/bodyparser';
import Koa from 'koa';
import mongoose, { Schema } from 'mongoose';

const mongodbUri = process.env.BENCH_MONGODB_URI;
if (mongodbUri === undefined) throw new Error('BENCH_MONGODB_URI is missing');

const baselineReport = mongoose.model(
  'BaselineReport',
  new Schema(
    {
      projectId: { type: Schema.Types.ObjectId, required: true },
      stage: { type: String, required: true },
      idempotencyKey: { type: String, required: true },
      state: { type: String, required: true },
      version: { type: Number, required: true },
      fields: { type: Schema.Types.Mixed, required: true },
      common: { type: Schema.Types.Mixed, required: true },
      evidenceFileIds: { type: [Schema.Types.ObjectId], default: [] },
      submittedBy: { userId: String, name: String },
      submittedAt: { type: Date, required: true },
    },
    { timestamps: true },
  ),
);

await mongoose.connect(mongodbUri);
await baselineReport.createCollection();

const app = new Koa();
app.use(bodyParser({ jsonLimit: '1mb', enableTypes: ['json'] }));
app.use(async (ctx) => {
  const match = /^\/api\/projects\/([0-9a-f]{24})\/reports$/.exec(ctx.path);
  if (ctx.method !== 'POST' || match === null) {
    ctx.status = 404;
    return;
  }
  const body = ctx.request.body as { idempotencyKey: string; stage: string; fields: unknown; common: unknown };
  const report = await baselineReport.create({
    projectId: match[1],
    stage: body.stage,
    idempotencyKey: body.idempotencyKey,
    state: 'submitted',
    version: 1,
    fields: body.fields,
    common: body.common,
    submittedBy: { userId: 'baseline', name: '基准' },
    submittedAt: new Date(),
  });
  ctx.status = 201;
  ctx.body = report.toJSON();
});

const server = app.listen(0, '127.0.0.1', () => {
  process.send?.({ url: `http://127.0.0.1:${(server.address() as AddressInfo).port}` });
});
process.once('SIGTERM', () => {
  server.close();
  void mongoose.disconnect().then(() => process.exit(0));
});
