/** `GET /leads/:schoolId/footprint`, read defensively (libs/domain LeadFootprint + leadName). */
import { arr, field, str } from './context';
import { pick } from './i18n';
import { count } from './summary';

export interface Footprint {
  readonly name?: string;
  readonly total?: number;
  readonly maxPartners: number;
  readonly perDistrictLimit: number;
  readonly byDistrict: Array<{ key: string; count: number }>;
  readonly byStage: Array<{ key: string; count: number }>;
  readonly partners: unknown[];
  readonly groupIds: string[];
}

function pairs(v: unknown, keyNames: string[]): Array<{ key: string; count: number }> {
  if (Array.isArray(v)) {
    return v.map((row) => ({
      key: str(field(row, ...keyNames, 'key')) ?? '—',
      count: count(field(row, 'count', 'partners', 'active', 'total')) ?? arr(field(row, 'partners')).length,
    }));
  }
  if (v && typeof v === 'object') {
    return Object.entries(v as Record<string, unknown>).map(([key, c]) => ({
      key,
      count: count(c) ?? arr(c).length,
    }));
  }
  return [];
}

function tally(
  partners: unknown[],
  pickKeys: (p: unknown) => string[],
): Array<{ key: string; count: number }> {
  const m = new Map<string, number>();
  for (const p of partners) for (const k of pickKeys(p)) m.set(k, (m.get(k) ?? 0) + 1);
  return [...m.entries()].map(([key, c]) => ({ key, count: c }));
}

export function readFootprint(raw: unknown): Footprint {
  const limits = field(raw, 'limits', 'parameters');
  const partners = arr(field(raw, 'partners', 'activePartners', 'items'));
  const active = partners.filter((p) => {
    const s = str(field(p, 'status'));
    return !s || s === 'ACTIVE' || field(p, 'active') === true;
  });
  const byDistrict = pairs(field(raw, 'byDistrict', 'perDistrict', 'districts'), [
    'districtCode',
    'district',
  ]);
  const byStage = pairs(field(raw, 'byStage', 'perStage', 'stages'), ['stage']);
  const name = field(raw, 'leadName', 'name', 'schoolName', 'leadSchoolName');
  return {
    name: name === undefined ? undefined : pick(name),
    total: count(field(raw, 'activePartners', 'total', 'partnerCount')) ?? active.length,
    maxPartners: count(field(limits, 'maxPartnersPerLead', 'maxPartners', 'R04')) ?? 10,
    perDistrictLimit: count(field(limits, 'perDistrict', 'maxPartnersPerDistrict', 'R10')) ?? 1,
    byDistrict: byDistrict.length ? byDistrict : tally(active, (p) => [str(field(p, 'districtCode')) ?? '—']),
    byStage: byStage.length ? byStage : tally(active, (p) => arr(field(p, 'stages')).map(String)),
    partners,
    groupIds: arr(field(raw, 'groupIds')).filter((g): g is string => typeof g === 'string'),
  };
}
