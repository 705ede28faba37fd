import test from 'ava';
import { OutboxMessage } from '../../server/models/outbox-message.ts';
import { AuditEvent } from '../../server/models/audit-event.ts';
import { ApiSession, startTestProduct } from '../helpers/product.ts';
import type { RunningProduct } from '../../server/start.ts';

interface Delivery {
  units: Array<{ unit: string; contacts: Array<{ userId: string; state: string }> }>;
  counts: Record<string, number>;
}

let product: RunningProduct;
let batchId: string;
let admin: ApiSession;

test.before(async () => {
  product = await startTestProduct();
  admin = await new ApiSession(product.url).signInAs('jdt-admin-01');
  const [batch] = (await admin.get<Array<{ id: string }>>('/api/batches')).body;
  batchId = batch!.id;
  await admin.post(`/api/batches/${batchId}/publish`);
  await product.dispatcher.trigger();
});

test.after.always(async () => {
  await product?.stop();
});

const stateOf = (delivery: Delivery, userId: string) =>
  delivery.units.flatMap((unit) => unit.contacts).find((contact) => contact.userId === userId)?.state;

test.serial('delivery shows four states per person', async (t) => {
  const state = product.simulator!.state;
  const card = state.messagesFor('jdt-u02-1')[0]!;
  state.markRead('jdt-u02-1', card.taskId);
  const contact = await new ApiSession(product.url).signInAs('jdt-u01-1');
  await contact.post(`/api/batches/${batchId}/confirm`);
  await OutboxMessage.updateOne({ userIds: 'jdt-u03-1', kind: 'work-notification' }, { $set: { state: 'failed', lastError: '钉钉错误 60020：IP 不在白名单' } });

  const delivery = await admin.get<Delivery>(`/api/batches/${batchId}/delivery`);
  t.is(delivery.status, 200);
  t.is(stateOf(delivery.body, 'jdt-u01-1'), '已确认');
  t.is(stateOf(delivery.body, 'jdt-u02-1'), '已读未确认');
  t.is(stateOf(delivery.body, 'jdt-u03-1'), '未送达');
  t.is(stateOf(delivery.body, 'jdt-u04-1'), '未读');
  t.deepEqual(delivery.body.counts, { 未送达: 1, 未读: 31, 已读未确认: 1, 已确认: 1 });
});

test.serial('the bureau lists failed messages and resends one', async (t) => {
  const failed = await admin.get<Array<{ id: string; stateLabel: string; reason: string; recipients: string[] }>>('/api/outbox?state=failed');
  t.is(failed.status, 200);
  t.is(failed.body.length, 1);
  t.is(failed.body[0]!.stateLabel, '失败');
  t.regex(failed.body[0]!.reason, /60020/);
  t.deepEqual(failed.body[0]!.recipients, ['jdt-u03-1']);

  const before = product.simulator!.state.messagesFor('jdt-u03-1').length;
  const resent = await admin.post(`/api/outbox/${failed.body[0]!.id}/resend`);
  t.is(resent.status, 200);
  await product.dispatcher.trigger();
  t.is(product.simulator!.state.messagesFor('jdt-u03-1').length, before + 1);
  t.is((await OutboxMessage.findById(failed.body[0]!.id).lean())?.state, 'sent');
  t.is(await AuditEvent.countDocuments({ action: 'outbox.resend' }), 1);

  const again = await admin.post(`/api/outbox/${failed.body[0]!.id}/resend`);
  t.is(again.status, 409);
});

test.serial('reminder history is readable by the bureau', async (t) => {
  const history = await admin.get<unknown[]>(`/api/batches/${batchId}/reminders`);
  t.is(history.status, 200);
  t.deepEqual(history.body, []);
});

test.serial('contacts cannot see or resend messages', async (t) => {
  const contact = await new ApiSession(product.url).signInAs('jdt-u01-1');
  t.is((await contact.get('/api/outbox')).status, 403);
  t.is((await contact.get(`/api/batches/${batchId}/delivery`)).status, 403);
  t.is((await contact.get(`/api/batches/${batchId}/reminders`)).status, 403);
  const [message] = await OutboxMessage.find().limit(1).lean();
  t.is((await contact.post(`/api/outbox/${message!._id.toString()}/resend`)).status, 403);
  t.is((await new ApiSession(product.url).get('/api/outbox')).status, 401);
});
