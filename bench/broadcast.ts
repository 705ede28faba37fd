// Publishing a batch to 5,000 contacts: the outbox dispatcher sends one work notification per
// contact through the DingTalk simulator with DingTalk's documented limits on (5,000 recipients a
// minute, 20 group posts a minute). Checks from the simulator's records that every contact got
// exactly one notification, and compares the total time with the least time those limits allow.
import { randomBytes } from 'node:crypto';
import mongoose, { Types } from 'mongoose';
import { DingTalkClient, RobotWebhook, workNotificationMessageSchema } from '../bot/dingtalk/index.ts';
import { dingTalkLimits, dingTalkTransport, OutboxDispatcher } from '../bot/outbox/dispatcher.ts';
import { startSimulator, type RunningSimulator, type SimulatorDepartment, type SimulatorUser } from '../bot/simulator/index.ts';
import { connectMongoose } from '../server/db/connect.ts';
import { Batch } from '../server/models/batch.ts';
import { Contact } from '../server/models/contact.ts';
import { OutboxMessage } from '../server/models/outbox-message.ts';
import { Project } from '../server/models/project.ts';
import { Unit } from '../server/models/unit.ts';
import { systemActor } from '../server/services/audit.ts';
import { publishBatch } from '../server/services/publish-batch.ts';
import { elapsedMs, figure, type Benchmark, type BenchResult } from './result.ts';

const contactCount = Number(process.env.BENCH_BROADCAST_CONTACTS ?? 5000);
const contactsPerUnit = 10;
const maxRatio = 1.05;
const corpId = 'dingbenchcorp';

interface Credentials {
  appKey: string;
  appSecret: string;
  agentId: string;
  robotToken: string;
  robotSecret: string;
}

function directory(): { users: SimulatorUser[]; departments: SimulatorDepartment[] } {
  const unitCount = Math.ceil(contactCount / contactsPerUnit);
  const departments: SimulatorDepartment[] = [{ deptId: 1, name: '基准市' }];
  for (let unit = 0; unit < unitCount; unit += 1) departments.push({ deptId: unit + 2, name: `基准单位${unit + 1}`, parentId: 1 });
  const users = Array.from({ length: contactCount }, (_, index) => ({
    userid: `bench-c${String(index + 1).padStart(5, '0')}`,
    name: `联系人${index + 1}`,
    mobile: `139${String(index).padStart(8, '0')}`,
    title: '信息化联络员',
    deptIds: [Math.floor(index / contactsPerUnit) + 2],
  }));
  return { users, departments };
}

async function startBenchSimulator(credentials: Credentials): Promise<RunningSimulator> {
  return startSimulator({
    host: '127.0.0.1',
    port: 0,
    corpId,
    appKey: credentials.appKey,
    appSecret: credentials.appSecret,
    agentId: credentials.agentId,
    robots: [{ accessToken: credentials.robotToken, secret: credentials.robotSecret, name: '基准工作群' }],
    ...directory(),
  });
}

/** Writes the units, contacts and a draft batch with one project per unit. */
async function writeRoster(users: SimulatorUser[]): Promise<Types.ObjectId> {
  const unitCount = Math.ceil(users.length / contactsPerUnit);
  const units = await Unit.insertMany(Array.from({ length: unitCount }, (_, index) => ({ name: `基准单位${index + 1}` })));
  await Contact.insertMany(
    users.map((user, index) => ({ userId: user.userid, name: user.name, mobile: user.mobile, title: user.title, role: 'contact', unitIds: [units[Math.floor(index / contactsPerUnit)]!._id] })),
  );
  const batch = await Batch.create({ docNo: '基准发〔2030〕1号', title: '基准批次', issuedAt: '2030-01-15', year: 2030, importedAt: new Date() });
  await Project.insertMany(
    units.map((unit, index) => ({
      batchId: batch._id,
      seq: index + 1,
      unitIds: [unit._id],
      name: `基准项目 ${index + 1}`,
      nature: 'new',
      period: { startYear: 2030, endYear: 2030 },
      investment: { total: 1_000_000, special: 1_000_000, other: 0 },
      yearInvestment: { year: 2030, total: 1_000_000, special: 1_000_000, other: 0 },
    })),
  );
  return batch._id;
}

async function waitUntilSent(): Promise<void> {
  for (;;) {
    const open = await OutboxMessage.countDocuments({ state: { $in: ['pending', 'sending'] } });
    if (open === 0) return;
    await new Promise((resolveWait) => setTimeout(resolveWait, 100));
  }
}

/** Sends the same notifications straight through the DingTalk client, one after another, with no outbox. */
async function rawSendMs(credentials: Credentials): Promise<number> {
  const simulator = await startBenchSimulator(credentials);
  try {
    const client = new DingTalkClient({ appKey: credentials.appKey, appSecret: credentials.appSecret, agentId: credentials.agentId, oapiBaseUrl: simulator.url, apiBaseUrl: simulator.url });
    const messages = await OutboxMessage.find({ kind: 'work-notification' }, { userIds: 1, body: 1 }).sort({ _id: 1 }).lean();
    const start = process.hrtime.bigint();
    for (const message of messages) {
      await client.sendWorkNotification({ userIds: message.userIds, msg: workNotificationMessageSchema.parse(message.body) });
    }
    return elapsedMs(start);
  } finally {
    await simulator.close();
  }
}

export const broadcastBenchmark: Benchmark = {
  name: 'broadcast',
  description: `publishing a batch to ${contactCount} contacts through the outbox and the simulator`,
  async run(context) {
    const credentials: Credentials = {
      appKey: `dingbench${randomBytes(4).toString('hex')}`,
      appSecret: randomBytes(24).toString('base64url'),
      agentId: '3000000009',
      robotToken: randomBytes(16).toString('hex'),
      robotSecret: `SEC${randomBytes(24).toString('hex')}`,
    };
    await connectMongoose(context.mongoUri('broadcast'));
    const simulator = await startBenchSimulator(credentials);
    const dispatcher = new OutboxDispatcher({
      transport: dingTalkTransport(
        new DingTalkClient({ appKey: credentials.appKey, appSecret: credentials.appSecret, agentId: credentials.agentId, oapiBaseUrl: simulator.url, apiBaseUrl: simulator.url }),
        new RobotWebhook({ oapiBaseUrl: simulator.url }),
        { accessToken: credentials.robotToken, secret: credentials.robotSecret },
      ),
      limits: dingTalkLimits,
    });
    try {
      const batchId = await writeRoster(directory().users);

      const start = process.hrtime.bigint();
      const startedAt = Date.now();
      const published = await publishBatch({ batchId, actor: systemActor, appUrl: (path) => `http://127.0.0.1/app${path}` });
      context.log(`broadcast: published in ${elapsedMs(start).toFixed(0)} ms`);
      dispatcher.start();
      await waitUntilSent();
      const last = await OutboxMessage.findOne({}, { sentAt: 1 }).sort({ sentAt: -1 }).lean();
      const totalMs = last?.sentAt == null ? elapsedMs(start) : last.sentAt.getTime() - startedAt;
      context.log(`broadcast: ${published.workNotifications} notifications sent in ${(totalMs / 1000).toFixed(1)} s`);

      // Every contact's copies in the simulator, delivered or dropped for a limit.
      const copies = new Map<string, { delivered: number; dropped: number }>();
      for (const record of simulator.state.workNotifications) {
        const entry = copies.get(record.userid) ?? { delivered: 0, dropped: 0 };
        if (record.delivery === 'delivered') entry.delivered += 1;
        else entry.dropped += 1;
        copies.set(record.userid, entry);
      }
      const users = directory().users;
      const lost = users.filter((user) => (copies.get(user.userid)?.delivered ?? 0) === 0).length;
      const duplicated = [...copies.values()].reduce((sum, entry) => sum + Math.max(0, entry.delivered + entry.dropped - 1), 0);
      const failed = await OutboxMessage.countDocuments({ state: 'failed' });
      const groupPosts = simulator.state.robotMessages.length;

      // The limits force a wait of a full minute for every further 5,000 recipients. Within a
      // window the least time is that of the calls themselves, measured without the outbox.
      const windows = Math.ceil(users.length / dingTalkLimits.recipientsPerMinute);
      const limitWaitMs = (windows - 1) * 60_000;
      const callsMs = await rawSendMs(credentials);
      const minimumMs = limitWaitMs + callsMs;

      const results: BenchResult[] = [
        figure({
          name: `broadcast to ${users.length} contacts, total time`,
          unit: 's',
          value: totalMs / 1000,
          baseline: minimumMs / 1000,
          target: `ratio <= ${maxRatio}`,
          met: totalMs <= maxRatio * minimumMs,
          note: `limit-bound minimum = ${windows - 1} forced waits of 60 s + ${(callsMs / 1000).toFixed(1)} s for the ${users.length} calls sent straight to the simulator; ${failed} messages failed, ${groupPosts} group post`,
        }),
        figure({ name: `broadcast to ${users.length} contacts, lost`, unit: 'contacts', value: lost, target: '0', met: lost === 0 }),
        figure({ name: `broadcast to ${users.length} contacts, duplicated`, unit: 'copies', value: duplicated, target: '0', met: duplicated === 0 }),
      ];
      return results;
    } finally {
      dispatcher.stop();
      await dispatcher.idle();
      await simulator.close();
      await mongoose.disconnect();
    }
  },
};
