import * as fs from 'node:fs';
import * as path from 'node:path';
import { renderReliabilityDoc } from './render-doc';

export const ROOT = path.resolve(__dirname, '../../..');
export const FIGURES_FILE = path.join(ROOT, 'test-output', 'reliability.json');
export const DOC_FILE = path.join(ROOT, 'docs', 'reliability.md');

export type Figures = Record<string, Record<string, unknown>>;

export function readFigures(): Figures {
  try {
    return JSON.parse(fs.readFileSync(FIGURES_FILE, 'utf8')) as Figures;
  } catch {
    return {};
  }
}

/**
 * Merges one suite's figures into `test-output/reliability.json` (with the time of the run) and
 * regenerates `docs/reliability.md` from the whole file, so the doc always shows the last run of
 * each suite.
 */
export function recordFigures(suite: string, figures: Record<string, unknown>): void {
  const all = readFigures();
  all[suite] = { ...figures, recordedAt: new Date().toISOString() };
  fs.mkdirSync(path.dirname(FIGURES_FILE), { recursive: true });
  fs.writeFileSync(FIGURES_FILE, `${JSON.stringify(all, null, 2)}\n`);
  fs.writeFileSync(DOC_FILE, renderReliabilityDoc(all));
}
