/**
 * The Graph connector's writes and its one POST read (checkMemberGroups): input checked before anything
 * is sent, the write's request-id returned as the receipt for the audit.
 */
import type { ImmutableId } from '../../core/models.ts';
import type { WriteReceipt } from '../../core/ports.ts';
import { DomainError } from '../../core/errors.ts';
import { isCode } from './graph-errors.ts';
import type { GraphHttp } from './graph-http.ts';
import { requireIdOrUpn, requireImmutableId, requireObjectId, requireUpn } from './input.ts';
import { pathSegment } from './odata.ts';

export const isMemberOfGroup = async (http: GraphHttp, userId: string, groupId: string): Promise<boolean> => {
  const user = requireObjectId(userId, 'user id');
  const group = requireObjectId(groupId, 'group id');
  try {
    const r = await http.write('POST', `/users/${pathSegment(user)}/checkMemberGroups`, {
      groupIds: [group],
    });
    const value = (r.body as { value?: unknown } | undefined)?.value;
    return Array.isArray(value) && value.some((v) => typeof v === 'string' && v.toLowerCase() === group);
  } catch (e) {
    if (isCode(e, 'CLOUD.NOT_FOUND')) return false;
    throw e;
  }
};

export const setImmutableId = async (
  http: GraphHttp,
  userId: string,
  value: ImmutableId | null,
): Promise<WriteReceipt> => {
  const key = requireIdOrUpn(userId);
  // JSON null clears; "" (what Graph PowerShell sends) is an error in Graph.
  const body = { onPremisesImmutableId: value === null ? null : requireImmutableId(value) };
  const r = await http.write('PATCH', `/users/${pathSegment(key)}`, body);
  return { requestId: r.requestId };
};

export const setUserPrincipalName = async (
  http: GraphHttp,
  userId: string,
  upn: string,
  immutableId?: ImmutableId,
): Promise<WriteReceipt> => {
  const key = requireIdOrUpn(userId);
  const body = {
    userPrincipalName: requireUpn(upn),
    ...(immutableId === undefined ? {} : { onPremisesImmutableId: requireImmutableId(immutableId) }),
  };
  const r = await http.write('PATCH', `/users/${pathSegment(key)}`, body);
  return { requestId: r.requestId };
};

export const permanentlyDeleteUser = async (
  http: GraphHttp,
  deletedUserId: string,
): Promise<WriteReceipt> => {
  const id = requireObjectId(deletedUserId, 'deleted user id');
  const retriesBefore = http.stats.retries;
  try {
    const r = await http.write('DELETE', `/directory/deletedItems/${pathSegment(id)}`);
    return { requestId: r.requestId };
  } catch (e) {
    // A retry after a lost answer finds the user gone: the delete took effect, which is the goal.
    if (isCode(e, 'CLOUD.NOT_FOUND') && http.stats.retries > retriesBefore)
      return { requestId: e.requestId ?? null };
    throw e;
  }
};

/**
 * `POST /directory/deletedItems/{id}/restore`. A UPN or proxy address that an active object took
 * meanwhile makes Graph refuse (ObjectConflict): CLOUD.RESTORE_CONFLICT, naming the property. Proxy
 * conflicts are not auto-reconciled (no autoReconcileProxyConflict): the addresses come back exactly.
 */
export const restoreDeletedUser = async (http: GraphHttp, deletedUserId: string): Promise<WriteReceipt> => {
  const id = requireObjectId(deletedUserId, 'deleted user id');
  const retriesBefore = http.stats.retries;
  try {
    const r = await http.write('POST', `/directory/deletedItems/${pathSegment(id)}/restore`, {});
    return { requestId: r.requestId };
  } catch (e) {
    // A retry after a lost answer finds it no longer deleted: the restore took effect.
    if (isCode(e, 'CLOUD.NOT_FOUND') && http.stats.retries > retriesBefore)
      return { requestId: e.requestId ?? null };
    const property = isCode(e, 'CLOUD.BAD_REQUEST') ? e.details['property'] : undefined;
    if (isCode(e, 'CLOUD.BAD_REQUEST') && typeof property === 'string') {
      const holder = e.details['holderId'];
      throw new DomainError(
        'CLOUD.RESTORE_CONFLICT',
        `The deleted user cannot be restored: another object now has its ${property}${typeof holder === 'string' ? ` (object ${holder})` : ''}. Free that value, then restore the user (object ${id}) from Deleted users.`,
        { requestId: e.requestId, details: { ...e.details, deletedUserId: id }, cause: e },
      );
    }
    throw e;
  }
};
