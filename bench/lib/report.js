'use strict';
/** docs/benchmarks.md from one run of `npm run bench`. Pure: inputs in, markdown out. */
const { fmtNumber, markdownTable } = require('./stats');
const { describeFailures } = require('./plan');

function renderReport({
  started,
  elapsedSeconds,
  info,
  measurements,
  results,
  targets,
  profiles,
  quick,
  runs,
  commandOf,
}) {
  const held = targets.filter((t) => t.status === 'holds').length;
  const missed = targets.filter((t) => t.status === 'does not hold');
  const unmeasured = targets.filter((t) => t.status === 'not measured');
  const lines = [];
  lines.push('# Benchmarks');
  lines.push('');
  lines.push(
    `Written by \`npm run bench\` (bench/run.js) on ${started.toISOString()}${quick ? ' — **quick smoke run (BENCH_QUICK=1): short windows, one run, a smaller replay; not the figures of record**' : ''}. ` +
      `Every figure below comes from this one run: each measurement in a fresh Node process, the median of ${runs} run(s), runs interleaved so that machine noise spreads evenly. The whole run took ${fmtNumber(elapsedSeconds)} s.`,
  );
  lines.push('');
  lines.push(
    `**Targets: ${held} hold, ${missed.length} do not hold, ${unmeasured.length} not measured** (of ${targets.length}, issue 9).`,
  );
  lines.push('');
  lines.push('## Machine');
  lines.push('');
  lines.push(
    markdownTable(
      ['what', 'value'],
      [
        ['CPU', info.cpu],
        ['cores', String(info.cores)],
        ['RAM', `${fmtNumber(info.ramGiB, 1)} GiB`],
        ['OS', info.platform],
        ['Node', info.node],
        ['better-sqlite3 (ours, raw)', info.betterSqlite3],
        ['sqlite3 (the peer)', info.peerSqlite3],
        ['commit measured', info.commit],
        ['code measured', info.build || 'dist/'],
        [
          'load average at start / end (1, 5, 15 min)',
          `${info.loadAverage.map((x) => x.toFixed(2)).join(', ')} / ${info.loadAverageEnd.map((x) => x.toFixed(2)).join(', ')}`,
        ],
      ],
    ),
  );
  lines.push('');
  lines.push(
    'The machine is shared (other engineers run test suites on the same two cores), so absolute figures are noisy; the ratios compare measurements taken in the same run, interleaved.',
  );
  lines.push('');
  lines.push('## Targets');
  lines.push('');
  lines.push(
    markdownTable(
      ['#', 'measurement', 'figure', 'compared with', 'ratio', 'target', 'holds?'],
      targets.map((t) => [
        t.id,
        t.label,
        t.figure,
        t.against,
        t.ratioText,
        t.target,
        t.status === 'holds'
          ? '✅ holds'
          : t.status === 'does not hold'
            ? '❌ does not hold'
            : `⚪ not measured`,
      ]),
    ),
  );
  const notes = targets.filter((t) => t.note);
  if (notes.length) {
    lines.push('');
    for (const t of notes) lines.push(`- ${t.id}: ${t.note}`);
  }
  lines.push('');
  lines.push('## Figures');
  lines.push('');
  lines.push(
    markdownTable(
      ['id', 'measurement', 'median', 'unit', 'runs', 'each run', 'notes'],
      measurements.map((m) => {
        const r = results[m.id];
        if (!r || r.error) return [m.id, m.label, '—', m.unit, '0', '—', (r && r.error) || 'not run'];
        const notesOf = [];
        if (r.p99Ms !== undefined)
          notesOf.push(
            `p50 ${fmtNumber(r.p50Ms)} ms, p99 ${fmtNumber(r.p99Ms)} ms, non-2xx ${fmtNumber(r.non2xx)}${r.warmupSeconds !== undefined ? `, after ${fmtNumber(r.warmupSeconds)} s of warm-up load` : ''}`,
          );
        if (m.id.endsWith('concurrent'))
          notesOf.push(`failed ${r.failed}${describeFailures(r) ? `: ${describeFailures(r)}` : ''}`);
        if (r.globalPerSec !== undefined)
          notesOf.push(`global log ${fmtNumber(r.globalPerSec)}/s, streams ${fmtNumber(r.streamsPerSec)}/s`);
        const first = r.first || {};
        if (m.id === 'replay') {
          notesOf.push(
            `${fmtNumber(r.events)} of ${fmtNumber(r.seeded)} seeded events in ${fmtNumber(r.seconds)} s, peak RSS ${fmtNumber(r.peakRssBytes / 2 ** 20)} MiB, read models: ${(first.modelNames || []).join(', ')}`,
          );
          if (first.stoppedEarly) notesOf.push(first.stoppedEarly);
        }
        if (m.id === 'compliance')
          notesOf.push(
            `${fmtNumber(r.groups)} groups (${fmtNumber(r.events)} events), ${fmtNumber(r.findings)} findings, ${first.evaluator || ''}, ${Math.round(r.repeats)} timed evaluation(s)`,
          );
        if (r.framesPerStreamPerSec !== undefined) {
          const alone = results['http.ours.post'];
          notesOf.push(
            `${fmtNumber(r.streams)} streams, each received ${fmtNumber(r.framesPerStreamPerSec)} frames/s` +
              (alone && !alone.error ? `; ${Math.round((100 * r.reqPerSec) / alone.reqPerSec)}% of the POST rate without streams` : ''),
          );
        }
        if (r.sources) notesOf.push(`pipe: ${r.sources.pipe}; DTO: ${r.sources.dto}`);
        return [
          m.id,
          m.label,
          fmtNumber(r[m.metric]),
          m.unit,
          String(r.runs),
          (r.all || []).map((x) => fmtNumber(x)).join(' / '),
          notesOf.join('; '),
        ];
      }),
    ),
  );
  lines.push('');
  lines.push('## Profiles of the targets that do not hold');
  lines.push('');
  if (profiles.length === 0) {
    lines.push(
      missed.length === 0
        ? 'Every measured target holds: nothing to profile.'
        : 'Profiling was skipped (BENCH_PROFILE=0) or nothing could be profiled.',
    );
  }
  for (const p of profiles) {
    lines.push(`### ${p.id} (for ${p.for})`);
    lines.push('');
    if (p.error) {
      lines.push(`No profile: ${p.error}`);
      lines.push('');
      continue;
    }
    lines.push(
      `\`${p.command}\`${p.window ? ', samples of the measured window only' : ''}. Top frames by self time, per thread (0 = main thread). "Not idle" counts V8's wall-clock samples outside the event loop's idle wait: a thread blocked inside native code (an fsync, \`Atomics.wait\`) counts as not idle, so it is not CPU time:`,
    );
    lines.push('');
    for (const th of p.threads) {
      lines.push(`Thread ${th.thread} (not idle ${th.busyPct.toFixed(0)}% of the window), \`${th.file}\`:`);
      lines.push('');
      if (th.byComponent && th.byComponent.length) {
        lines.push(`By component (self time): ${th.byComponent.map((c) => `${c.component} ${c.selfPct.toFixed(1)}%`).join(', ')}.`);
        lines.push('');
      }
      lines.push(
        markdownTable(
          ['function', 'where', 'self %', 'total %'],
          th.frames.map((f) => [f.name, f.where || '(native)', f.selfPct.toFixed(1), f.totalPct.toFixed(1)]),
        ),
      );
      lines.push('');
    }
  }
  lines.push('## Commands');
  lines.push('');
  lines.push('```bash');
  lines.push(`${quick ? 'BENCH_QUICK=1 ' : ''}npm run bench        # everything below, then this file`);
  lines.push(
    'npm run build:server # what the bench measures: the compiled dist/ (run.js builds it first unless BENCH_NO_BUILD=1)',
  );
  lines.push(
    'npm --prefix bench install   # the peer, a dependency of bench/ only (run.js does it when missing)',
  );
  for (const m of measurements) {
    if (m.prepare)
      lines.push(
        `node bench/cases/${m.prepare.script} '${JSON.stringify(m.prepare.args)}'   # prepares ${m.id}`,
      );
    lines.push(commandOf(m));
  }
  lines.push('```');
  lines.push('');
  lines.push('## How each figure is taken');
  lines.push('');
  lines.push(
    [
      '- **Events**: every store writes the same sample events (bench/lib/events.js): a `TeacherDispatched` with the full metadata envelope, about 480 bytes of JSON; 1,000 streams.',
      '- **Raw limits** (bench/cases/raw-sqlite.js): better-sqlite3 with the same pragmas as our store (WAL, synchronous=FULL) on an events table with the same keys (position primary key, unique event id, unique stream + revision); payloads serialized once, so the limit is SQLite alone. Durable commit: one row per transaction. Batched: 100 rows a transaction. Read: pages of 1,000 in position order, data and metadata through JSON.parse.',
      '- **Ours** (bench/cases/ours-store.js): `createEventStore({ kind: "sqlite", dataDir })` from dist, through the `EventStore` port; appends carry the exact expected revision; 64 concurrent appenders each own a stream and append back to back (closed loop); an append that never answers within 3 s of the end counts as failed.',
      '- **Peer** (bench/cases/peer-emmett.js): `getSQLiteEventStore({ fileName })` of @event-driven-io/emmett-sqlite 0.38.5 with emmett 0.38.5 (no expected-version check, its default); reads are the better of its global-log batch reader and `readStream` over every stream. Errors it logs instead of rejecting are counted.',
      "- **Replay** (bench/cases/replay.js): the demo seeder fills a store once (prepared before the runs); each run opens it in a fresh process and rebuilds every read model from position 0 with the projection runner, no snapshot; peak memory is the process's maximum resident set (getrusage).",
      "- **Compliance** (bench/cases/compliance.js): the demo seeder's city with 5,000 groups, folded into the ledger view once; the figure is the median time of `evaluateCompliance` for the whole city at one `asOf` day.",
      '- **HTTP** (bench/cases/http.js, bench/servers/): the server runs in its own process, autocannon in another, 64 connections on 127.0.0.1, a warm-up window then the measured window. Ours is the real app (`createApp` from dist, fresh data dir, no demo data, throttler lifted, log level as configured by default) with an admin bearer token; every POST registers a new school (unique ids, no stream contention). The bare app is NestJS 11 + Fastify with the same global ValidationPipe and the same request DTO, no store, no auth, no logger.',
      '- **POST with streams** (http.ours.post.streams, no target): the same POST load while 100 clients follow `GET /api/v1/stream` (the city\'s dashboards, each on its own connection opened before the warm-up); each counts the frames it receives. It shows what live dashboards cost the recording (ADR 0187).',
      '- **Targets** are checked on the medians; a measurement that could not run is "not measured", never a pass.',
    ].join('\n'),
  );
  lines.push('');
  return `${lines.join('\n')}\n`;
}

module.exports = { renderReport };
