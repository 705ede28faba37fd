import type { SimulatorDepartment, SimulatorUser } from './types.ts';

export const ROOT_DEPT_ID = 1;

/**
 * The simulated company's address book: people and departments, set when the simulator is created.
 * A test or the demo changes people with `putUser` and `removeUser`, as DingTalk's admin console does.
 */
export class Directory {
  readonly users: ReadonlyMap<string, SimulatorUser>;
  readonly departments: ReadonlyMap<number, SimulatorDepartment>;
  private readonly userMap: Map<string, SimulatorUser>;

  constructor(users: readonly SimulatorUser[], departments: readonly SimulatorDepartment[]) {
    const userMap = new Map<string, SimulatorUser>();
    for (const user of users) {
      if (userMap.has(user.userid)) throw new Error(`simulator users: duplicate userid ${user.userid}`);
      userMap.set(user.userid, user);
    }

    const departmentMap = new Map<number, SimulatorDepartment>();
    for (const department of departments) {
      if (departmentMap.has(department.deptId)) {
        throw new Error(`simulator departments: duplicate deptId ${department.deptId}`);
      }
      departmentMap.set(department.deptId, department);
    }

    this.userMap = userMap;
    this.users = userMap;
    this.departments = departmentMap;
  }

  /** Adds a person, or replaces the person with the same userid. Throws for a department that does not exist. */
  putUser(user: SimulatorUser): void {
    const unknown = user.deptIds.find((deptId) => !this.hasDepartment(deptId));
    if (unknown !== undefined) throw new Error(`simulator users: ${user.userid} is in unknown department ${unknown}`);
    this.userMap.set(user.userid, user);
  }

  /** Removes a person from the company; returns whether they were there. */
  removeUser(userid: string): boolean {
    return this.userMap.delete(userid);
  }

  /** People directly in the department, not in departments below it, ordered by userid so pages stay stable. */
  directMembers(deptId: number): SimulatorUser[] {
    return [...this.userMap.values()].filter((user) => user.deptIds.includes(deptId)).sort((a, b) => a.userid.localeCompare(b.userid));
  }

  /** Returns whether the department exists. The root department always exists, configured or not. */
  hasDepartment(deptId: number): boolean {
    return deptId === ROOT_DEPT_ID || this.departments.has(deptId);
  }

  /** Departments whose parent is `deptId`, one level only. */
  childDepartments(deptId: number): SimulatorDepartment[] {
    return [...this.departments.values()].filter((department) => department.parentId === deptId);
  }

  /** Userids of the people in the departments or any department below them. */
  membersOf(deptIds: readonly number[]): string[] {
    const wanted = new Set<number>();
    const pending = [...deptIds];
    while (pending.length > 0) {
      const deptId = pending.pop();
      if (deptId === undefined || wanted.has(deptId)) continue;
      wanted.add(deptId);
      pending.push(...this.childDepartments(deptId).map((child) => child.deptId));
    }

    const members: string[] = [];
    for (const user of this.users.values()) {
      if (wanted.has(ROOT_DEPT_ID) || user.deptIds.some((deptId) => wanted.has(deptId))) members.push(user.userid);
    }
    return members;
  }
}
