'use strict';
/**
 * HTTP with autocannon on loopback (server in its own process, load generator in this one):
 *   target=bare|ours, route=post|get, connections (64), seconds.
 * POST /api/v1/schools registers a new school per request (unique 10-digit ids, so no stream
 * contention); GET /api/v1/groups/:id reads one group that was recorded before the run.
 */
const path = require('node:path');
const { spawn } = require('node:child_process');
const autocannon = require('autocannon');
const { run, report, freshDir, removeDir, nowUs } = require('../lib/child');
const { NotAvailableError } = require('../lib/dist');

const SERVERS = {
  bare: path.join(__dirname, '..', 'servers', 'bare-app.js'),
  ours: path.join(__dirname, '..', 'servers', 'ledger-server.js'),
};

function startServer(target, dataDir) {
  return new Promise((resolve, reject) => {
    const child = spawn(
      process.execPath,
      [...(process.env.BENCH_SERVER_NODE_OPTIONS || '').split(' ').filter(Boolean), SERVERS[target]],
      {
        env: { ...process.env, BENCH_DATA_DIR: dataDir, NODE_ENV: 'production' },
        stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
      },
    );
    let out = '';
    let err = '';
    const timer = setTimeout(
      () => reject(new Error(`${target} server did not start in 60 s: ${err.slice(-2000)}`)),
      60000,
    );
    child.stdout.on('data', (d) => {
      out += d;
      const m = /LISTENING (\{.*\})/.exec(out);
      if (m) {
        clearTimeout(timer);
        // Keep draining the server's log so that a full pipe never blocks it.
        child.stdout.removeAllListeners('data');
        child.stdout.resume();
        resolve({ child, info: JSON.parse(m[1]) });
      }
    });
    child.stderr.on('data', (d) => (err += d));
    child.on('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`${target} server exited (${code}): ${err.slice(-2000)}`));
    });
  });
}

function stopServer(child) {
  return new Promise((resolve) => {
    if (child.exitCode !== null) return resolve();
    child.removeAllListeners('exit');
    child.on('exit', () => resolve());
    try {
      child.send('stop');
    } catch {
      child.kill('SIGTERM');
    }
    setTimeout(() => child.kill('SIGKILL'), 15000).unref();
  });
}

let schoolCounter = 0;
function schoolBody(salt) {
  schoolCounter += 1;
  const schoolId = String(1000000000 + ((salt * 1000003 + schoolCounter) % 8999999999)).slice(0, 10);
  return {
    schoolId,
    name: `长沙市第${schoolCounter}中学`,
    stages: ['JUNIOR', 'SENIOR'],
    ownership: 'PUBLIC',
    administration: 'DISTRICT',
    districtCode: '430104',
    inChangsha: true,
    sinoForeign: false,
    occurredOn: '2025-09-01',
  };
}

async function call(base, token, method, url, body) {
  const res = await fetch(base + url, {
    method,
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: body ? JSON.stringify(body) : undefined,
  });
  const text = await res.text();
  if (res.status === 404 && text.includes('ROUTE_NOT_FOUND'))
    throw new NotAvailableError(`${method} ${url.split('?')[0]}: the route is not built yet`);
  if (res.status >= 300) throw new Error(`${method} ${url} → ${res.status} ${text.slice(0, 500)}`);
  return text ? JSON.parse(text) : undefined;
}

/** A group to GET: its lead school registered, then the group formed, through the API itself. */
async function seedGroup(base, token) {
  const lead = schoolBody(99);
  await call(base, token, 'POST', '/api/v1/schools', lead);
  const formed = await call(base, token, 'POST', '/api/v1/groups', {
    name: '长沙市示范教育集团',
    leadSchoolId: lead.schoolId,
    occurredOn: '2025-09-01',
  });
  const id = formed.id;
  // Read-your-writes: wait until the read side has it.
  await call(base, token, 'GET', `/api/v1/groups/${id}?minPosition=${formed.position}`);
  return id;
}

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
      sources: server.info.sources,
      window: { startUs, endUs },
    });
  } finally {
    if (server) await stopServer(server.child);
    removeDir(dataDir);
  }
});
