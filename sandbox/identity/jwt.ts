/**
 * Compact JWS (RS256 / PS256) with node:crypto only: what the token-endpoint simulator signs access
 * tokens with and checks client assertions with, and what the Graph simulator verifies bearer tokens with.
 */
import { constants, sign, verify, type KeyObject } from 'node:crypto';

export type JwtAlgorithm = 'RS256' | 'PS256';

export interface DecodedJwt {
  readonly header: Readonly<Record<string, unknown>>;
  readonly payload: Readonly<Record<string, unknown>>;
  readonly signingInput: string;
  readonly signature: Buffer;
}

const part = (value: object): string => Buffer.from(JSON.stringify(value)).toString('base64url');

const keyOptions = (
  alg: JwtAlgorithm,
  key: KeyObject,
): { key: KeyObject; padding: number; saltLength?: number } =>
  alg === 'PS256'
    ? { key, padding: constants.RSA_PKCS1_PSS_PADDING, saltLength: constants.RSA_PSS_SALTLEN_DIGEST }
    : { key, padding: constants.RSA_PKCS1_PADDING };

export const signJwt = (
  header: Readonly<Record<string, unknown>> & { readonly alg: JwtAlgorithm },
  payload: Readonly<Record<string, unknown>>,
  privateKey: KeyObject,
): string => {
  const input = `${part({ typ: 'JWT', ...header })}.${part(payload)}`;
  const signature = sign('sha256', Buffer.from(input), keyOptions(header.alg, privateKey));
  return `${input}.${signature.toString('base64url')}`;
};

/** Parse without verifying; null when it is not a compact JWS with JSON header and payload. */
export const decodeJwt = (token: string): DecodedJwt | null => {
  const parts = token.split('.');
  if (parts.length !== 3) return null;
  const [h, p, s] = parts as [string, string, string];
  try {
    const header: unknown = JSON.parse(Buffer.from(h, 'base64url').toString('utf8'));
    const payload: unknown = JSON.parse(Buffer.from(p, 'base64url').toString('utf8'));
    if (typeof header !== 'object' || header === null || typeof payload !== 'object' || payload === null)
      return null;
    return {
      header: header as Record<string, unknown>,
      payload: payload as Record<string, unknown>,
      signingInput: `${h}.${p}`,
      signature: Buffer.from(s, 'base64url'),
    };
  } catch {
    return null;
  }
};

/** Whether `jwt` was signed by the private half of `publicKey` with the algorithm its header names. */
export const verifyJwtSignature = (jwt: DecodedJwt, publicKey: KeyObject): boolean => {
  const alg = jwt.header['alg'];
  if (alg !== 'RS256' && alg !== 'PS256') return false;
  try {
    return verify('sha256', Buffer.from(jwt.signingInput), keyOptions(alg, publicKey), jwt.signature);
  } catch {
    return false;
  }
};

export const nowSeconds = (): number => Math.floor(Date.now() / 1000);
