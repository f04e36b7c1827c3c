'use strict';
/**
 * HTTP with autocannon on loopback (server in its own process, load generator in this one):
 *   target=bare|ours, route=post|get, connections (64), seconds.
 * POST /api/v1/schools registers a new school per request (unique 10-digit ids, so no stream
 * contention); GET /api/v1/groups/:id reads one group that was recorded before the run.
 * streams=N (ours): N clients follow GET /api/v1/stream (a city's dashboards) during the load;
 * the result adds the frames each received per second (ADR 0187).
 */
const http = require('node:http');
const autocannon = require('autocannon');
const { run, report, freshDir, removeDir, nowUs } = require('../lib/child');
const { startServer, stopServer, schoolBody, call, seedGroup } = require('../lib/http');

/** Opens `n` clients on the live stream; each counts the frames (`id:` lines) it receives. */
async function followStream(base, token, n) {
  const clients = [];
  await Promise.all(
    Array.from(
      { length: n },
      () =>
        new Promise((resolve, reject) => {
          const client = { frames: 0, tail: '', req: undefined };
          client.req = http.get(`${base}/api/v1/stream?access_token=${token}`, { agent: false }, (res) => {
            if (res.statusCode !== 200) return reject(new Error(`stream answered ${res.statusCode}`));
            res.setEncoding('utf8');
            res.on('data', (d) => {
              // An `id:` line may be cut between two chunks: the last 4 characters are looked at again.
              const text = client.tail + d;
              client.frames += text.split('\nid: ').length - 1;
              client.tail = text.slice(-4);
            });
            resolve();
          });
          client.req.on('error', reject);
          clients.push(client);
        }),
    ),
  );
  return {
    frames: () => clients.reduce((sum, c) => sum + c.frames, 0),
    close: () => clients.forEach((c) => c.req.destroy()),
  };
}

run(async ({ target, route, connections = 64, seconds = 5, warmupSeconds = 1, salt = 1, streams = 0 }) => {
  const dataDir = freshDir(`http-${target}`);
  let server;
  let following;
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
    if (streams > 0) following = await followStream(base, token, streams);
    if (warmupSeconds > 0) await load(warmupSeconds);
    const framesBefore = following ? following.frames() : 0;
    const startUs = nowUs();
    const r = await load(seconds);
    const endUs = nowUs();
    const framesPerStreamPerSec = following
      ? (following.frames() - framesBefore) / streams / ((endUs - startUs) / 1e6)
      : undefined;
    if (following) following.close();
    following = undefined;
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
      ...(streams > 0 ? { streams, framesPerStreamPerSec } : {}),
      warmupSeconds,
      p50Ms: r.latency.p50,
      p99Ms: r.latency.p99,
      non2xx,
      total: r.requests.total,
      sources,
      window: { startUs, endUs },
    });
  } finally {
    if (following) following.close();
    if (server) await stopServer(server.child);
    removeDir(dataDir);
  }
});
