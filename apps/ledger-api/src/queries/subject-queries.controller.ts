import { Controller, Get, Param, Query } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { visibleFacts, knownFilter, cooperationAt, groupAt, schoolAt, type SubjectType, type ViewAt } from '@ledger/domain';
import { StreamNotFoundError } from '@ledger/event-store';
import { entryOf, leadFootprint, streamPage } from '@ledger/projections';
import { LeanRoute } from '../platform/lean-routes';
import { Problem } from '../problem/problem';
import { PageQueryDto, SchoolIdParamDto, SubjectIdParamDto, TimeTravelQueryDto } from './dto/query.request.dto';
import { ReadSide } from './read-side.service';

const STATE_OF = { school: schoolAt, group: groupAt, cooperation: cooperationAt } as const;
const NAMES: Record<SubjectType, string> = { school: '学校 · school', group: '集团 · group', cooperation: '合作 · cooperation' };

/** One subject's state and findings at (asOf, knownAt), its history, and a lead's footprint. */
@ApiTags('queries')
@Controller()
export class SubjectQueriesController {
  constructor(private readonly reads: ReadSide) {}

  @LeanRoute()
  @Get('schools/:id')
  @ApiOperation({ summary: 'A school at asOf, as known at knownAt' })
  @ApiOkResponse({ description: '{ id, state, findings, revision, asOf, knownAt }' })
  school(@Param() p: SubjectIdParamDto, @Query() q: TimeTravelQueryDto) {
    return this.subject('school', p.id, q);
  }

  @LeanRoute()
  @Get('groups/:id')
  @ApiOperation({ summary: 'A group at asOf, as known at knownAt' })
  group(@Param() p: SubjectIdParamDto, @Query() q: TimeTravelQueryDto) {
    return this.subject('group', p.id, q);
  }

  @LeanRoute()
  @Get('cooperations/:id')
  @ApiOperation({ summary: 'A cooperation at asOf, as known at knownAt' })
  cooperation(@Param() p: SubjectIdParamDto, @Query() q: TimeTravelQueryDto) {
    return this.subject('cooperation', p.id, q);
  }

  @Get('groups/:id/history')
  @ApiOperation({ summary: 'Every event of a group with actor, times, position, retraction and the findings it opened or closed' })
  groupHistory(@Param() p: SubjectIdParamDto, @Query() q: PageQueryDto) {
    return this.history('group', p.id, q);
  }

  @Get('cooperations/:id/history')
  @ApiOperation({ summary: 'Every event of a cooperation with actor, times, position, retraction and the findings it opened or closed' })
  cooperationHistory(@Param() p: SubjectIdParamDto, @Query() q: PageQueryDto) {
    return this.history('cooperation', p.id, q);
  }

  @Get('leads/:schoolId/footprint')
  @ApiOperation({ summary: "A lead school's active partners per district and stage against R04 (≈10) and R10 (one per district)" })
  async footprint(@Param() p: SchoolIdParamDto, @Query() q: TimeTravelQueryDto) {
    await this.reads.reach(q.minPosition);
    const at = this.reads.viewAt(q.asOf, q.knownAt);
    const answer = leadFootprint(this.reads.view(), p.schoolId, at);
    if (!answer) throw Problem.notFound(`未知学校 ${p.schoolId} · unknown school ${p.schoolId}`, 'SCHOOL.NOT_FOUND');
    return { ...answer, knownAt: q.knownAt ?? null };
  }

  private async subject(type: SubjectType, id: string, q: TimeTravelQueryDto) {
    await this.reads.reach(q.minPosition);
    const view = this.reads.view();
    const at: ViewAt = this.reads.viewAt(q.asOf, q.knownAt);
    const all = entryOf(type === 'school' ? view.schools : type === 'group' ? view.groups : view.cooperations, id) ?? [];
    const known = knownFilter(at.knownAt);
    const knownFacts = known ? all.filter((f) => known(f.pos, f.recordedAt)) : all;
    if (knownFacts.length === 0) throw Problem.notFound(`未知${NAMES[type].split(' · ')[0]} ${id} · unknown ${type} ${id}`, `${type.toUpperCase()}.NOT_FOUND`);
    const state = STATE_OF[type](view, id, at) ?? null;
    const findings = state ? this.reads.subjectFindings(view, { type, id }, at) : [];
    return {
      id,
      type,
      state,
      findings,
      // The stream's revision as known at knownAt: its events are the subject's facts.
      revision: String(knownFacts.length - 1),
      asOf: at.asOf,
      knownAt: q.knownAt ?? null,
      visibleEvents: visibleFacts(view, type, id, at).length,
    };
  }

  private async history(type: 'group' | 'cooperation', id: string, q: PageQueryDto) {
    await this.reads.reach(q.minPosition);
    let page;
    try {
      page = await streamPage(this.reads.store, `${type}-${id}`, q.limit ?? 100, q.cursor);
    } catch (err) {
      if (err instanceof StreamNotFoundError) throw Problem.notFound(`未知${NAMES[type].split(' · ')[0]} ${id} · unknown ${type} ${id}`, `${type.toUpperCase()}.NOT_FOUND`);
      throw err;
    }
    return { ...page, items: await this.reads.history(page.items) };
  }
}
