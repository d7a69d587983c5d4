// Graph error texts the simulator does not produce on its own (the 2026 hardening, previously synced
// users), mapped by the same function the connector uses for every GraphError and $batch item.
import { describe, expect, it } from 'vitest';
import { mapGraphErrorInfo, type GraphErrorInfo } from '../../../connectors/graph/graph-errors.ts';

const info = (over: Partial<GraphErrorInfo>): GraphErrorInfo => ({
  status: 400,
  code: 'Request_BadRequest',
  message: '',
  requestId: 'r-1',
  details: [],
  ...over,
});

describe('mapGraphErrorInfo', () => {
  it('maps the hardening text to LINK.HARDENING_BLOCKED, keeping the request id', () => {
    const e = mapGraphErrorInfo(
      info({
        message:
          'Hard match operation blocked due to security hardening. Review OnPremisesObjectIdentifier mapping.',
      }),
    );
    expect(e).toMatchObject({ code: 'LINK.HARDENING_BLOCKED', requestId: 'r-1' });
  });

  it('maps both on-premises texts to LINK.ON_PREM_MASTERED', () => {
    expect(
      mapGraphErrorInfo(
        info({
          message:
            'Unable to update the specified properties for objects that have originated within an external service.',
        }),
      ).code,
    ).toBe('LINK.ON_PREM_MASTERED');
  });

  it('reads ObjectConflict from the top-level code as well as from details, holder optional', () => {
    const top = mapGraphErrorInfo(
      info({
        code: 'ObjectConflict',
        message: 'Another object with the same value for property onPremisesImmutableId already exists.',
      }),
    );
    expect(top).toMatchObject({ code: 'LINK.IMMUTABLE_ID_IN_USE' });
    expect(top.details['holderId']).toBeUndefined();
  });

  it('Microsoft’s conflict example: Request_BadRequest, ObjectConflict in details, the holder from ConflictingObjects', () => {
    // microsoft-graph-docs #1508: the conflict is recognised by its codes, whatever the message says.
    const e = mapGraphErrorInfo(
      info({
        message: 'Une autre entrée a déjà cette valeur.',
        details: [
          { code: 'Other', target: 'Group_11111111-1111-1111-1111-111111111111' },
          { code: 'ObjectConflict', target: 'onPremisesImmutableId' },
          { code: 'ConflictingObjects', target: 'User_2D2D2D2D-0000-4000-8000-000000000002' },
        ],
      }),
    );
    expect(e).toMatchObject({
      code: 'LINK.IMMUTABLE_ID_IN_USE',
      details: { holderId: '2d2d2d2d-0000-4000-8000-000000000002' },
    });
  });

  it('maps the newer code for objects mastered elsewhere, in the code or in details, to LINK.ON_PREM_MASTERED', () => {
    const code = 'AzureActiveDirectoryCannotUpdateObjectsOriginatedInExternalService';
    expect(mapGraphErrorInfo(info({ code, message: 'x' })).code).toBe('LINK.ON_PREM_MASTERED');
    expect(mapGraphErrorInfo(info({ details: [{ code }] })).code).toBe('LINK.ON_PREM_MASTERED');
  });

  it('maps AadPremiumLicenseRequired to CLOUD.LICENSE_REQUIRED (the connector reads it as "no P2")', () => {
    const e = mapGraphErrorInfo(
      info({
        code: 'AadPremiumLicenseRequired',
        message: 'The tenant needs to have Microsoft Entra ID P2 or Microsoft Entra ID Governance license.',
      }),
    );
    expect(e).toMatchObject({ code: 'CLOUD.LICENSE_REQUIRED', retryable: false, requestId: 'r-1' });
  });

  it('names the least-privileged permission of each operation in a 403', () => {
    const forbidden = (method: string, path: string) =>
      mapGraphErrorInfo(info({ status: 403, code: 'Authorization_RequestDenied', request: { method, path } }))
        .details['permission'];
    expect(forbidden('GET', '/directory/deletedItems/microsoft.graph.user?$filter=x')).toBe('User.Read.All');
    expect(forbidden('DELETE', '/directory/deletedItems/abc')).toBe('User.DeleteRestore.All');
    expect(forbidden('GET', '/beta/users/abc?$select=onPremisesObjectIdentifier')).toBe('User.Read.All');
    expect(forbidden('GET', '/roleManagement/directory/roleEligibilitySchedules')).toBe(
      'RoleManagement.Read.Directory',
    );
    expect(forbidden('GET', '/directory/onPremisesSynchronization')).toBe(
      'OnPremDirectorySynchronization.Read.All',
    );
  });

  it('maps statuses: 401, 403, 404, 429 (retryable), 5xx (retryable), no answer', () => {
    expect(mapGraphErrorInfo(info({ status: 401, code: 'InvalidAuthenticationToken' })).code).toBe(
      'CLOUD.UNAUTHORIZED',
    );
    expect(mapGraphErrorInfo(info({ status: 403, code: 'Authorization_RequestDenied' })).code).toBe(
      'CLOUD.FORBIDDEN',
    );
    expect(mapGraphErrorInfo(info({ status: 404, code: 'Request_ResourceNotFound' })).code).toBe(
      'CLOUD.NOT_FOUND',
    );
    expect(mapGraphErrorInfo(info({ status: 429, code: 'TooManyRequests' }))).toMatchObject({
      code: 'CLOUD.THROTTLED',
      retryable: true,
    });
    expect(mapGraphErrorInfo(info({ status: 502, code: null }))).toMatchObject({
      code: 'CLOUD.UNAVAILABLE',
      retryable: true,
    });
    expect(mapGraphErrorInfo(info({ status: -1, code: 'TypeError' })).code).toBe('CLOUD.UNAVAILABLE');
    expect(mapGraphErrorInfo(info({ code: 'Request_UnsupportedQuery' })).code).toBe(
      'CLOUD.UNSUPPORTED_QUERY',
    );
  });
});
