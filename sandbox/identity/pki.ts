/**
 * Throwaway certificates for the token-endpoint simulator, made with the machine's openssl: a CA and a
 * TLS server certificate for 127.0.0.1/localhost (MSAL only talks to https authorities), and app
 * certificates (RSA, cert + key in one PEM file, the format ClientCertificateCredential reads). Nothing
 * here is trusted anywhere unless a caller adds the CA to its own trust store.
 */
import { execFileSync } from 'node:child_process';
import { createHash, X509Certificate } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface TlsMaterial {
  /** PEM of the CA that signed `cert`: what a client must trust. */
  readonly caPem: string;
  readonly cert: string;
  readonly key: string;
}

export interface AppCertificate {
  /** Certificate and private key in one PEM file (AZURE_CLIENT_CERTIFICATE_PATH). */
  readonly pemPath: string;
  /** The public certificate alone: what is "uploaded" to the app registration. */
  readonly certPem: string;
  readonly thumbprintSha1: string;
  readonly thumbprintSha256: string;
}

export interface TestPki {
  readonly dir: string;
  readonly tls: TlsMaterial;
  /** A new self-signed RSA certificate for an app registration. */
  appCertificate(name: string): AppCertificate;
  /** Remove the temporary folder and every key in it. */
  dispose(): void;
}

const openssl = (args: readonly string[], cwd: string): void => {
  execFileSync('openssl', args, { cwd, stdio: 'pipe' });
};

/** Base64url of a certificate's DER digest, as the x5t / x5t#S256 JOSE headers carry it. */
export const certificateThumbprint = (certPem: string, algorithm: 'sha1' | 'sha256'): string =>
  createHash(algorithm).update(new X509Certificate(certPem).raw).digest('base64url');

/** Create the CA and the server certificate in a fresh temporary folder. */
export const createTestPki = (): TestPki => {
  const dir = mkdtempSync(join(tmpdir(), 'hm-pki-'));
  const days = ['-days', '2'];
  // EC keys for the TLS side: generated in milliseconds, and any TLS client accepts them.
  openssl(
    ['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes', ...days]
      .concat(['-keyout', 'ca.key', '-out', 'ca.pem', '-subj', '/CN=Hard Match test CA'])
      .concat(['-addext', 'basicConstraints=critical,CA:TRUE', '-addext', 'keyUsage=critical,keyCertSign']),
    dir,
  );
  openssl(
    ['req', '-new', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes'].concat([
      '-keyout',
      'server.key',
      '-out',
      'server.csr',
      '-subj',
      '/CN=127.0.0.1',
    ]),
    dir,
  );
  writeFileSync(
    join(dir, 'server.ext'),
    'subjectAltName=IP:127.0.0.1,IP:::1,DNS:localhost\nextendedKeyUsage=serverAuth\n',
  );
  openssl(
    [
      'x509',
      '-req',
      '-in',
      'server.csr',
      '-CA',
      'ca.pem',
      '-CAkey',
      'ca.key',
      '-CAcreateserial',
      ...days,
    ].concat(['-extfile', 'server.ext', '-out', 'server.pem']),
    dir,
  );
  const read = (name: string): string => readFileSync(join(dir, name), 'utf8');
  const tls: TlsMaterial = { caPem: read('ca.pem'), cert: read('server.pem'), key: read('server.key') };
  let counter = 0;
  return {
    dir,
    tls,
    appCertificate: (name) => {
      const base = `app-${++counter}`;
      // RSA: MSAL signs client assertions with PS256/RS256.
      openssl(
        ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', ...days, '-keyout', `${base}.key`].concat([
          '-out',
          `${base}.crt`,
          '-subj',
          `/CN=${name.replace(/[^\w .-]/g, '')}`,
        ]),
        dir,
      );
      const certPem = read(`${base}.crt`);
      const pemPath = join(dir, `${base}.pem`);
      writeFileSync(pemPath, `${certPem}${read(`${base}.key`)}`, { mode: 0o600 });
      return {
        pemPath,
        certPem,
        thumbprintSha1: certificateThumbprint(certPem, 'sha1'),
        thumbprintSha256: certificateThumbprint(certPem, 'sha256'),
      };
    },
    dispose: () => rmSync(dir, { recursive: true, force: true }),
  };
};
