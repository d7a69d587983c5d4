// Set-up for the real-credential tests: a throwaway PKI (openssl), the token-endpoint simulator over TLS
// on loopback, and the Graph simulator trusting its signing key. The test CA is added to this worker's
// default trust store (the runtime form of NODE_EXTRA_CA_CERTS) and removed again at the end: TLS
// verification stays on, and the connector runs exactly as in production.
import { getCACertificates, setDefaultCACertificates } from 'node:tls';
import { loadConfig, requireGraph, type GraphConfig } from '../../../config/config.ts';
import { createGraphDirectory, type GraphDirectory } from '../../../connectors/graph/graph-directory.ts';
import type { Logger } from '../../../config/logger.ts';
import { createScenarioTenant, type ScenarioCloud } from '../../../sandbox/graph/scenarios.ts';
import { startGraphSimulator, type GraphSimulator } from '../../../sandbox/graph/server.ts';
import type { SimTenant } from '../../../sandbox/graph/tenant.ts';
import { createTestPki, type AppCertificate, type TestPki } from '../../../sandbox/identity/pki.ts';
import { startTokenEndpoint, type TokenEndpoint } from '../../../sandbox/identity/token-endpoint.ts';
import type { ScenarioName } from '../../../sandbox/scenarios-data.ts';

export const SECRET_APP = '11111111-aaaa-4aaa-8aaa-000000000001';
export const CERT_APP = '11111111-aaaa-4aaa-8aaa-000000000002';
export const READER_APP = '11111111-aaaa-4aaa-8aaa-000000000003';
export const FOREIGN_APP = '11111111-aaaa-4aaa-8aaa-000000000004';
export const SYSTEM_MI = '22222222-bbbb-4bbb-8bbb-000000000001';
export const USER_MI = '22222222-bbbb-4bbb-8bbb-000000000002';
export const OTHER_TENANT = '99999999-cccc-4ccc-8ccc-000000000009';
export const SECRET = 'Sim~Secret.Value_0123456789abcdefABCDEF';
export const READER_SECRET = 'Sim~Reader.Value_0123456789abcdefABCDEF';

export interface CredentialHarness {
  readonly pki: TestPki;
  readonly appCert: AppCertificate;
  /** A certificate never uploaded to any app registration. */
  readonly strayCert: AppCertificate;
  readonly tokens: TokenEndpoint;
  /** A second cloud: same tenant and apps, another authority host (and the same trusted key). */
  readonly otherCloud: TokenEndpoint;
  readonly sim: GraphSimulator;
  readonly tenant: SimTenant;
  readonly tenantId: string;
  readonly scenarios: Readonly<Record<ScenarioName, ScenarioCloud>>;
  /** The Graph config as production builds it: loadConfig over environment values. */
  configFrom(env: Readonly<Record<string, string>>): GraphConfig;
  directoryFrom(env: Readonly<Record<string, string>>, logger?: Logger): GraphDirectory;
  close(): Promise<void>;
}

export const startCredentialHarness = async (): Promise<CredentialHarness> => {
  const pki = createTestPki();
  const appCert = pki.appCertificate('hard-match-cert');
  const strayCert = pki.appCertificate('stray');
  const trustedBefore = getCACertificates('default');
  setDefaultCACertificates([...trustedBefore, pki.tls.caPem]);
  const { tenant, scenarios } = createScenarioTenant({ seed: 11 });
  const tenantId = tenant.getOrganization().id;
  const directory = {
    tenants: [
      {
        tenantId,
        apps: [
          {
            clientId: SECRET_APP,
            secrets: [SECRET],
            roles: ['User.ReadWrite.All', 'User.DeleteRestore.All'],
          },
          { clientId: CERT_APP, certificates: [appCert.certPem], roles: ['User.ReadWrite.All'] },
          { clientId: READER_APP, secrets: [READER_SECRET], roles: ['User.Read.All'] },
        ],
      },
      {
        tenantId: OTHER_TENANT,
        apps: [{ clientId: FOREIGN_APP, secrets: [SECRET], roles: ['User.ReadWrite.All'] }],
      },
    ],
    managedIdentities: [
      { tenantId, clientId: SYSTEM_MI, roles: ['User.Read.All'], systemAssigned: true },
      { tenantId, clientId: USER_MI, roles: ['User.ReadWrite.All'] },
    ],
  };
  const tokens = await startTokenEndpoint({ tls: pki.tls, ...directory });
  const otherCloud = await startTokenEndpoint({ tls: pki.tls, ...directory, issuer: tokens.issuer });
  const sim = await startGraphSimulator({
    tenant,
    token: `unused-static-${crypto.randomUUID()}`,
    trustedIssuer: { publicKey: tokens.issuer.publicKey, tenantId },
  });
  const configFrom = (env: Readonly<Record<string, string>>): GraphConfig =>
    requireGraph(
      loadConfig({
        GRAPH_BASE_URL: sim.url,
        GRAPH_AUTHORITY_HOST: tokens.authorityHost,
        GRAPH_MAX_RETRIES: '0',
        ...env,
      }),
    );
  return {
    pki,
    appCert,
    strayCert,
    tokens,
    otherCloud,
    sim,
    tenant,
    tenantId,
    scenarios,
    configFrom,
    directoryFrom: (env, logger) => createGraphDirectory(configFrom(env), logger),
    close: async () => {
      await Promise.all([sim.close(), tokens.close(), otherCloud.close()]);
      setDefaultCACertificates(trustedBefore);
      pki.dispose();
    },
  };
};
