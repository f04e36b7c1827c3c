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
const autocannon = require('autocannon');
const { startServer, stopServer, schoolBody, seedGroup } = require('../lib/http');

async function main() {
  const [target = 'ours', route = 'post', secsArg = '10'] = process.argv.slice(2);
  if (!['ours', 'bare'].includes(target) || !['post', 'get'].includes(route))
    throw new Error('usage: http-ramp.js ours|bare post|get [seconds]');
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'http-ramp-'));
  const server = await startServer(target, dataDir);
  try {
    const base = `http://127.0.0.1:${server.info.port}`;
    const token = server.info.token;
    const headers = { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) };
    const request =
      route === 'post'
        ? { method: 'POST', path: '/api/v1/schools', headers, setupRequest: (r) => ({ ...r, body: JSON.stringify(schoolBody(3)) }) }
        : { method: 'GET', path: `/api/v1/groups/${target === 'ours' ? await seedGroup(base, token) : 'g-bench'}`, headers };
    const perSecond = [];
    const result = await new Promise((resolve, reject) => {
      const run = autocannon({ url: base, connections: 64, duration: Number(secsArg), requests: [request] }, (err, r) =>
        err ? reject(err) : resolve(r),
      );
      run.on('tick', (t) => perSecond.push(t.counter));
    });
    console.log(JSON.stringify({ target, route, perSecond, non2xx: result.non2xx + result.errors + result.timeouts }));
  } finally {
    await stopServer(server.child);
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
