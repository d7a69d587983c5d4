/**
 * A bot instance that dies: runs one job - Graph simulator and relay agent through the real connectors,
 * the AD served by the test - and SIGKILLs itself the moment the runner reports `<step index>:<phase>`
 * (started / checked / acted / finished), or `undo:<position>:<phase>` while compensating: no cleanup,
 * no flush.
 * argv: sqlite-path ad-url endpoints-json job-id crash-at lease-ms settings-json
 */
import { createSqliteStorage } from '../../../connectors/store/create-storage.ts';
import type { GatherSettings } from '../../../core/gather.ts';
import { createJobRunner } from '../../../core/jobs/runner.ts';
import { connectTo, type WorldEndpoints } from '../../fakes/job-world.ts';
import { remoteDirectory } from './port-rpc.ts';

const [file, adUrl, endpoints, jobId, crashAt, leaseMs, settings] = process.argv.slice(2);
const storage = createSqliteStorage(file!);
const runner = createJobRunner({
  store: storage.store,
  audit: storage.audit,
  clock: { now: () => new Date() },
  ports: { onPrem: remoteDirectory(adUrl!), ...connectTo(JSON.parse(endpoints!) as WorldEndpoints) },
  settings: JSON.parse(settings!) as GatherSettings,
  owner: 'doomed-instance',
  leaseMs: Number(leaseMs),
  timing: { pollAttempts: 5, pollDelayMs: 10, syncTimeoutMs: 10_000 },
});
await runner.run(jobId!, (e) => {
  const at =
    e.type === 'step' ? `${e.index}:${e.phase}` : e.type === 'undo' ? `undo:${e.position}:${e.phase}` : null;
  if (at === crashAt) process.kill(process.pid, 'SIGKILL');
});
process.exit(0);
