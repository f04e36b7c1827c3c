'use strict';
/**
 * The HTTP cases' servers and requests, shared by bench/cases/http.js and bench/perf/http-ramp.js:
 * the bench's two servers (ours, the bare app) started in their own process, the POST /schools body
 * (a new 10-digit school id per request) and the group that the GET reads.
 */
const path = require('node:path');
const { spawn } = require('node:child_process');
const { NotAvailableError } = require('./dist');

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

module.exports = { SERVERS, startServer, stopServer, schoolBody, call, seedGroup };
