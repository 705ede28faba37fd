/**
 * The simulator's web page: the conversations with the app robot and a form to write to it, each group's
 * robot messages, and the address book with each person's work notifications, rendered roughly as DingTalk
 * shows them. Card buttons are links to their action URL, so a person can tap them as the recipient would.
 */
import type { RobotMessage, WorkNotificationMessage } from '../dingtalk/messages.ts';
import { escapeHtml, renderLink, renderMarkdown } from './markdown.ts';
import type { RobotConversation, SentRobotMessage } from './robot-conversations.ts';
import type { SimulatorState } from './state.ts';
import type { StreamMessageRecord } from './stream-gateway.ts';
import type { DropCode, RobotMessageRecord, SimulatorUser, WorkNotificationRecord } from './types.ts';

const DROP_REASONS: Record<DropCode, string> = {
  143103: '超过每分钟发送人数上限',
  143105: '超过每人每天 500 条上限',
  143106: '同一内容当天已发过此人',
};

const beijingTime = new Intl.DateTimeFormat('sv-SE', {
  timeZone: 'Asia/Shanghai',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  second: '2-digit',
});

function formatTime(timestamp: number): string {
  return beijingTime.format(new Date(timestamp));
}

function textBlock(text: string): string {
  return `<p>${escapeHtml(text).replace(/\n/g, '<br>')}</p>`;
}

/** DingTalk shows a markdown or card title only as the preview line in the conversation list. */
function preview(title: string): string {
  return `<div class="meta">会话列表预览：${escapeHtml(title)}</div>`;
}

function buttons(links: { title: string; url: string }[]): string {
  if (links.length === 0) return '';
  return `<div class="buttons">${links.map((link) => renderLink(link.title, link.url, 'button')).join('')}</div>`;
}

function renderWorkNotification(msg: WorkNotificationMessage): string {
  switch (msg.msgtype) {
    case 'text':
      return textBlock(msg.text.content);
    case 'markdown':
      return `${preview(msg.markdown.title)}${renderMarkdown(msg.markdown.text)}`;
    case 'link':
      return `<div class="title">${renderLink(msg.link.title, msg.link.messageUrl)}</div>${textBlock(msg.link.text)}`;
    case 'oa': {
      const { head, body, status_bar: statusBar } = msg.oa;
      const form = (body.form ?? [])
        .map((row) => `<tr><th>${escapeHtml(row.key)}</th><td>${escapeHtml(row.value)}</td></tr>`)
        .join('');
      return [
        `<div class="oa-head">${escapeHtml(head.text)}</div>`,
        body.title ? `<div class="title">${escapeHtml(body.title)}</div>` : '',
        form ? `<table class="form">${form}</table>` : '',
        body.content ? textBlock(body.content) : '',
        body.author ? `<div class="meta">${escapeHtml(body.author)}</div>` : '',
        statusBar ? `<div class="status-bar">${escapeHtml(statusBar.status_value)}</div>` : '',
        buttons([{ title: '查看详情', url: msg.oa.message_url }]),
      ].join('');
    }
    case 'action_card': {
      const card = msg.action_card;
      const links =
        'single_url' in card
          ? [{ title: card.single_title, url: card.single_url }]
          : card.btn_json_list.map((button) => ({ title: button.title, url: button.action_url }));
      return `${preview(card.title)}${renderMarkdown(card.markdown)}${buttons(links)}`;
    }
  }
}

function renderRobotMessage(message: RobotMessage): string {
  switch (message.msgtype) {
    case 'text':
      return textBlock(message.text.content) + renderAt(message.at);
    case 'markdown':
      return `${preview(message.markdown.title)}${renderMarkdown(message.markdown.text)}${renderAt(message.at)}`;
    case 'actionCard': {
      const card = message.actionCard;
      const links =
        'singleURL' in card
          ? [{ title: card.singleTitle, url: card.singleURL }]
          : card.btns.map((button) => ({ title: button.title, url: button.actionURL }));
      return `${preview(card.title)}${renderMarkdown(card.text)}${buttons(links)}`;
    }
    case 'link':
      return `<div class="title">${renderLink(message.link.title, message.link.messageUrl)}</div>${textBlock(message.link.text)}`;
    case 'feedCard':
      return `<ul>${message.feedCard.links.map((link) => `<li>${renderLink(link.title, link.messageURL)}</li>`).join('')}</ul>`;
  }
}

function renderAt(at: { atMobiles?: string[]; atUserIds?: string[]; isAtAll?: boolean } | undefined): string {
  if (!at) return '';
  const mentions = [...(at.isAtAll ? ['所有人'] : []), ...(at.atUserIds ?? []), ...(at.atMobiles ?? [])];
  if (mentions.length === 0) return '';
  return `<div class="meta">@ ${mentions.map(escapeHtml).join('、')}</div>`;
}

function renderNotificationRecord(record: WorkNotificationRecord): string {
  const delivery =
    record.delivery === 'delivered'
      ? `<span class="badge ok">已送达</span><span class="badge">${record.read ? '已读' : '未读'}</span>`
      : `<span class="badge dropped">未送达：${escapeHtml(DROP_REASONS[record.dropCode ?? 143106])}（${record.dropCode}）</span>`;

  const markRead =
    record.delivery === 'delivered' && !record.read
      ? `<form method="post" action="/_sim/read" class="inline">
           <input type="hidden" name="userid" value="${escapeHtml(record.userid)}">
           <input type="hidden" name="taskId" value="${record.taskId}">
           <button type="submit">打开（标为已读）</button>
         </form>`
      : '';

  return `<article class="message${record.delivery === 'dropped' ? ' dropped' : ''}">
    <div class="meta">${formatTime(record.sentAt)} · 任务 ${record.taskId} ${delivery} ${markRead}</div>
    ${renderWorkNotification(record.msg)}
  </article>`;
}

function renderUser(state: SimulatorState, user: SimulatorUser): string {
  const departments = user.deptIds.map((deptId) => state.directory.departments.get(deptId)?.name ?? String(deptId));
  const messages = [...state.messagesFor(user.userid)].reverse();

  return `<section class="person" id="user-${escapeHtml(user.userid)}">
    <h3>${escapeHtml(user.name)} <small>${escapeHtml(user.title)} · ${escapeHtml(departments.join('、'))} · ${escapeHtml(user.userid)}</small></h3>
    <form method="post" action="/_sim/auth-code" target="_blank" class="inline">
      <input type="hidden" name="userid" value="${escapeHtml(user.userid)}">
      <button type="submit">以此身份获取免登码（接口调试用）</button>
    </form>
    ${messages.length === 0 ? '<p class="empty">暂无工作通知</p>' : messages.map(renderNotificationRecord).join('\n')}
  </section>`;
}

function renderGroup(name: string, records: RobotMessageRecord[]): string {
  const messages = [...records].reverse().map(
    (record) => `<article class="message">
      <div class="meta">${formatTime(record.receivedAt)}${record.msgUuid ? ` · msgUuid ${escapeHtml(record.msgUuid)}` : ''}</div>
      ${renderRobotMessage(record.body)}
    </article>`,
  );
  return `<section class="group">
    <h3>${escapeHtml(name)}</h3>
    ${messages.length === 0 ? '<p class="empty">暂无群消息</p>' : messages.join('\n')}
  </section>`;
}

function deliveryBadge(record: StreamMessageRecord | undefined): string {
  if (record?.ackedAt !== undefined) return '<span class="badge ok">进度通已应答</span>';
  if (record?.abandonedAt !== undefined) return `<span class="badge dropped">推送 ${record.deliveries} 次均未应答，已停止重发</span>`;
  if (record === undefined || record.deliveries === 0) return '<span class="badge">等待进度通建立 Stream 连接</span>';
  return `<span class="badge">已推送 ${record.deliveries} 次，等待应答</span>`;
}

function renderConversation(state: SimulatorState, conversation: RobotConversation): string {
  const sent = state.robotConversations.messagesIn(conversation.key).map((message: SentRobotMessage) => ({
    at: message.sentAt,
    html: `<article class="message mine">
      <div class="meta">${formatTime(message.sentAt)} · ${escapeHtml(message.senderNick)} 发送 ${deliveryBadge(state.stream.message(message.messageId))}</div>
      ${textBlock(message.text)}
    </article>`,
  }));
  const replies = state.groupMessages(conversation.sessionToken).map((record) => ({
    at: record.receivedAt,
    html: `<article class="message">
      <div class="meta">${formatTime(record.receivedAt)} · 应用机器人回复</div>
      ${renderRobotMessage(record.body)}
    </article>`,
  }));
  // Newest first. A reply sent in the same millisecond as its message stays above it.
  const entries = [...sent, ...replies].sort((a, b) => a.at - b.at).reverse();

  return `<section class="group">
    <h3>${escapeHtml(conversation.title)}</h3>
    ${entries.map((entry) => entry.html).join('\n')}
  </section>`;
}

function renderAppRobot(state: SimulatorState, users: SimulatorUser[]): string {
  const options = users
    .map((user) => `<option value="${escapeHtml(user.userid)}">${escapeHtml(user.name)}（${escapeHtml(user.userid)}）</option>`)
    .join('');
  const { stream } = state;

  return `<section id="app-robot">
    <p class="meta">Stream 连接：当前在线 ${stream.openConnections} 个，累计建立 ${stream.connectionsOpened} 次；心跳 ping 已发 ${stream.pingsSent} 次，已应答 ${stream.pingsAnswered} 次。
    消息通过 Stream 连接推送给进度通，未应答的消息会重发；进度通未连接时，消息等到连接建立后再推送。</p>
    <form method="post" action="/_sim/robot-message" class="robot-form">
      <label>发送人 <select name="userid">${options}</select></label>
      <label>会话 <select name="conversationType"><option value="1">单聊</option><option value="2">群聊（@机器人）</option></select></label>
      <label>内容 <input name="text" value="帮助" maxlength="5000" required></label>
      <button type="submit">发送给应用机器人</button>
    </form>
  </section>
  ${state.robotConversations.all().map((conversation) => renderConversation(state, conversation)).join('\n')}`;
}

const STYLE = `
  body { font-family: system-ui, "PingFang SC", "Microsoft YaHei", sans-serif; margin: 0 auto; max-width: 960px; padding: 16px; color: #1f2329; background: #f5f6f7; }
  h1 { font-size: 22px; } h2 { font-size: 18px; margin-top: 32px; } h3 { font-size: 16px; margin: 0 0 8px; }
  small, .meta { color: #646a73; font-size: 12px; font-weight: normal; }
  section { background: #fff; border-radius: 8px; padding: 12px 16px; margin: 12px 0; }
  .message { border: 1px solid #dee0e3; border-radius: 6px; padding: 8px 12px; margin: 8px 0; }
  .message.dropped { opacity: 0.6; }
  .title { font-weight: 600; margin: 4px 0; }
  .md-h { font-weight: 600; margin: 6px 0; } .md-h1, .md-h2, .md-h3 { font-size: 17px; }
  .badge { display: inline-block; padding: 0 6px; margin-left: 4px; border-radius: 4px; background: #eff0f1; }
  .badge.ok { background: #d9f5d6; } .badge.dropped { background: #fde2e2; }
  .buttons { display: flex; gap: 8px; flex-wrap: wrap; margin-top: 8px; }
  .button { display: inline-block; padding: 6px 14px; border-radius: 4px; background: #3370ff; color: #fff; text-decoration: none; }
  .oa-head { background: #3370ff; color: #fff; padding: 4px 8px; border-radius: 4px 4px 0 0; }
  .status-bar { color: #3370ff; font-weight: 600; }
  table.form th { text-align: left; color: #646a73; font-weight: normal; padding-right: 12px; }
  form.inline { display: inline; } blockquote { color: #646a73; border-left: 3px solid #dee0e3; margin: 4px 0; padding-left: 8px; }
  .empty { color: #8f959e; }
  .message.mine { background: #eef3ff; }
  .robot-form { display: flex; gap: 8px; flex-wrap: wrap; align-items: center; }
  .robot-form input { min-width: 16em; }
`;

/** Renders the whole page. */
export function renderSimulatorPage(state: SimulatorState): string {
  const users = [...state.directory.users.values()];
  const groups = state.robotStore.configs().filter((robot) => !state.robotConversations.isSessionToken(robot.accessToken));

  return `<!doctype html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>钉钉模拟器</title>
<style>${STYLE}</style>
</head>
<body>
<h1>钉钉模拟器</h1>
<p class="meta">企业 ${escapeHtml(state.corpId)} · 应用 AgentId ${escapeHtml(state.agentId)} · 当前时间 ${formatTime(state.now())}（北京时间）。
本页列出应用发出的工作通知和群机器人消息，只保存在内存中，模拟器重启后清空。点击卡片按钮会在新标签页打开其链接。
“获取免登码”给出钉钉内 dd.requestAuthCode 会返回的一次性免登码（5 分钟内有效），供调试登录接口；在浏览器中打开卡片链接时，演示模式用“选择联系人”代替免登。</p>
<h2>应用机器人</h2>
${renderAppRobot(state, users)}
<h2>群机器人消息</h2>
${groups.map((robot) => renderGroup(robot.name, state.groupMessages(robot.accessToken))).join('\n')}
<h2>工作通知（${users.length} 人）</h2>
${users.map((user) => renderUser(state, user)).join('\n')}
</body>
</html>`;
}
