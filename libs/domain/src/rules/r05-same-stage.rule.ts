import type { Finding } from '../shared/finding';
import type { Rule } from './rule';
import { NO_FINDINGS, POLICY_EFFECTIVE_FROM, breach, cooperationParties, push, sharesStage } from './rule';

/** R05: in principle a partner shares at least one stage with its lead. */
export const r05SameStage: Rule = {
  id: 'R05',
  name: 'SAME_STAGE',
  clause: '§3.1 原则上，优质学校应在同一学段开展合作',
  severity: 'warning',
  subjectType: 'cooperation',
  parameters: {},
  effectiveFrom: POLICY_EFFECTIVE_FROM,
  messages: {
    zh: '合作学校（{partnerStages}）与优质学校（{leadStages}）不在同一学段',
    en: 'The partner ({partnerStages}) shares no stage with its lead ({leadStages})',
  },
  evaluate(ctx) {
    const p = cooperationParties(ctx);
    if (!p || !p.c.admission || sharesStage(p.lead, p.partner)) return NO_FINDINGS;
    const out: Finding[] = [];
    push(
      out,
      breach(this, ctx, {
        since: p.c.admission.on,
        resolvedOn: p.c.endedOn,
        evidence: [p.c.admission.eventId, p.lead.registered.eventId, p.partner.registered.eventId],
        vars: { partnerStages: p.partner.stages.join('+'), leadStages: p.lead.stages.join('+') },
      }),
    );
    return out;
  },
};
