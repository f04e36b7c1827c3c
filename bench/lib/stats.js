'use strict';
/** Pure helpers of the bench: statistics, formatting, target checks. Tested by bench/test. */

function median(values) {
  const xs = values.filter((v) => typeof v === 'number' && Number.isFinite(v)).sort((a, b) => a - b);
  if (xs.length === 0) return undefined;
  const mid = Math.floor(xs.length / 2);
  return xs.length % 2 ? xs[mid] : (xs[mid - 1] + xs[mid]) / 2;
}

/** Median of each numeric field across runs (fields missing in every run stay undefined). */
function medianOfRuns(runs) {
  const keys = new Set();
  for (const r of runs) for (const [k, v] of Object.entries(r)) if (typeof v === 'number') keys.add(k);
  const out = {};
  for (const k of keys) out[k] = median(runs.map((r) => r[k]));
  return out;
}

function fmtNumber(v, digits) {
  if (v === undefined || v === null || Number.isNaN(v)) return '—';
  if (digits !== undefined) return v.toFixed(digits);
  if (Math.abs(v) >= 100) return Math.round(v).toLocaleString('en-US');
  if (Math.abs(v) >= 10) return v.toFixed(1);
  return v.toFixed(2);
}

function ratio(a, b) {
  if (typeof a !== 'number' || typeof b !== 'number' || !Number.isFinite(a) || !Number.isFinite(b) || b === 0)
    return undefined;
  return a / b;
}

/**
 * A target check: `{ value, op: '>=' | '<=', bound }` → 'holds' | 'does not hold' | 'not measured'.
 * `value` undefined (the measurement could not run) is never a pass.
 */
function checkTarget(value, op, bound) {
  if (typeof value !== 'number' || !Number.isFinite(value)) return 'not measured';
  const ok = op === '>=' ? value >= bound : op === '<=' ? value <= bound : false;
  return ok ? 'holds' : 'does not hold';
}

/** A plain-text table with aligned columns. */
function textTable(header, rows) {
  const all = [header, ...rows].map((r) => r.map((c) => String(c)));
  const width = header.map((_, i) => Math.max(...all.map((r) => [...(r[i] ?? '')].length)));
  const line = (r) => r.map((c, i) => c + ' '.repeat(width[i] - [...c].length)).join('  ');
  return [line(all[0]), width.map((w) => '-'.repeat(w)).join('  '), ...all.slice(1).map(line)].join('\n');
}

/** A GitHub-flavoured markdown table; pipes inside cells are escaped. */
function markdownTable(header, rows) {
  const esc = (c) => String(c).replace(/\|/g, '\\|');
  return [
    `| ${header.map(esc).join(' | ')} |`,
    `|${header.map(() => '---').join('|')}|`,
    ...rows.map((r) => `| ${r.map(esc).join(' | ')} |`),
  ].join('\n');
}

module.exports = { median, medianOfRuns, fmtNumber, ratio, checkTarget, textTable, markdownTable };
