import { readFile } from 'node:fs/promises';
import mongoose from 'mongoose';
import { z } from 'zod';
import { Contact, type Role } from '../models/contact.ts';
import { Unit } from '../models/unit.ts';
import { logger } from '../log.ts';
import type { SimulatorDepartment, SimulatorUser } from '../../bot/simulator/index.ts';

const log = logger('app');

const person = z.object({
  userId: z.string().min(1).max(64),
  name: z.string().min(1).max(50),
  mobile: z.string().regex(/^1\d{10}$/, '手机号应为 11 位数字'),
  title: z.string().max(50).default(''),
});

export const rosterSchema = z.object({
  corpId: z.string().min(1),
  bureau: z.object({ name: z.string().min(1), deptId: z.number().int(), groupName: z.string().min(1) }),
  admins: z.array(person).min(1),
  /** Leaders who read the dashboards and lists but change nothing; they sit in the bureau's department. */
  viewers: z.array(person).default([]),
  units: z.array(
    z.object({
      name: z.string().min(1),
      deptId: z.number().int(),
      /** A contact already listed under another unit appears here by userId only. */
      contacts: z.array(z.union([person, z.object({ userId: z.string().min(1) })])),
      /** The unit's leaders in charge, who get escalations when its contacts stay silent. */
      leaders: z.array(person).default([]),
    }),
  ),
});

export type Roster = z.infer<typeof rosterSchema>;
export type RosterPerson = z.infer<typeof person>;

export async function readRoster(path: string): Promise<Roster> {
  const parsed = rosterSchema.safeParse(JSON.parse(await readFile(path, 'utf8')));
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new Error(`联系人名单 ${path} 无效：${issue?.path.join('.') ?? ''} ${issue?.message ?? ''}`);
  }
  return parsed.data;
}

/** Every person of the roster once, with the units they report for. */
type RosterEntry = RosterPerson & { role: Role; units: string[]; leaderOf: string[]; deptIds: number[] };

export function rosterPeople(roster: Roster): RosterEntry[] {
  const people = new Map<string, RosterEntry>();
  for (const admin of roster.admins) {
    people.set(admin.userId, { ...admin, role: 'admin', units: [], leaderOf: [], deptIds: [roster.bureau.deptId] });
  }
  for (const viewer of roster.viewers) {
    if (people.has(viewer.userId)) throw new Error(`联系人名单中 ${viewer.userId} 重复出现`);
    people.set(viewer.userId, { ...viewer, role: 'viewer', units: [], leaderOf: [], deptIds: [roster.bureau.deptId] });
  }
  for (const unit of roster.units) {
    for (const entry of unit.contacts) {
      const known = people.get(entry.userId);
      if (known !== undefined) {
        known.units.push(unit.name);
        known.deptIds.push(unit.deptId);
      } else if ('name' in entry) {
        people.set(entry.userId, { ...entry, role: 'contact', units: [unit.name], leaderOf: [], deptIds: [unit.deptId] });
      } else {
        throw new Error(`联系人名单中 ${unit.name} 引用了未定义的联系人 ${entry.userId}`);
      }
    }
    for (const leader of unit.leaders) {
      const known = people.get(leader.userId);
      if (known !== undefined) known.leaderOf.push(unit.name);
      else people.set(leader.userId, { ...leader, role: 'contact', units: [], leaderOf: [unit.name], deptIds: [unit.deptId] });
    }
  }
  return [...people.values()];
}

/**
 * Adds the roster's units and the contacts that do not exist yet. A contact already in the
 * database keeps what the bureau or a DingTalk sync made of it, so a restart undoes no edit and
 * reactivates nobody. Running it twice changes nothing.
 */
export async function loadRoster(roster: Roster): Promise<{ units: number; contacts: number }> {
  const people = rosterPeople(roster);
  await mongoose.connection.transaction(async (session) => {
    for (const unit of roster.units) {
      await Unit.updateOne({ name: unit.name }, { $setOnInsert: { name: unit.name } }, { upsert: true, session });
    }
    const units = await Unit.find({}, { name: 1 }).session(session).lean();
    const unitId = new Map(units.map((unit) => [unit.name, unit._id]));
    for (const p of people) {
      await Contact.updateOne(
        { userId: p.userId },
        {
          $setOnInsert: {
            name: p.name,
            mobile: p.mobile,
            title: p.title,
            role: p.role,
            unitIds: p.units.map((name) => unitId.get(name)!),
            leaderOfUnitIds: p.leaderOf.map((name) => unitId.get(name)!),
            active: true,
          },
        },
        { upsert: true, session },
      );
    }
  });
  log.info({ units: roster.units.length, contacts: people.length }, 'roster loaded');
  return { units: roster.units.length, contacts: people.length };
}

/** Builds the DingTalk simulator's organisation from the roster: one department per unit, under the root. */
export function simulatorDirectory(roster: Roster): { users: SimulatorUser[]; departments: SimulatorDepartment[] } {
  return {
    users: rosterPeople(roster).map((person) => ({
      userid: person.userId,
      name: person.name,
      mobile: person.mobile,
      title: person.title,
      deptIds: person.deptIds,
      leaderInDepts: person.leaderOf.map((name) => roster.units.find((unit) => unit.name === name)!.deptId),
    })),
    departments: [
      { deptId: roster.bureau.deptId, name: roster.bureau.name, parentId: 1 },
      ...roster.units.map((unit) => ({ deptId: unit.deptId, name: unit.name, parentId: 1 })),
    ],
  };
}
