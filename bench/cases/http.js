'use strict';
/**
 * HTTP with autocannon on loopback (server in its own process, load generator in this one):
 *   target=bare|ours, route=post|get, connections (64), seconds.
 * POST /api/v1/schools registers a new school per request (unique 10-digit ids, so no stream
 * contention); GET /api/v1/groups/:id reads one group that was recorded before the run.
 */
const autocannon = require('autocannon');
const { run, report, freshDir, removeDir, nowUs } = require('../lib/child');
const { startServer, stopServer, schoolBody, call, seedGroup } = require('../lib/http');

run(async ({ target, route, connections = 64, seconds = 5, warmupSeconds = 1, salt = 1 }) => {
  const dataDir = freshDir(`http-${target}`);
  let server;
  try {
    server = await startServer(target, dataDir);
    const base = `http://127.0.0.1:${server.info.port}`;
    const token = server.info.token;
    const headers = {
      'content-type': 'application/json',
      ...(token ? { authorization: `Bearer ${token}` } : {}),
    };
    let request;
    if (route === 'post') {
      request = {
        method: 'POST',
        path: '/api/v1/schools',
        headers,
        setupRequest: (req) => ({ ...req, body: JSON.stringify(schoolBody(salt)) }),
      };
    } else {
      const groupId = target === 'ours' ? await seedGroup(base, token) : 'g-bench';
      request = { method: 'GET', path: `/api/v1/groups/${groupId}`, headers };
    }
    // Check the route answers 2xx before loading it.
    const probe =
      request.method === 'POST'
        ? await call(base, token, 'POST', request.path, schoolBody(salt + 7))
        : await call(base, token, 'GET', request.path);
    if (!probe) throw new Error('empty answer');
    const load = (duration) =>
      autocannon({ url: base, connections, duration, pipelining: 1, requests: [request] });
    if (warmupSeconds > 0) await load(warmupSeconds);
    const startUs = nowUs();
    const r = await load(seconds);
    const endUs = nowUs();
    const non2xx = r.non2xx + r.errors + r.timeouts;
    const sources = server.info.sources;
    // The server is stopped before the result goes out: the runner ends a case soon after its
    // result line, and a profiled server (--cpu-prof) writes its main thread's profile only as it
    // exits; with the result first, a long profile could be cut off (ADR 0138's longer runs were).
    await stopServer(server.child);
    server = undefined;
    report({
      target,
      route,
      connections,
      reqPerSec: r.requests.average,
      warmupSeconds,
      p50Ms: r.latency.p50,
      p99Ms: r.latency.p99,
      non2xx,
      total: r.requests.total,
      sources,
      window: { startUs, endUs },
    });
  } finally {
    if (server) await stopServer(server.child);
    removeDir(dataDir);
  }
});
