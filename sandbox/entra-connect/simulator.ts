/**
 * The Entra Connect simulator: answers the relay's operations as the ADSync cmdlets do, behind the same
 * ScriptRunner seam as the PowerShell runner. A started cycle keeps the server busy for `cycleMs`, then
 * really applies the matching rules (sync-engine.ts) to the wired tenant and directory, and appends run
 * profile results (with export errors) to the history Get-ADSyncRunProfileResult would show.
 */
import { DomainError } from '../../core/errors.ts';
import type {
  RunProfileResult,
  SchedulerStatus,
  SourceAnchor,
  SyncCredentialInfo,
  SyncScope,
} from '../../core/models.ts';
import type { OperationName, OperationParams, OperationResult } from '../../relay/operations.ts';
import type { RunContext, ScriptRunner } from '../../relay/script-runner.ts';
import { singleObjectResultFrom } from '../../relay/single-object.ts';
import { cycleRunResults } from './run-history.ts';
import { singleObjectSummary } from './single-object-summary.ts';
import { dnInScope, runSyncCycle, type CycleReport } from './sync-engine.ts';
import type { CloudSyncTarget, DirectorySyncSource } from './targets.ts';

export interface EntraConnectSimulatorOptions {
  readonly cloud: CloudSyncTarget;
  readonly ad: DirectorySyncSource;
  readonly scope: SyncScope;
  readonly sourceAnchor: SourceAnchor;
  /** How long a started cycle keeps the server busy before its changes land. */
  readonly cycleMs?: number;
  readonly stagingMode?: boolean;
  /** AD connector name (the forest), e.g. `corp.contoso.com`. */
  readonly adConnectorName?: string;
  /** AAD connector name, e.g. `contoso.onmicrosoft.com - AAD`. */
  readonly aadConnectorName?: string;
  readonly now?: () => Date;
  /** What Get-ADSyncGlobalSettings reports as the server version (default a current one: 2.6.92.0). */
  readonly connectVersion?: string | null;
  /** How far the server's clock is ahead of this process's (negative: behind); default 0. */
  readonly clockOffsetMs?: number;
  /** Called when a cycle fails inside (a target threw); the simulator records and goes idle. */
  readonly onCycleError?: (error: unknown) => void;
  /**
   * What `sync-credential` answers. Default: application-based authentication with the certificate
   * managed by Entra Connect - the default of new installs (Learn: authenticate-application-id) - whose
   * expiry the relay cannot read (it sits in the ADSync account's CURRENT_USER store) and no 1011/1012
   * event. Whether the cmdlet exposes the certificate is UNCONFIRMED: tests set both outcomes.
   */
  readonly credential?: SyncCredentialInfo;
}

/** Get-ADSyncScheduler's switches an admin (or an upgrade) sets: Set-ADSyncScheduler -SyncCycleEnabled. */
export interface SchedulerSwitches {
  readonly syncCycleEnabled: boolean;
  /** Set by Connect during an upgrade, or by an admin (Learn: how-to-connect-sync-feature-scheduler). */
  readonly schedulerSuspended: boolean;
}

const DEFAULT_CREDENTIAL: SyncCredentialInfo = {
  identityType: 'Application',
  applicationId: '7f1e0d2c-3b4a-4c5d-8e6f-a1b2c3d4e5f6',
  certificateNotAfter: null,
  eventLogRead: true,
  lastCertificateEvent: null,
};

const SCHEDULER_INTERVAL_MIN = 30;
const busy = (what: string) =>
  new DomainError('RELAY.BUSY', `System.InvalidOperationException: Connector: ${what} - AAD is busy.`, {
    retryable: true,
  });

export class EntraConnectSimulator implements ScriptRunner {
  readonly #o: EntraConnectSimulatorOptions;
  #scope: SyncScope;
  #staging: boolean;
  #cycleMs: number;
  #running: Promise<void> | null = null;
  #timer: NodeJS.Timeout | null = null;
  #cancel: (() => void) | null = null;
  #lastEnd: Date | null = null;
  #switches: SchedulerSwitches = { syncCycleEnabled: true, schedulerSuspended: false };
  #credential: SyncCredentialInfo;
  #passwordSyncStalled = false;
  readonly #history: RunProfileResult[] = [];
  /** Operations the simulator ran, in order (tests assert on it, including that nothing ran). */
  readonly calls: { readonly operation: OperationName; readonly requestId: string }[] = [];
  restarts = 0;

  constructor(options: EntraConnectSimulatorOptions) {
    this.#o = options;
    this.#scope = options.scope;
    this.#staging = options.stagingMode ?? false;
    this.#cycleMs = options.cycleMs ?? 0;
    this.#credential = options.credential ?? DEFAULT_CREDENTIAL;
  }

  setSchedulerSwitches(changes: Partial<SchedulerSwitches>): void {
    this.#switches = { ...this.#switches, ...changes };
  }
  setCredential(credential: SyncCredentialInfo): void {
    this.#credential = credential;
  }
  /**
   * Password hash sync stops reporting (Connect Health: "Password Hash Synchronization heartbeat was
   * skipped in last 120 minutes"): cycles go on, the tenant's last password sync time stays where it
   * was, until the ADSync service is restarted - Microsoft's documented fix (Learn:
   * how-to-connect-health-alert-catalog), after which password sync runs and reports again.
   */
  stallPasswordSync(): void {
    this.#passwordSyncStalled = true;
  }
  get passwordSyncStalled(): boolean {
    return this.#passwordSyncStalled;
  }

  setStagingMode(on: boolean): void {
    this.#staging = on;
  }
  setScope(scope: SyncScope): void {
    this.#scope = scope;
  }
  setCycleMs(ms: number): void {
    this.#cycleMs = ms;
  }
  get cycleInProgress(): boolean {
    return this.#running !== null;
  }
  /** Resolves when the running cycle (if any) has applied its changes. */
  async idle(): Promise<void> {
    while (this.#running !== null) await this.#running;
  }
  /** Cancels a pending cycle (test teardown): its changes are not applied and the server reads idle. */
  close(): void {
    if (this.#timer !== null) clearTimeout(this.#timer);
    this.#timer = null;
    this.#cancel?.();
  }

  async run<N extends OperationName>(
    operation: N,
    params: OperationParams<N>,
    context: RunContext,
  ): Promise<OperationResult<N>> {
    this.calls.push({ operation, requestId: context.requestId });
    return (await this.#dispatch(operation, params)) as OperationResult<N>;
  }

  async #dispatch(operation: OperationName, params: unknown): Promise<unknown> {
    switch (operation) {
      case 'delta-sync':
        if (this.#staging)
          throw new DomainError(
            'RELAY.STAGING_MODE',
            'The Entra Connect server is in staging mode: a sync exports nothing.',
          );
        if (this.#running !== null) return { started: false, joined: true };
        this.#startCycle('Delta');
        return { started: true, joined: false };
      case 'initial-sync':
        if (this.#running !== null) throw busy(this.#aadName());
        this.#startCycle('Initial');
        return { started: true };
      case 'scheduler-status':
        return this.#scheduler();
      case 'wait-until-idle':
        return this.#waitUntilIdle(params as OperationParams<'wait-until-idle'>);
      case 'run-results':
        return this.#history.slice(0, (params as OperationParams<'run-results'>).count);
      case 'single-object-sync':
        return this.#singleObject((params as OperationParams<'single-object-sync'>).distinguishedName);
      case 'sync-scope':
        return {
          ...this.#scope,
          inclusions: [...this.#scope.inclusions],
          exclusions: [...this.#scope.exclusions],
        };
      case 'restart-service':
        if (this.#running !== null) throw busy(this.#aadName());
        this.restarts++;
        if (this.#passwordSyncStalled) {
          this.#passwordSyncStalled = false;
          await this.#o.cloud.recordPasswordSync((this.#o.now?.() ?? new Date()).toISOString());
        }
        return { restarted: true };
      case 'sync-credential':
        return { ...this.#credential };
      case 'server-info':
        return {
          connectVersion: this.#o.connectVersion === undefined ? '2.6.92.0' : this.#o.connectVersion,
          serverTimeUtc: new Date(
            (this.#o.now?.() ?? new Date()).getTime() + (this.#o.clockOffsetMs ?? 0),
          ).toISOString(),
        };
    }
  }

  #aadName(): string {
    return this.#o.aadConnectorName ?? 'contoso.onmicrosoft.com - AAD';
  }

  #scheduler(): SchedulerStatus {
    const base = this.#lastEnd ?? this.#o.now?.() ?? new Date();
    return {
      syncCycleEnabled: this.#switches.syncCycleEnabled,
      syncCycleInProgress: this.#running !== null,
      stagingModeEnabled: this.#staging,
      schedulerSuspended: this.#switches.schedulerSuspended,
      maintenanceEnabled: true,
      nextSyncCyclePolicyType: 'Delta',
      nextSyncCycleStartTimeInUtc: new Date(base.getTime() + SCHEDULER_INTERVAL_MIN * 60_000).toISOString(),
      currentlyEffectiveSyncCycleIntervalMinutes: SCHEDULER_INTERVAL_MIN,
    };
  }

  async #waitUntilIdle(p: OperationParams<'wait-until-idle'>) {
    const deadline = Date.now() + p.timeoutMs;
    while (this.#running !== null && Date.now() + p.pollMs <= deadline)
      await new Promise((r) => setTimeout(r, p.pollMs));
    return { idle: this.#running === null, scheduler: this.#scheduler() };
  }

  #startCycle(policy: 'Delta' | 'Initial'): void {
    const started = this.#o.now?.() ?? new Date();
    this.#running = new Promise<void>((resolve) => {
      const finish = () => {
        this.#running = null;
        this.#cancel = null;
        resolve();
      };
      this.#cancel = finish;
      this.#timer = setTimeout(() => {
        this.#timer = null;
        void this.#applyCycle(policy, started).finally(finish);
      }, this.#cycleMs);
    });
  }

  async #applyCycle(policy: 'Delta' | 'Initial', started: Date): Promise<void> {
    let report: CycleReport | null = null;
    try {
      report = await runSyncCycle({
        cloud: this.#o.cloud,
        ad: this.#o.ad,
        scope: this.#scope,
        sourceAnchor: this.#o.sourceAnchor,
        exportEnabled: !this.#staging,
        passwordSyncRunning: !this.#passwordSyncStalled,
        now: this.#o.now?.() ?? new Date(),
      });
    } catch (e) {
      this.#o.onCycleError?.(e);
    }
    const ended = this.#o.now?.() ?? new Date();
    this.#lastEnd = ended;
    this.#record(policy, started, ended, report);
  }

  /** Appends what Get-ADSyncRunProfileResult would list for one cycle, newest first. */
  #record(policy: string, started: Date, ended: Date, report: CycleReport | null): void {
    this.#history.unshift(
      ...cycleRunResults({
        policy,
        started,
        ended,
        report,
        adConnectorName: this.#o.adConnectorName ?? 'corp.contoso.com',
        aadConnectorName: this.#aadName(),
      }),
    );
  }

  async #singleObject(dn: string) {
    if (this.#running !== null) throw busy(this.#aadName());
    const user = await this.#o.ad.getUserByDn(dn);
    if (user === null)
      throw new DomainError(
        'RELAY.FAILED',
        `Invoke-ADSyncSingleObjectSync: no object '${dn}' in the AD connector's partitions.`,
      );
    const inScope = dnInScope(user.dn, this.#scope);
    const report = inScope
      ? await runSyncCycle({
          cloud: this.#o.cloud,
          ad: this.#o.ad,
          scope: this.#scope,
          sourceAnchor: this.#o.sourceAnchor,
          exportEnabled: !this.#staging,
          onlyDn: user.dn,
          now: this.#o.now?.() ?? new Date(),
        })
      : null;
    const outcome = report?.outcomes.get(user.dn) ?? 'out-of-scope';
    const error = report?.exportErrors[0];
    const raw = singleObjectSummary({ user, inScope, outcome, error, staging: this.#staging });
    return singleObjectResultFrom(user.dn, raw);
  }
}
