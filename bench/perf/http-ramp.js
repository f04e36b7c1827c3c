'use strict';
/**
 * Measurement script (not a test, not part of `npm test` or `npm run bench`), ADR 0138: how long a
 * freshly started server needs under load before its request rate settles, i.e. how much warm-up
 * the HTTP cases of `npm run bench` need so that their measured window holds the steady rate.
 * Starts one of the bench's servers, loads it with autocannon (64 connections, the same requests as
 * bench/cases/http.js) from its first request on, and prints the completed requests of each second.
 *
 *   node bench/perf/http-ramp.js ours post [seconds]
 *   node bench/perf/http-ramp.js bare get 10
 */
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { spawn } = require('node:child_process');
const autocannon = require('autocannon');

const [target = 'ours', route = 'post', secsArg = '10'] = process.argv.slice(2);
if (!['ours', 'bare'].includes(target) || !['post', 'get'].includes(route))
  throw new Error('usage: http-ramp.js ours|bare post|get [seconds]');
const server = path.join(__dirname, '..', 'servers', target === 'bare' ? 'bare-app.js' : 'ledger-server.js');
const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'http-ramp-'));
const child = spawn(process.execPath, [server], {
  env: { ...process.env, BENCH_DATA_DIR: dataDir, NODE_ENV: 'production' },
  stdio: ['ignore', 'pipe', 'inherit', 'ipc'],
});

let n = 0;
const school = () => {
  n += 1;
  return {
    schoolId: String(3000000000 + n),
    name: `长沙市第${n}中学`,
    stages: ['JUNIOR', 'SENIOR'],
    ownership: 'PUBLIC',
    administration: 'DISTRICT',
    districtCode: '430104',
    inChangsha: true,
    sinoForeign: false,
    occurredOn: '2025-09-01',
  };
};

async function requestFor(base, headers) {
  if (route === 'post')
    return { method: 'POST', path: '/api/v1/schools', headers, setupRequest: (r) => ({ ...r, body: JSON.stringify(school()) }) };
  if (target === 'bare') return { method: 'GET', path: '/api/v1/groups/g-bench', headers };
  // As bench/cases/http.js: a lead school, its group, then read-your-writes before the load.
  const lead = school();
  await fetch(`${base}/api/v1/schools`, { method: 'POST', headers, body: JSON.stringify(lead) });
  const formed = await (
    await fetch(`${base}/api/v1/groups`, {
      method: 'POST',
      headers,
      body: JSON.stringify({ name: '长沙市示范教育集团', leadSchoolId: lead.schoolId, occurredOn: '2025-09-01' }),
    })
  ).json();
  await fetch(`${base}/api/v1/groups/${formed.id}?minPosition=${formed.position}`, { headers });
  return { method: 'GET', path: `/api/v1/groups/${formed.id}`, headers };
}

let out = '';
const onData = async (chunk) => {
  out += chunk;
  const m = /LISTENING (\{.*\})/.exec(out);
  if (!m) return;
  // From here on the server's log is only drained (kept, it would slow this process down).
  child.stdout.off('data', onData);
  child.stdout.resume();
  const { port, token } = JSON.parse(m[1]);
  const base = `http://127.0.0.1:${port}`;
  const headers = { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) };
  const request = await requestFor(base, headers);
  const perSecond = [];
  const run = autocannon({ url: base, connections: 64, duration: Number(secsArg), requests: [request] });
  run.on('tick', (t) => perSecond.push(t.counter));
  run.on('done', (r) => {
    console.log(JSON.stringify({ target, route, perSecond, non2xx: r.non2xx + r.errors + r.timeouts }));
    child.send('stop');
  });
};
child.stdout.on('data', onData);
child.on('exit', () => fs.rmSync(dataDir, { recursive: true, force: true }));
