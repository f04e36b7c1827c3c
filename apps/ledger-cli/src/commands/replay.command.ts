import { Presets, SingleBar } from 'cli-progress';
import type { Command } from 'commander';
import {
  applyEvent,
  cooperationAt,
  emptyLedgerView,
  evaluateSubject,
  findFacts,
  foldLedger,
  groupAt,
  isIsoDay,
  isIsoInstant,
  parseRecordedEvent,
  schoolAt,
  subjectKey,
  visibleFacts,
  type Fact,
  type Finding,
  type KnownAt,
  type LedgerView,
  type RecordedDomainEvent,
  type SubjectRef,
  type ViewAt,
} from '@ledger/domain';
import type { EventStore } from '@ledger/event-store';
import { loadConfig, openEventStore } from '@ledger/platform';
import { subjectStreamId } from './export.command';

export interface ReplayedEvent {
  readonly eventId: string;
  readonly type: string;
  readonly position: string;
  readonly occurredOn: string;
  readonly recordedAt: string;
  readonly subject: string;
  readonly data: unknown;
}

export interface ReplayResult {
  readonly subject: SubjectRef;
  readonly asOf: string;
  readonly knownAt: KnownAt | null;
  /** The subject's derived state then (null when it did not exist yet, as then known). */
  readonly state: unknown;
  readonly findings: Finding[];
  /** The subject's events that counted then: valid by asOf, recorded by knownAt, not retracted as then known. */
  readonly events: ReplayedEvent[];
  /** Events cited as evidence by the findings that are not in `events` (other subjects' streams). */
  readonly evidence: ReplayedEvent[];
  /** The subject's events already recorded by knownAt but left out: retracted as then known. */
  readonly retracted: Array<ReplayedEvent & { retractedBy: string; reason: string }>;
  /** How many events of the global log were known at knownAt. */
  readonly eventsKnown: number;
}

const STATE_OF = { school: schoolAt, group: groupAt, cooperation: cooperationAt } as const;

function factJson(f: Fact, subject: string): ReplayedEvent {
  return { eventId: f.eventId, type: f.type, position: String(f.pos), occurredOn: f.on, recordedAt: f.recordedAt, subject, data: f.data };
}

/** `--known-at`: an ISO instant, or a global position (digits). */
export function parseKnownAt(value: string | undefined): KnownAt | undefined {
  if (value === undefined) return undefined;
  if (/^\d{1,20}$/.test(value)) return { position: value };
  if (isIsoInstant(value)) return { instant: value };
  throw new Error(`--known-at 无效 · --known-at must be an ISO instant with Z (2024-01-10T00:00:00Z) or a global position, got "${value}"`);
}

/** Pure part of replay: the subject as of a valid day, as known at an instant or position. */
export function replaySubject(events: Iterable<RecordedDomainEvent>, subject: SubjectRef, asOf: string, knownAt?: KnownAt): ReplayResult {
  return replayOnView(foldLedger(events), subject, asOf, knownAt);
}

/** replaySubject on a view already folded from the log (every event, or every event up to knownAt's position). */
export function replayOnView(view: LedgerView, subject: SubjectRef, asOf: string, knownAt?: KnownAt): ReplayResult {
  const at: ViewAt = knownAt ? { asOf, knownAt } : { asOf };
  const key = `${subject.type}:${subject.id}`;
  const state = STATE_OF[subject.type](view, subject.id, at) ?? null;
  const findings = evaluateSubject(view, subject, { asOf, ...(knownAt ? { knownAt } : {}) });
  const facts = visibleFacts(view, subject.type, subject.id, at);
  const shown = new Set(facts.map((f) => f.eventId));
  // Evidence from other subjects (a group's cooperations, the lead school…), found by id in one
  // pass over the view (it keeps no index of every event id, ADR 0177).
  const wanted = new Set(findings.flatMap((f) => f.evidence).filter((id) => !shown.has(id)));
  const found = findFacts(view, wanted);
  const evidence: ReplayedEvent[] = [];
  for (const id of wanted) {
    const hit = found.get(id);
    if (hit) evidence.push(factJson(hit.fact, subjectKey(hit.subject)));
  }
  const posLimit = knownAt?.position !== undefined ? Number(knownAt.position) : Infinity;
  const knownThen = (pos: number, recordedAt: string) => pos <= posLimit && (knownAt?.instant === undefined || recordedAt <= knownAt.instant);
  const all = (subject.type === 'school' ? view.schools : subject.type === 'group' ? view.groups : view.cooperations).get(subject.id) ?? [];
  const retracted = all
    .filter((f) => f.on <= asOf && knownThen(f.pos, f.recordedAt) && !shown.has(f.eventId))
    .flatMap((f) => {
      const r = view.retractions.get(f.eventId);
      return r && knownThen(r.pos, r.recordedAt) ? [{ ...factJson(f, key), retractedBy: r.eventId, reason: r.reason }] : [];
    });
  let eventsKnown = 0;
  for (const list of [view.schools, view.groups, view.cooperations]) {
    for (const facts of list.values()) for (const f of facts) if (knownThen(f.pos, f.recordedAt)) eventsKnown++;
  }
  return {
    subject,
    asOf,
    knownAt: knownAt ?? null,
    state,
    findings,
    events: facts.map((f) => factJson(f, key)),
    evidence: evidence.sort((a, b) => Number(a.position) - Number(b.position)),
    retracted,
    eventsKnown,
  };
}

/**
 * The log folded page by page, as `foldLedger` folds it: no array of every event beside the view
 * (at a million events that array doubled the peak, to 1.3 GB). With `upTo` (knownAt's position)
 * the reading stops there: a later event is not known then, and every answer filters it out.
 */
export async function foldLog(
  store: EventStore,
  upTo?: bigint,
  options: { readonly pageSize?: number; readonly onPage?: (position: bigint) => void } = {},
): Promise<LedgerView> {
  const view = emptyLedgerView();
  for (let after = 0n; upTo === undefined || after < upTo; ) {
    const page = await store.readAll({ after, maxCount: options.pageSize ?? 5000 });
    if (page.length === 0) break;
    for (const e of page) {
      if (upTo !== undefined && e.position > upTo) {
        options.onPage?.(upTo);
        return view;
      }
      applyEvent(view, parseRecordedEvent(e));
    }
    after = page[page.length - 1].position;
    options.onPage?.(after);
  }
  return view;
}

export async function runReplay(options: {
  subject: string;
  asOf: string;
  knownAt?: string;
  dataDir?: string;
  env?: Record<string, string | undefined>;
  /** The log's length to read, then the position after each page read (a million events take ~10 s). */
  progress?: { start(total: bigint): void; update(position: bigint): void; stop(): void };
}): Promise<ReplayResult> {
  const streamId = subjectStreamId(options.subject);
  const [type, ...rest] = streamId.split('-');
  const subject = { type, id: rest.join('-') } as SubjectRef;
  if (!isIsoDay(options.asOf)) throw new Error(`--as-of 无效 · --as-of must be an ISO day (YYYY-MM-DD), got "${options.asOf}"`);
  const knownAt = parseKnownAt(options.knownAt);
  const config = loadConfig({ ...(options.env ?? process.env), ...(options.dataDir ? { LEDGER_DATA_DIR: options.dataDir } : {}) });
  const store = await openEventStore(config);
  try {
    const upTo = knownAt?.position === undefined ? undefined : BigInt(knownAt.position);
    const head = await store.headPosition();
    options.progress?.start(upTo !== undefined && upTo < head ? upTo : head);
    const view = await foldLog(store, upTo, { onPage: (position) => options.progress?.update(position) });
    options.progress?.stop();
    return replayOnView(view, subject, options.asOf, knownAt);
  } finally {
    await store.close();
  }
}

/** `ledger-cli replay <subject> --as-of DAY --known-at INSTANT`: the state and findings then, and the events behind them. */
export function register(program: Command): void {
  program
    .command('replay')
    .description('回放 · the state and findings of a subject as of a valid day, as known at an instant (or position), and the events that produced them (JSON)')
    .argument('<subject>', '主体 · school-<id>, group-<id> or cooperation-<id>')
    .requiredOption('--as-of <day>', '有效时间 · valid day (YYYY-MM-DD)')
    .option('--known-at <instant>', '记录时间 · transaction time: an ISO instant (Z) or a global position; default everything recorded')
    .option('--data-dir <dir>', '数据目录 · data dir (default LEDGER_DATA_DIR or ./data)')
    .action(async (subject: string, opts: { asOf: string; knownAt?: string; dataDir?: string }) => {
      // On stderr, and only on a terminal (cli-progress draws nothing otherwise): stdout is the JSON.
      const bar = new SingleBar({ format: '回放读取日志 · reading the log [{bar}] {percentage}% | {value}/{total}', hideCursor: true }, Presets.shades_classic);
      const progress = {
        start: (total: bigint) => bar.start(Number(total), 0),
        update: (position: bigint) => bar.update(Number(position)),
        stop: () => bar.stop(),
      };
      const result = await runReplay({ subject, asOf: opts.asOf, knownAt: opts.knownAt, dataDir: opts.dataDir, progress });
      process.stderr.write(
        `回放 · replay ${result.subject.type}:${result.subject.id} as of ${result.asOf}` +
          (result.knownAt ? ` as known at ${result.knownAt.instant ?? `position ${result.knownAt.position}`}` : '') +
          `: ${result.events.length} events, ${result.findings.length} findings (${result.findings.filter((f) => f.status === 'OPEN').length} open)\n`,
      );
      process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
    });
}
