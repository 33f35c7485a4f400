import type { Logger } from '../log.js';
import { writeFileAtomic } from '../fs/atomic-write.js';
import { readIfExists } from '../fs/read-if-exists.js';
import { toChecksumAddress } from '../eth/address.js';
import {
  activeChange, addressState, approve, emptyLedger, observe, registerCandidate, remove,
  type ActionOutcome, type Change, type Ledger,
} from './ledger.js';
import { ledgerFileBytes, ledgerPath, parseLedgerFile } from './ledger-file.js';
import { includesAddress, sameAddress, type SealingView } from './policy.js';
import type { SignerReport } from './report.js';

export type Admission = 'manual' | 'auto';

export interface SignerRegistryOptions {
  /** The sealed genesis' path: the ledger lives next to it. */
  readonly genesisPath: string;
  readonly admission: Admission;
  /** A reporter silent for longer counts as not running (not sealing, not a live candidate). */
  readonly reportTtlMs: number;
  /** Most candidates waiting at once; one more registration is refused. */
  readonly maxCandidates: number;
  readonly logger: Logger;
  readonly now?: () => number;
}

/** One address as the operator sees it. */
export interface MemberView {
  readonly address: string;
  readonly state: ReturnType<typeof addressState>;
  /** Its agent reported within the TTL. */
  readonly live: boolean;
  /** Signers: sealed recently (and its agent is live). */
  readonly sealing: boolean;
  readonly block: number | null;
  readonly reportedAt: string | null;
  readonly since?: string | undefined;
}

export interface ChangeView extends Change {
  /** The change voted on now. */
  readonly active: boolean;
  /** Signers whose vote for it is in the chain's current clique snapshot. */
  readonly votes: readonly string[];
  /** Signers whose agent pushes it (clique_proposals). */
  readonly proposing: readonly string[];
  /** A pending `add` whose candidate runs synced. */
  readonly candidateLive?: boolean | undefined;
}

export interface MembershipView {
  readonly admission: Admission;
  /** The block the signer set was read at (0: the genesis'). */
  readonly block: number;
  readonly signers: readonly MemberView[];
  readonly candidates: readonly MemberView[];
  readonly removed: readonly string[];
  readonly changes: readonly ChangeView[];
  /** Seconds the active change has been voted on (null: none). */
  readonly activeSeconds: number | null;
}

export type ReportVerdict = 'accepted' | 'unknown' | 'stale';

export interface SignerRegistry {
  /** Reads the stored ledger, or starts one from the genesis' signers (written at its first change). */
  init(genesisSigners: readonly string[]): Promise<void>;
  readonly ready: boolean;
  register(address: string): Promise<{ status: 200 | 201 | 507; state?: 'signer' | 'candidate' | 'removed' }>;
  approve(address: string): Promise<ActionOutcome>;
  remove(address: string): Promise<ActionOutcome>;
  report(report: SignerReport): Promise<ReportVerdict>;
  view(): MembershipView;
  close(): Promise<void>;
}

/**
 * The genesis server's side of an elastic signer set: the ledger (persisted next to the genesis on
 * every change, before the answer), the reports of the sealers' agents (kept in memory: they come
 * again within seconds) and the admission policy.
 */
export function createSignerRegistry(options: SignerRegistryOptions): SignerRegistry {
  const { logger, admission } = options;
  const now = options.now ?? Date.now;
  const path = ledgerPath(options.genesisPath);
  let ledger: Ledger | undefined;
  const reports = new Map<string, SignerReport & { readonly receivedAt: number }>();
  let viewReport: SignerReport | undefined;
  let pending: Promise<void> = Promise.resolve();
  const serial = <T>(fn: () => Promise<T>): Promise<T> => {
    const run = pending.then(fn);
    pending = run.then(() => undefined, () => undefined);
    return run;
  };
  const iso = (): string => new Date(now()).toISOString();

  const commit = async (next: Ledger): Promise<void> => {
    if (next === ledger) return;
    await writeFileAtomic(path, ledgerFileBytes(next));
    ledger = next;
  };

  const reportOf = (address: string) => reports.get(address.toLowerCase());
  const live = (address: string): boolean => {
    const r = reportOf(address);
    return r !== undefined && now() - r.receivedAt <= options.reportTtlMs;
  };
  const sealingView = (l: Ledger): SealingView => ({
    signers: l.signers,
    sealing: l.signers.filter((s) => live(s) && includesAddress(viewReport?.sealing ?? [], s)),
  });
  /** A candidate counts as sealing once its agent reports a head close to the signers'. */
  const candidateSeals = (l: Ledger, address: string): boolean => {
    const r = reportOf(address);
    return r !== undefined && live(address) && r.block + 10 >= l.block;
  };

  const required = (): Ledger => {
    if (ledger === undefined) throw new Error('the signer registry has no genesis yet');
    return ledger;
  };

  /** GETH_AGENT_SIGNER_ADMISSION=auto: every waiting candidate the rails allow gets its `add`. */
  const admit = async (): Promise<void> => {
    if (admission !== 'auto') return;
    for (const member of required().members.filter((m) => m.state === 'candidate')) {
      const current = required();
      if (addressState(current, member.address) !== 'candidate') continue;
      const outcome = approve(current, member.address, { by: 'auto', view: sealingView(current), candidateSeals: candidateSeals(current, member.address), at: iso() });
      if (outcome.status === 201) {
        await commit(outcome.ledger);
        logger.info({ address: member.address, change: outcome.change?.id }, 'candidate approved (GETH_AGENT_SIGNER_ADMISSION=auto)');
      }
    }
  };

  const operatorAction = (name: 'approve' | 'remove', address: string) =>
    serial(async () => {
      const current = required();
      const outcome =
        name === 'approve'
          ? approve(current, address, { by: 'operator', view: sealingView(current), candidateSeals: candidateSeals(current, address), at: iso() })
          : remove(current, address, { view: sealingView(current), at: iso() });
      await commit(outcome.ledger);
      logger.info({ action: name, address, status: outcome.status, change: outcome.change?.id, result: outcome.message }, 'operator signer action');
      return outcome;
    });

  const changeView = (l: Ledger, change: Change, active: Change | undefined): ChangeView => {
    const authorize = change.action === 'add';
    const pendingNow = change.state === 'pending';
    const votes = pendingNow ? (viewReport?.votes ?? []).filter((v) => sameAddress(v.address, change.address) && v.authorize === authorize).map((v) => toChecksumAddress(v.signer)) : [];
    const proposing = pendingNow
      ? l.signers.filter((s) => {
          const proposals = reportOf(s)?.proposals ?? {};
          return Object.entries(proposals).some(([a, auth]) => sameAddress(a, change.address) && auth === authorize);
        })
      : [];
    return { ...change, active: change.id === active?.id, votes, proposing, ...(pendingNow && authorize ? { candidateLive: candidateSeals(l, change.address) } : {}) };
  };

  const memberView = (l: Ledger, address: string, since?: string): MemberView => {
    const r = reportOf(address);
    const sealing = sealingView(l).sealing;
    return {
      address,
      state: addressState(l, address),
      live: live(address),
      sealing: includesAddress(sealing, address),
      block: r?.block ?? null,
      reportedAt: r === undefined ? null : new Date(r.receivedAt).toISOString(),
      ...(since === undefined ? {} : { since }),
    };
  };

  return {
    async init(genesisSigners) {
      const stored = await readIfExists(path);
      ledger = stored === undefined ? emptyLedger(genesisSigners) : parseLedgerFile(stored, path);
      const active = activeChange(ledger);
      logger.info({ admission, signers: ledger.signers.length, block: ledger.block, candidates: ledger.members.filter((m) => m.state === 'candidate').length, active: active === undefined ? null : { id: active.id, action: active.action, address: active.address } }, 'signer ledger loaded');
    },
    get ready() {
      return ledger !== undefined;
    },
    register: (address) =>
      serial(async () => {
        const outcome = registerCandidate(required(), address, iso(), options.maxCandidates);
        if (outcome.kind === 'full') return { status: 507 as const };
        if (outcome.kind === 'known') return { status: 200 as const, state: outcome.state };
        await commit(outcome.ledger);
        logger.info({ address, admission }, 'sealer registered as a candidate (the genesis is sealed without it)');
        await admit();
        return { status: 201 as const, state: 'candidate' as const };
      }),
    approve: (address) => operatorAction('approve', address),
    remove: (address) => operatorAction('remove', address),
    report: (report) =>
      serial(async () => {
        const current = required();
        const state = addressState(current, report.address);
        if (state === 'unknown') return 'unknown';
        const previous = reportOf(report.address);
        if (previous !== undefined && report.timestamp <= previous.timestamp) return 'stale';
        reports.set(report.address.toLowerCase(), { ...report, receivedAt: now() });
        // Only a signer's report says what the signer set is.
        if ((state === 'signer' || state === 'removing') && report.block >= (viewReport?.block ?? 0)) viewReport = report;
        if (state === 'signer' || state === 'removing') {
          const { ledger: next, done } = observe(current, { block: report.block, signers: report.signers.map(toChecksumAddress) }, iso());
          // The signer set itself is written only with a change: a report every few seconds must not mean a disk write.
          if (done.length > 0) {
            await commit(next);
            for (const change of done) logger.info({ change: change.id, action: change.action, address: change.address, block: change.doneBlock }, 'signer change in effect');
          } else {
            ledger = next;
          }
        }
        await admit();
        return 'accepted';
      }),
    view() {
      const l = required();
      const active = activeChange(l);
      return {
        admission,
        block: l.block,
        signers: l.signers.map((s) => memberView(l, s)),
        candidates: l.members.map((m) => memberView(l, m.address, m.since)),
        removed: [...new Set(l.changes.filter((c) => c.state === 'done' && c.action === 'remove' && addressState(l, c.address) === 'removed').map((c) => c.address))],
        changes: l.changes.map((c) => changeView(l, c, active)),
        activeSeconds: active === undefined ? null : Math.max(0, Math.round((now() - Date.parse(active.activeAt ?? active.approvedAt)) / 1000)),
      };
    },
    close: () => pending,
  };
}
