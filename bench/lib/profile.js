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
    const where = url ? `${path.relative(root, url) || url}:${f.lineNumber + 1}` : '';
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
  const frames = [...self.values()]
    .sort((a, b) => b.self - a.self)
    .slice(0, limit)
    .map((f) => ({
      name: f.name,
      where: f.where,
      selfPct: (100 * f.self) / Math.max(1, samples),
      totalPct: (100 * (total.get(f.key) || 0)) / Math.max(1, samples),
    }));
  return { frames, busyPct: (100 * samples) / Math.max(1, samples + idle), samples: samples + idle };
}

function topFramesOfFile(file, limit, root, window) {
  return topFrames(JSON.parse(fs.readFileSync(file, 'utf8')), limit, root, window);
}

/** `CPU.<date>.<time>.<pid>.<tid>.<seq>.cpuprofile` → thread id (0 is the main thread). */
function threadOf(file) {
  const m = /\.(\d+)\.(\d+)\.(\d+)\.cpuprofile$/.exec(path.basename(file));
  return m ? Number(m[2]) : 0;
}

module.exports = { topFrames, topFramesOfFile, threadOf };
