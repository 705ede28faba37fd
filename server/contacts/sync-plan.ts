// Works out what a sync from DingTalk's departments would change in the contact roster, without
// writing anything. The bureau reviews this plan as the preview, and the sync applies it.
import { createHash } from 'node:crypto';
import type { Types } from 'mongoose';
import type { DepartmentUser, DingTalkDepartment } from '../../bot/dingtalk/index.ts';
import { Contact } from '../models/contact.ts';
import { Unit } from '../models/unit.ts';
import { contactLimits } from './fields.ts';

/** The DingTalk calls a sync makes, which the DingTalk client provides. */
export interface DepartmentDirectory {
  listAllDepartments(): Promise<DingTalkDepartment[]>;
  listAllDepartmentUsers(deptId: number): Promise<DepartmentUser[]>;
}

export interface UnitLink {
  unitId: string;
  unit: string;
  deptId: number;
  department: string;
  /** True when this sync matched the department by name and records its dept_id on the unit. */
  newlyLinked: boolean;
}

export interface ContactAddition {
  userId: string;
  name: string;
  mobile: string;
  title: string;
  unitIds: string[];
  leaderOfUnitIds: string[];
}

export interface ContactUpdate {
  contactId: string;
  userId: string;
  name: string;
  /** Only the fields that change. */
  before: Partial<Record<'name' | 'mobile' | 'unitIds' | 'leaderOfUnitIds', string | string[]>>;
  after: Partial<Record<'name' | 'mobile' | 'unitIds' | 'leaderOfUnitIds', string | string[]>>;
}

export interface ContactDeactivation {
  contactId: string;
  userId: string;
  name: string;
  /** Units of matched departments the person is no longer in. */
  leftUnitIds: string[];
}

export interface SyncPlan {
  links: UnitLink[];
  added: ContactAddition[];
  updated: ContactUpdate[];
  deactivated: ContactDeactivation[];
  /** Departments whose name matches no unit. Their members are not imported. */
  unmatchedDepartments: Array<{ deptId: number; name: string }>;
  /** Units that no DingTalk department matches. Their contacts are left as they are. */
  unitsWithoutDepartment: string[];
  /** People in matched departments whose contact the bureau deactivated, because a sync does not reactivate anyone. */
  inactiveInRoster: Array<{ userId: string; name: string }>;
  /** Unit names by id, for showing the plan. */
  unitNames: Record<string, string>;
  /** Fingerprint of the changes, so applying can check that DingTalk still returns what the preview showed. */
  previewId: string;
}

/** A person as DingTalk lists them in the matched departments. */
interface DirectoryPerson {
  name: string;
  mobile: string | undefined;
  title: string;
  unitIds: Set<string>;
  leaderOfUnitIds: Set<string>;
}

/**
 * Reads a DingTalk mobile as 11 digits, without a country code such as +86-. A number that is not
 * a mainland mobile after that returns undefined, so the stored number is kept rather than replaced.
 */
export function normalizeMobile(mobile: string | undefined): string | undefined {
  if (mobile === undefined) return undefined;
  const digits = mobile.replace(/\D/g, '').replace(/^86(?=1\d{10}$)/, '');
  return /^1\d{10}$/.test(digits) ? digits : undefined;
}

function sameIds(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && [...a].sort().join() === [...b].sort().join();
}

/** Returns the units DingTalk decides for matched departments, plus the units without a department that the bureau set. */
function mergeUnits(current: Types.ObjectId[], fromDingTalk: Set<string>, matchedUnitIds: Set<string>): string[] {
  const kept = current.map(String).filter((id) => !matchedUnitIds.has(id));
  return [...new Set([...kept, ...fromDingTalk])];
}

function matchDepartments(departments: DingTalkDepartment[], units: Array<{ _id: Types.ObjectId; name: string; aliases: string[]; dingtalkDeptId?: number | null }>) {
  const links: UnitLink[] = [];
  const unmatched: SyncPlan['unmatchedDepartments'] = [];
  const linkedUnits = new Set<string>();

  for (const department of departments) {
    // A unit that recorded a dept_id keeps it even when either side is renamed.
    let unit = units.find((candidate) => candidate.dingtalkDeptId === department.deptId);
    const newlyLinked = unit === undefined;
    unit ??= units.find(
      (candidate) =>
        (candidate.dingtalkDeptId ?? null) === null &&
        !linkedUnits.has(candidate._id.toString()) &&
        (candidate.name === department.name.trim() || candidate.aliases.includes(department.name.trim())),
    );
    if (unit === undefined || linkedUnits.has(unit._id.toString())) {
      unmatched.push({ deptId: department.deptId, name: department.name });
      continue;
    }
    linkedUnits.add(unit._id.toString());
    links.push({ unitId: unit._id.toString(), unit: unit.name, deptId: department.deptId, department: department.name, newlyLinked });
  }
  const unitsWithoutDepartment = units.filter((unit) => !linkedUnits.has(unit._id.toString())).map((unit) => unit.name);
  return { links, unmatched, unitsWithoutDepartment };
}

async function readDirectoryPeople(directory: DepartmentDirectory, links: UnitLink[]): Promise<Map<string, DirectoryPerson>> {
  const people = new Map<string, DirectoryPerson>();
  for (const link of links) {
    for (const user of await directory.listAllDepartmentUsers(link.deptId)) {
      const person = people.get(user.userId) ?? {
        name: user.name.trim().slice(0, contactLimits.name),
        mobile: normalizeMobile(user.mobile),
        title: (user.title ?? '').trim().slice(0, contactLimits.title),
        unitIds: new Set<string>(),
        leaderOfUnitIds: new Set<string>(),
      };
      // A department's leader gets its escalations; its other members report for it.
      (user.leader ? person.leaderOfUnitIds : person.unitIds).add(link.unitId);
      people.set(user.userId, person);
    }
  }
  return people;
}

/**
 * Plans a sync. Departments are matched to units by recorded dept_id, else by the unit's name or
 * an alias. People in matched departments become contacts of those units, and unit contacts no
 * longer in any matched department of theirs are deactivated. Admins and viewers keep their role
 * and units whatever DingTalk lists, and only their name and mobile follow it.
 */
export async function planContactSync(directory: DepartmentDirectory): Promise<SyncPlan> {
  const departments = await directory.listAllDepartments();
  const units = await Unit.find({}, { name: 1, aliases: 1, dingtalkDeptId: 1 }).sort({ name: 1 }).lean();
  const { links, unmatched, unitsWithoutDepartment } = matchDepartments(departments, units);
  const matchedUnitIds = new Set(links.map((link) => link.unitId));
  const people = await readDirectoryPeople(directory, links);
  const contacts = await Contact.find().sort({ userId: 1 }).lean();
  const contactOf = new Map(contacts.map((contact) => [contact.userId, contact]));

  const added: ContactAddition[] = [];
  const updated: ContactUpdate[] = [];
  const inactiveInRoster: SyncPlan['inactiveInRoster'] = [];
  for (const [userId, person] of [...people].sort(([a], [b]) => a.localeCompare(b))) {
    const contact = contactOf.get(userId);
    if (contact === undefined) {
      added.push({
        userId,
        name: person.name,
        mobile: person.mobile ?? '',
        title: person.title,
        unitIds: [...person.unitIds],
        leaderOfUnitIds: [...person.leaderOfUnitIds],
      });
      continue;
    }
    if (!contact.active) {
      inactiveInRoster.push({ userId, name: contact.name });
      continue;
    }

    const update: ContactUpdate = { contactId: contact._id.toString(), userId, name: person.name, before: {}, after: {} };
    if (person.name !== '' && person.name !== contact.name) {
      update.before.name = contact.name;
      update.after.name = person.name;
    }
    // Without the mobile permission DingTalk omits the number, so an absent number changes nothing.
    if (person.mobile !== undefined && person.mobile !== contact.mobile) {
      update.before.mobile = contact.mobile;
      update.after.mobile = person.mobile;
    }
    if (contact.role === 'contact') {
      for (const field of ['unitIds', 'leaderOfUnitIds'] as const) {
        const merged = mergeUnits(contact[field], person[field], matchedUnitIds);
        if (!sameIds(merged, contact[field].map(String))) {
          update.before[field] = contact[field].map(String);
          update.after[field] = merged;
        }
      }
    }
    if (Object.keys(update.after).length > 0) updated.push(update);
  }

  const deactivated: ContactDeactivation[] = [];
  for (const contact of contacts) {
    if (!contact.active || contact.role !== 'contact' || people.has(contact.userId)) continue;
    const left = [...contact.unitIds, ...contact.leaderOfUnitIds].map(String).filter((id) => matchedUnitIds.has(id));
    if (left.length === 0) continue;
    const remaining = [...contact.unitIds, ...contact.leaderOfUnitIds].map(String).filter((id) => !matchedUnitIds.has(id));
    if (remaining.length === 0) {
      deactivated.push({ contactId: contact._id.toString(), userId: contact.userId, name: contact.name, leftUnitIds: [...new Set(left)] });
    } else {
      const update: ContactUpdate = { contactId: contact._id.toString(), userId: contact.userId, name: contact.name, before: {}, after: {} };
      for (const field of ['unitIds', 'leaderOfUnitIds'] as const) {
        const kept = contact[field].map(String).filter((id) => !matchedUnitIds.has(id));
        if (kept.length !== contact[field].length) {
          update.before[field] = contact[field].map(String);
          update.after[field] = kept;
        }
      }
      updated.push(update);
    }
  }

  const changes = { links: links.filter((link) => link.newlyLinked), added, updated, deactivated };
  return {
    links,
    added,
    updated,
    deactivated,
    unmatchedDepartments: unmatched,
    unitsWithoutDepartment,
    inactiveInRoster,
    unitNames: Object.fromEntries(units.map((unit) => [unit._id.toString(), unit.name])),
    previewId: createHash('sha256').update(JSON.stringify(changes)).digest('hex'),
  };
}
