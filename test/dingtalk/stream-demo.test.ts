import test from 'ava';
import { helpText, textReply } from '../../bot/messages/robot-replies.ts';
import type { RunningProduct } from '../../server/start.ts';
import { startTestProduct } from '../helpers/product.ts';
import { until } from '../helpers/until.ts';

// Demo mode with DINGTALK_STREAM=on: the product connects to its own simulator's Stream gateway, and a
// person writes to the robot through the form on the simulator page.
let product: RunningProduct;

test.before(async () => {
  product = await startTestProduct({ DINGTALK_STREAM: 'on' });
});

test.after.always(async () => {
  await product?.stop();
});

test.serial('demo product connects to the simulator', async (t) => {
  const state = product.simulator!.state;

  // The gateway counts the socket before the client has seen it open, so wait for both sides.
  await until('the product is connected', () => state.stream.openConnections === 1 && product.robotStream?.connected === true);

  t.is(state.stream.openConnections, 1);
  t.true(product.robotStream?.connected);
});

test.serial('page form sends a message to the robot', async (t) => {
  const simulatorUrl = product.simulatorUrl!;
  const state = product.simulator!.state;

  const response = await fetch(`${simulatorUrl}/_sim/robot-message`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ userid: 'jdt-u01-1', conversationType: '1', text: '帮助' }),
    redirect: 'manual',
  });
  t.is(response.status, 303);
  t.is(response.headers.get('location'), '/#app-robot');

  const [sent] = state.robotConversations.messagesIn('single:jdt-u01-1');
  const conversation = state.robotConversations.all()[0]!;
  await until('the reply is posted', () => state.groupMessages(conversation.sessionToken).length === 1);
  t.is(sent?.text, '帮助');
  t.deepEqual(state.groupMessages(conversation.sessionToken)[0]?.body, textReply(helpText, ['jdt-u01-1']));

  const page = await (await fetch(`${simulatorUrl}/`)).text();
  t.regex(page, /发送给应用机器人/);
  t.regex(page, /进度通已应答/);
  t.regex(page, /进度通机器人可用的指令/);
});

test.serial('page form rejects an unknown person', async (t) => {
  const response = await fetch(`${product.simulatorUrl!}/_sim/robot-message`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ userid: 'nobody', text: '帮助' }),
  });
  const body = (await response.json()) as { message: string };

  t.is(response.status, 404);
  t.regex(body.message, /没有 userid 为 nobody 的用户/);
});
