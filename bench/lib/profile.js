'use strict';
/** Reading a V8 `.cpuprofile` (node --cpu-prof): the functions with the most self time. */
const fs = require('node:fs');
const path = require('node:path');

/**
 * Top `limit` frames by self time. Each: { name, where, selfPct, totalPct }. `totalPct` counts a
 * function once per sample even when it recurses. Idle, program and GC pseudo-frames are kept
 * (GC time is worth seeing) except "(idle)".
 */
function topFrames(profile, limit = 12, root = process.cwd(), window) {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const parent = new Map();
  for (const n of profile.nodes) for (const c of n.children || []) parent.set(c, n.id);
  const selfCount = new Map();
  let t = profile.startTime;
  for (let i = 0; i < profile.samples.length; i++) {
    t += profile.timeDeltas ? profile.timeDeltas[i] : 0;
    // Only the measured window, when known (same monotonic clock as process.hrtime).
    if (window && (t < window.startUs || t > window.endUs)) continue;
    const id = profile.samples[i];
    selfCount.set(id, (selfCount.get(id) || 0) + 1);
  }
  const keyOf = (n) => {
    const f = n.callFrame;
    const url = f.url ? f.url.replace(/^file:\/\//, '') : '';
    const where = url ? `${url.startsWith('/') ? path.relative(root, url) : url}:${f.lineNumber + 1}` : '';
    return {
      key: `${f.functionName || '(anonymous)'}|${where}`,
      name: f.functionName || '(anonymous)',
      where,
    };
  };
  const self = new Map();
  const total = new Map();
  let samples = 0;
  let idle = 0;
  for (const [id, count] of selfCount) {
    const node = byId.get(id);
    if (!node) continue;
    if (node.callFrame.functionName === '(idle)') {
      idle += count;
      continue;
    }
    samples += count;
    const k = keyOf(node);
    const s = self.get(k.key) || { ...k, self: 0 };
    s.self += count;
    self.set(k.key, s);
    const seen = new Set();
    for (let cur = id; cur !== undefined; cur = parent.get(cur)) {
      const kk = keyOf(byId.get(cur)).key;
      if (seen.has(kk)) continue;
      seen.add(kk);
      total.set(kk, (total.get(kk) || 0) + count);
    }
  }
  // Self time by component: an npm package, a folder of ours, a Node subsystem, or a V8 pseudo-frame.
  const components = new Map();
  for (const f of self.values()) {
    const c = componentOf(f.where, f.name);
    components.set(c, (components.get(c) || 0) + f.self);
  }
  const byComponent = [...components.entries()]
    .sort((a, b) => b[1] - a[1])
    .slice(0, 10)
    .map(([component, n]) => ({ component, selfPct: (100 * n) / Math.max(1, samples) }));
  const frames = [...self.values()]
    .sort((a, b) => b.self - a.self)
    .slice(0, limit)
    .map((f) => ({
      name: f.name,
      where: f.where,
      selfPct: (100 * f.self) / Math.max(1, samples),
      totalPct: (100 * (total.get(f.key) || 0)) / Math.max(1, samples),
    }));
  return {
    frames,
    byComponent,
    busyPct: (100 * samples) / Math.max(1, samples + idle),
    samples: samples + idle,
  };
}

/** `node_modules/@nestjs/core/x.js:1` → `@nestjs/core`; `dist/libs/event-store/src/sqlite/a.js:3` → `event-store/sqlite`. */
function componentOf(where, name) {
  if (!where) return name.startsWith('(') ? name : '(native)';
  const file = where.replace(/:\d+$/, '');
  const nm = /(?:^|\/)node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(file);
  if (nm) return nm[1];
  if (file.startsWith('node:'))
    return `node:${
      file
        .slice(5)
        .replace(/^internal\//, '')
        .split('/')[0]
    }`;
  const ours = /(?:^|\/)(?:apps|libs)\/([^/]+)\/src\/(?:([^/]+)\/)?/.exec(file);
  if (ours) return ours[2] && !ours[2].endsWith('.js') ? `${ours[1]}/${ours[2]}` : ours[1];
  const bench = /(?:^|\/)bench\/(.+)$/.exec(file);
  if (bench) return `bench/${bench[1].split('/')[0]}`;
  return file;
}

function topFramesOfFile(file, limit, root, window) {
  return topFrames(JSON.parse(fs.readFileSync(file, 'utf8')), limit, root, window);
}

/** `CPU.<date>.<time>.<pid>.<tid>.<seq>.cpuprofile` → thread id (0 is the main thread). */
function threadOf(file) {
  const m = /\.(\d+)\.(\d+)\.(\d+)\.cpuprofile$/.exec(path.basename(file));
  return m ? Number(m[2]) : 0;
}

module.exports = { topFrames, topFramesOfFile, threadOf, componentOf };
