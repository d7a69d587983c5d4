// The part of hyco-https (Azure Relay Hybrid Connections for Node) the agent uses; the package ships no
// types. It is CommonJS without static export names, so ESM sees it as a default export only.
declare module 'hyco-https' {
  import type { IncomingMessage, ServerResponse } from 'node:http';
  interface RelayedServer {
    listen(): void;
    close(callback?: (err?: unknown) => void): void;
    on(event: 'error', listener: (err: unknown) => void): void;
    on(event: 'listening', listener: () => void): void;
  }
  interface HycoHttps {
    createRelayListenUri(namespace: string, path: string): string;
    createRelayToken(uri: string, keyName: string, key: string, expirationSeconds?: number): string;
    createRelayedServer(
      options: { server: string; token: () => string },
      listener: (req: IncomingMessage, res: ServerResponse) => void,
    ): RelayedServer;
  }
  const hyco: HycoHttps;
  export default hyco;
}
