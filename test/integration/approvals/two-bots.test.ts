/**
 * Scale-out: two bot processes share one Azure Blob container (Azurite). The same Approve click is
 * delivered to both at once; the request is approved once and its job runs once - one Graph write at
 * the simulator, one job in the audit - whichever instance wins.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createInterface } from 'node:readline';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createBlobStorage, type Storages } from '../../../connectors/store/create-storage.ts';
import { groupMembership } from '../../../core/approvals/membership.ts';
import { createRequestService } from '../../../core/approvals/request-service.ts';
import { assessMatch } from '../../../core/assess.ts';
import { gatherMatchFacts } from '../../../core/gather.ts';
import type { Job } from '../../../core/jobs/job-types.ts';
import { SANDBOX_IDS } from '../../../sandbox/graph/scenarios.ts';
import { VERBS } from '../../../cards/verbs.ts';
import { createJobWorld, type JobWorld } from '../../fakes/job-world.ts';
import { serveDirectory } from '../jobs/port-rpc.ts';
import { startAzurite, type Azurite } from '../store/azurite.ts';
import { jobOf } from '../../support/jobs.ts';

const CHILD = join(import.meta.dirname, 'bot-child.ts');
const clock = { now: () => new Date() };

let azurite: Azurite;
let world: JobWorld;
let ad: { url: string; close(): Promise<void> };
let storage: Storages;
const children: ChildProcess[] = [];

const startBot = (args: string[]): Promise<string> =>
  new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [CHILD, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
    children.push(child);
    let stderr = '';
    child.stderr?.on('data', (d: Buffer) => (stderr += d.toString()));
    child.once('exit', (code) => reject(new Error(`bot child exited with ${code}: ${stderr.slice(0, 800)}`)));
    createInterface({ input: child.stdout }).on('line', (line) => {
      if (line.startsWith('READY ')) resolve(line.slice(6));
    });
  });

beforeAll(async () => {
  azurite = await startAzurite();
  world = await createJobWorld('guide-004-simple');
  ad = await serveDirectory(world.onPrem);
  storage = await createBlobStorage(azurite.connectionString, 'twobots');
});

afterAll(async () => {
  for (const c of children) if (c.exitCode === null && c.pid !== undefined) process.kill(c.pid, 'SIGKILL');
  await ad?.close();
  await world?.close();
  await azurite?.stop();
});

const click = (requestId: string) => ({
  type: 'invoke',
  name: 'adaptiveCard/action',
  id: 'click-1',
  channelId: 'msteams',
  serviceUrl: 'http://127.0.0.1:9/',
  from: { id: '29:senior-admin', name: 'Senior Sam', aadObjectId: SANDBOX_IDS.seniorAdmin },
  recipient: { id: '28:hard-match', name: 'Hard Match' },
  conversation: {
    id: '19:approvers@thread.v2',
    conversationType: 'groupChat',
    isGroup: true,
    tenantId: 't1',
  },
  value: { action: { type: 'Action.Execute', verb: VERBS.approve, data: { requestId } } },
});

describe('two bot instances on one Azure Blob store', () => {
  it('the same Approve click delivered to both: one approval, one job execution', async () => {
    const args = [
      azurite.connectionString,
      'twobots',
      ad.url,
      JSON.stringify(world.endpoints),
      JSON.stringify(world.settings),
    ];
    const [a, b] = await Promise.all([startBot(args), startBot(args)]);

    const facts = await gatherMatchFacts({ ...world, clock }, world.settings, {
      adUser: { kind: 'guid', value: world.scenario.adUser.objectGuid },
      cloudUser: world.scenario.cloudUser.id,
      requestId: 'two-bots',
    });
    const requests = createRequestService({
      store: storage.store,
      audit: storage.audit,
      clock,
      membership: groupMembership(
        world.cloud,
        { requestersGroupId: SANDBOX_IDS.requestersGroup, approversGroupId: SANDBOX_IDS.approversGroup },
        clock,
        0,
      ),
      ttlHours: 24,
    });
    const { request } = await requests.create({
      requester: { id: SANDBOX_IDS.helpdeskUser, name: 'Helpdesk Harry' },
      reason: 'Scale-out test',
      plan: assessMatch(facts).plan,
    });

    const answers = await Promise.all(
      [a, b].map(async (url) => {
        const res = await fetch(`${url}/api/messages`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify(click(request.id)),
        });
        return (await res.json()) as { type?: string; value?: { code?: string } };
      }),
    );
    const cards = answers.filter((x) => x.type === 'application/vnd.microsoft.card.adaptive');
    expect(cards).toHaveLength(1);
    expect(answers.find((x) => x !== cards[0])?.value?.code).toBe('APPROVAL.NOT_PENDING');

    const deadline = Date.now() + 45_000;
    let job: Job | undefined;
    while (Date.now() < deadline) {
      job = await jobOf(storage.store, request.id);
      if (job?.state === 'succeeded') break;
      await new Promise((r) => setTimeout(r, 200));
    }
    expect(job?.state).toBe('succeeded');
    // Give a losing instance time to do anything it wrongly would.
    await new Promise((r) => setTimeout(r, 1_000));
    expect(world.cloudWrites().map((w) => w.method)).toEqual(['PATCH']);
    const audit = await storage.audit.recent(200);
    const count = (action: string) =>
      audit.filter((e) => e.requestId === request.id && e.action === action && e.outcome === 'ok').length;
    expect(count('request.approved')).toBe(1);
    expect(count('job.started')).toBe(1);
    expect(count('job.succeeded')).toBe(1);
  });
});
