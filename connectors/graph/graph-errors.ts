/**
 * Graph's errors in domain terms (CONVENTIONS.md rule 2). The request id always travels along, because
 * it is what Microsoft support asks for. Recognised by code first and by Graph's documented message
 * texts where the code is a generic Request_BadRequest (reference/graph.md).
 */
import { GraphClientError, GraphError } from '@microsoft/microsoft-graph-client';
import { DomainError, type ErrorCode } from '../../core/errors.ts';
import { permissionFor, type GraphRequestInfo } from './permissions.ts';

/** The parts of a Graph error the mapping reads, from a GraphError or a $batch sub-response. */
export interface GraphErrorInfo {
  readonly status: number;
  readonly code: string | null;
  readonly message: string;
  readonly requestId: string | null;
  readonly details: readonly {
    readonly code?: string;
    readonly message?: string;
    readonly target?: string;
  }[];
  readonly retryAfter?: string | null;
  /** The request that failed, when known: a 403 then names the permission it needs. */
  readonly request?: GraphRequestInfo;
}

const ON_PREM_MASTERED = /on-premises mastered|originated within an external service/i;
/**
 * The code reported for objects mastered by another service (Microsoft Q&A 2128416), next to the two
 * documented texts under a generic Request_BadRequest (GDC #5768, #3564).
 */
const EXTERNALLY_MASTERED_CODE = 'AzureActiveDirectoryCannotUpdateObjectsOriginatedInExternalService';
/** PIM without Entra ID P2 / Governance: 400 AadPremiumLicenseRequired (cisagov/ScubaGear #981). */
const LICENSE_REQUIRED_CODE = 'AadPremiumLicenseRequired';
const HARDENING = /Hard match operation blocked due to security hardening/i;
const UNSUPPORTED = /^Unsupported Query\.?$|Unsupported or invalid query filter clause/i;

/**
 * The holder's object id. Microsoft's example (microsoft-graph-docs #1508) names it in a
 * `ConflictingObjects` detail whose target is `User_<object id>` (ADSyncTools documents the same form):
 * that detail first, any other `<Type>_<guid>` target after.
 */
const holderIdOf = (info: GraphErrorInfo): string | undefined => {
  const ordered = [
    ...info.details.filter((d) => d.code === 'ConflictingObjects'),
    ...info.details.filter((d) => d.code !== 'ConflictingObjects'),
  ];
  for (const d of ordered) {
    const m = /^(?:User|Contact|Group|DirectoryObject)_([0-9a-f-]{36})$/i.exec(d.target ?? '');
    if (m?.[1] !== undefined) return m[1].toLowerCase();
  }
  return undefined;
};

const conflictTarget = (info: GraphErrorInfo): string | undefined => {
  const detail = info.details.find((d) => d.code === 'ObjectConflict');
  if (detail?.target !== undefined) return detail.target;
  return /same value for property (\w+)/.exec(info.message)?.[1];
};

const make = (
  code: ErrorCode,
  message: string,
  info: GraphErrorInfo,
  extra: Record<string, unknown> = {},
  retryable = false,
): DomainError =>
  new DomainError(code, message, {
    requestId: info.requestId ?? undefined,
    retryable,
    details: { status: info.status, graphCode: info.code, graphMessage: info.message, ...extra },
  });

/** Map an error Graph returned (any status) to a DomainError. */
export const mapGraphErrorInfo = (info: GraphErrorInfo): DomainError => {
  const isConflict = info.code === 'ObjectConflict' || info.details.some((d) => d.code === 'ObjectConflict');
  if (isConflict) {
    const property = conflictTarget(info);
    const holderId = holderIdOf(info);
    if (property === 'onPremisesImmutableId') {
      return make(
        'LINK.IMMUTABLE_ID_IN_USE',
        holderId === undefined
          ? 'Another user (active or deleted) already holds this ImmutableID.'
          : `Another user (active or deleted) already holds this ImmutableID: object ${holderId}.`,
        info,
        { holderId },
      );
    }
    return make('CLOUD.BAD_REQUEST', `Another object already has this ${property ?? 'value'}.`, info, {
      property,
      holderId,
    });
  }
  if (HARDENING.test(info.message)) {
    return make(
      'LINK.HARDENING_BLOCKED',
      'Hard match is blocked by the 2026 security hardening (privileged role or onPremisesObjectIdentifier set).',
      info,
    );
  }
  if (
    info.code === EXTERNALLY_MASTERED_CODE ||
    info.details.some((d) => d.code === EXTERNALLY_MASTERED_CODE) ||
    (info.status === 400 && ON_PREM_MASTERED.test(info.message))
  ) {
    return make(
      'LINK.ON_PREM_MASTERED',
      'This user is synchronised from Active Directory; change it on-premises, not in the cloud.',
      info,
    );
  }
  if (info.code === LICENSE_REQUIRED_CODE) {
    return make(
      'CLOUD.LICENSE_REQUIRED',
      'The tenant has no Microsoft Entra ID P2 (or ID Governance) licence, which this read needs (Privileged Identity Management).',
      info,
    );
  }
  // Graph words this differently across resources; the code is not always Request_UnsupportedQuery.
  if (info.code === 'Request_UnsupportedQuery' || (info.status === 400 && UNSUPPORTED.test(info.message))) {
    return make(
      'CLOUD.UNSUPPORTED_QUERY',
      'Microsoft Graph does not support this query in this tenant.',
      info,
    );
  }
  switch (info.status) {
    case 401:
      return make(
        'CLOUD.UNAUTHORIZED',
        'Microsoft Graph refused the app’s credentials (token missing, expired or for another resource).',
        info,
      );
    case 403: {
      const permission = permissionFor(info.request);
      return make(
        'CLOUD.FORBIDDEN',
        permission === undefined
          ? 'The app lacks the Microsoft Graph permission or Entra role for this operation.'
          : `The app lacks the Microsoft Graph application permission ${permission} (granted with admin consent) or the Entra role for this operation.`,
        info,
        permission === undefined ? {} : { permission },
      );
    }
    case 404:
      return make('CLOUD.NOT_FOUND', 'Microsoft Graph has no such object.', info);
    case 429:
      return make(
        'CLOUD.THROTTLED',
        'Microsoft Graph is throttling this app; try again in a few minutes.',
        info,
        { retryAfter: info.retryAfter ?? null },
        true,
      );
    default:
      if (info.status >= 400 && info.status < 500)
        return make('CLOUD.BAD_REQUEST', `Microsoft Graph rejected the request: ${info.message}`, info);
      return make(
        'CLOUD.UNAVAILABLE',
        'Microsoft Graph is unavailable or could not be reached; try again shortly.',
        info,
        {},
        true,
      );
  }
};

const parseDetails = (body: unknown): GraphErrorInfo['details'] => {
  try {
    const parsed: unknown = typeof body === 'string' ? JSON.parse(body) : body;
    const details = (parsed as { details?: unknown } | null)?.details;
    return Array.isArray(details) ? (details as GraphErrorInfo['details']) : [];
  } catch {
    return [];
  }
};

/**
 * Map whatever a Graph SDK call threw. DomainErrors pass through - also from inside the middleware chain,
 * where the SDK only lets a GraphClientError through unchanged (auth.ts wraps token failures in one).
 * No HTTP answer -> CLOUD.UNAVAILABLE.
 */
export const toDomainError = (e: unknown, request?: GraphRequestInfo): DomainError => {
  if (e instanceof DomainError) return e;
  if (e instanceof GraphClientError && e.cause instanceof DomainError) return e.cause;
  if (e instanceof GraphError) {
    return mapGraphErrorInfo({
      ...(request === undefined ? {} : { request }),
      status: e.statusCode,
      code: e.code,
      message: e.message,
      requestId: e.requestId ?? e.headers?.get('request-id') ?? null,
      details: parseDetails(e.body),
      retryAfter: e.headers?.get('Retry-After') ?? null,
    });
  }
  return new DomainError('CLOUD.UNAVAILABLE', 'Microsoft Graph could not be reached; try again shortly.', {
    retryable: true,
    cause: e,
  });
};

/** Whether `e` is a DomainError with one of `codes` (the connector's fallbacks branch on these). */
export const isCode = (e: unknown, ...codes: string[]): e is DomainError =>
  e instanceof DomainError && codes.includes(e.code);
