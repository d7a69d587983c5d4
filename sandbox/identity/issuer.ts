/**
 * The simulated Entra ID's token issuer: one RSA signing key, and app-only access tokens shaped like the
 * v1.0 tokens Microsoft Graph receives (aud, iss, tid, appid/azp, idtyp "app", roles, exp). The Graph
 * simulator trusts `publicKey`; nothing else does.
 */
import { createHash, generateKeyPairSync, randomUUID, type KeyObject } from 'node:crypto';
import { nowSeconds, signJwt } from './jwt.ts';

export interface AppIdentity {
  readonly tenantId: string;
  readonly clientId: string;
  readonly displayName: string;
  /** Application permissions with admin consent: the token's `roles` claim. */
  readonly roles: readonly string[];
}

export interface MintRequest {
  readonly app: AppIdentity;
  /** The resource: the scope without `/.default` (e.g. https://graph.microsoft.com). */
  readonly audience: string;
  /** `appidacr`: 1 = client secret, 2 = certificate (managed identities also show 2). */
  readonly credentialType: 1 | 2;
  /** e.g. `https://127.0.0.1:4431/<tenant>/` - the authority the token comes from. */
  readonly issuer: string;
  readonly lifetimeSeconds: number;
  readonly managedIdentity?: boolean;
}

export interface MintedToken {
  readonly token: string;
  readonly expiresOn: number;
}

/** A stable object id for an app's service principal, so `oid`/`sub` do not change between tokens. */
const servicePrincipalId = (app: AppIdentity): string => {
  const h = createHash('sha256').update(`${app.tenantId}/${app.clientId}`).digest('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-a${h.slice(17, 20)}-${h.slice(20, 32)}`;
};

export class TokenIssuer {
  readonly publicKey: KeyObject;
  readonly keyId: string;
  private readonly privateKey: KeyObject;

  constructor() {
    const pair = generateKeyPairSync('rsa', { modulusLength: 2048 });
    this.publicKey = pair.publicKey;
    this.privateKey = pair.privateKey;
    const der = this.publicKey.export({ type: 'spki', format: 'der' });
    this.keyId = createHash('sha1').update(der).digest('base64url');
  }

  mint(request: MintRequest): MintedToken {
    const now = nowSeconds();
    const exp = now + request.lifetimeSeconds;
    const oid = servicePrincipalId(request.app);
    const { app } = request;
    const payload: Record<string, unknown> = {
      aud: request.audience,
      iss: request.issuer,
      iat: now,
      nbf: now - 300,
      exp,
      app_displayname: app.displayName,
      appid: app.clientId,
      azp: app.clientId,
      appidacr: String(request.credentialType),
      idp: request.issuer,
      idtyp: 'app',
      oid,
      sub: oid,
      tid: app.tenantId,
      uti: randomUUID().replace(/-/g, ''),
      ver: '1.0',
      // Entra leaves the claim out, rather than sending [], when nothing is granted.
      ...(app.roles.length === 0 ? {} : { roles: [...app.roles] }),
      ...(request.managedIdentity === true
        ? { xms_mirid: `/subscriptions/simulated/providers/Microsoft.ManagedIdentity/${app.clientId}` }
        : {}),
    };
    return {
      token: signJwt({ alg: 'RS256', kid: this.keyId, x5t: this.keyId }, payload, this.privateKey),
      expiresOn: exp,
    };
  }

  /** The JWKS document (`jwks_uri`). */
  jwks(): { keys: Record<string, unknown>[] } {
    const jwk = this.publicKey.export({ format: 'jwk' });
    return { keys: [{ ...jwk, kid: this.keyId, x5t: this.keyId, use: 'sig', alg: 'RS256' }] };
  }
}
