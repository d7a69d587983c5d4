/**
 * The Graph connector's writes and its one POST read (checkMemberGroups): input checked before anything
 * is sent, the write's request-id returned as the receipt for the audit.
 */
import type { ImmutableId } from '../../core/models.ts';
import type { WriteReceipt } from '../../core/ports.ts';
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
