import { createHash } from 'node:crypto';

/** Well-formed bodies for the command routes, to be spread and overridden in tests. */
export const sha = (text: string) => createHash('sha256').update(text).digest('hex');
export const doc = (kind: string, title?: string) => ({
  kind,
  sha256: sha(`${kind}:${title ?? ''}`),
  ...(title ? { title } : {}),
});

export const LEAD = '4301030001';
export const PARTNER = '4301040001';
export const OTHER_PARTNER = '4301110001';

export function schoolBody(schoolId: string, districtCode: string, extra: Record<string, unknown> = {}) {
  return {
    schoolId,
    name: `学校 ${schoolId}`,
    stages: ['JUNIOR'],
    ownership: 'PUBLIC',
    administration: 'DISTRICT',
    districtCode,
    inChangsha: true,
    sinoForeign: false,
    occurredOn: '2022-01-10',
    ...extra,
  };
}

export const CONTRACT_DRAFT_DOCUMENTS = [
  'OFFICIAL_LETTER',
  'CONTRACT_DRAFT',
  'SIGNING_BASIS',
  'APPROVAL_DOCUMENT',
  'EXPLANATION',
  'BACKGROUND',
].map((k) => doc(k, k));
