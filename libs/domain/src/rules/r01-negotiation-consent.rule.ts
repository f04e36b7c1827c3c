import type { Finding } from '../shared/finding';
import type { Rule } from './rule';
import { NO_FINDINGS, POLICY_EFFECTIVE_FROM, breach, cooperationParties, inForce, push } from './rule';

/** R01: a city-direct lead needs the city bureau's consent before negotiating (before the draft). */
export const r01NegotiationConsent: Rule = {
  id: 'R01',
  name: 'NEGOTIATION_CONSENT',
  clause: '§3.1 市直学校集团化办学要经市教育局同意才能商议合作事宜',
  severity: 'violation',
  subjectType: 'cooperation',
  parameters: {},
  effectiveFrom: POLICY_EFFECTIVE_FROM,
  messages: {
    zh: '市直学校牵头的合作在提交合同草案（{draftOn}）前未取得市教育局同意商议合作',
    en: 'A cooperation led by a city-direct school submitted its contract draft ({draftOn}) without the city bureau’s prior consent to negotiate',
  },
  evaluate(ctx) {
    const p = cooperationParties(ctx);
    if (!p || p.lead.administration !== 'CITY_DIRECT') return NO_FINDINGS;
    const draft = p.c.drafts[0];
    if (!draft || !inForce(this, draft.on)) return NO_FINDINGS;
    if (p.c.consents.some((k) => k.authority.kind === 'CITY_BUREAU' && k.on <= draft.on)) return NO_FINDINGS;
    const out: Finding[] = [];
    push(out, breach(this, ctx, { since: draft.on, evidence: [p.c.proposed.eventId, draft.eventId], vars: { draftOn: draft.on } }));
    return out;
  },
};
