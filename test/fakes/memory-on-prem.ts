/** A hand-written in-memory OnPremDirectory for dialog and bot tests; `down` simulates an outage. */
import { DomainError } from '../../core/errors.ts';
import type { OnPremUser } from '../../core/models.ts';
import type { NewOnPremUser, OnPremDirectory, OnPremUserKey } from '../../core/ports.ts';

const low = (s: string | null) => (s ?? '').toLowerCase();

export class MemoryOnPrem implements OnPremDirectory {
  readonly users: OnPremUser[];
  down = false;
  searches: string[] = [];

  constructor(users: readonly OnPremUser[]) {
    this.users = [...users];
  }

  private guard(): void {
    if (this.down)
      throw new DomainError('AD.UNAVAILABLE', 'The domain controller did not answer (connection refused).', {
        retryable: true,
      });
  }

  searchUsers(prefix: string, limit: number): Promise<readonly OnPremUser[]> {
    this.guard();
    this.searches.push(prefix);
    const p = prefix.toLowerCase();
    return Promise.resolve(
      this.users
        .filter((u) => !u.isCriticalSystemObject)
        .filter((u) =>
          [u.displayName, u.samAccountName, u.userPrincipalName, u.mail].some((v) => low(v).startsWith(p)),
        )
        .slice(0, limit),
    );
  }

  getUser(key: OnPremUserKey): Promise<OnPremUser | null> {
    this.guard();
    const v = key.value.toLowerCase();
    const match = (u: OnPremUser) =>
      key.kind === 'dn'
        ? low(u.dn) === v
        : key.kind === 'sam'
          ? low(u.samAccountName) === v
          : key.kind === 'upn'
            ? low(u.userPrincipalName) === v
            : u.objectGuid === v;
    return Promise.resolve(this.users.find(match) ?? null);
  }

  async *listUsersInOu(ouDn: string): AsyncIterable<OnPremUser> {
    this.guard();
    for (const u of this.users)
      if (low(u.dn).endsWith(`,${ouDn.toLowerCase()}`)) yield await Promise.resolve(u);
  }

  moveUser(dn: string, targetOuDn: string): Promise<OnPremUser> {
    this.guard();
    const i = this.users.findIndex((u) => low(u.dn) === dn.toLowerCase());
    const u = this.users[i];
    if (u === undefined) throw new DomainError('AD.NO_SUCH_OBJECT', `No object ${dn}`);
    const moved = { ...u, dn: `${dn.split(',')[0]},${targetOuDn}` };
    this.users[i] = moved;
    return Promise.resolve(moved);
  }

  createUser(_spec: NewOnPremUser): Promise<OnPremUser> {
    throw new DomainError('AD.INSUFFICIENT_RIGHTS', 'The test directory does not create users.');
  }

  ouExists(ouDn: string): Promise<boolean> {
    this.guard();
    return Promise.resolve(this.users.some((u) => low(u.dn).endsWith(ouDn.toLowerCase())));
  }
}
