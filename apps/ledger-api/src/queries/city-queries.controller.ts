import { Controller, Get, Query } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { paginate } from '@ledger/projections';
import { ComplianceQueryDto, DeadlinesQueryDto, EventsQueryDto, ReadYourWritesQueryDto } from './dto/query.request.dto';
import { ReadSide } from './read-side.service';

/** `P1Y6M` → 18 (days count as part months, rounded up). */
export function periodToMonths(period: string): number {
  const m = /^P(?:(\d+)Y)?(?:(\d+)M)?(?:(\d+)D)?$/.exec(period);
  if (!m) return 12;
  return Number(m[1] ?? 0) * 12 + Number(m[2] ?? 0) + Math.ceil(Number(m[3] ?? 0) / 30);
}

/** City-wide questions: compliance, deadlines, the dashboard's figures and the global log. */
@ApiTags('queries')
@Controller()
export class CityQueriesController {
  constructor(private readonly reads: ReadSide) {}

  @Get('compliance')
  @ApiOperation({ summary: 'Findings across the city at asOf (default today), as known at knownAt, filtered and paged' })
  async compliance(@Query() q: ComplianceQueryDto) {
    await this.reads.reach(q.minPosition);
    const at = this.reads.viewAt(q.asOf, q.knownAt);
    const page = await this.reads.compliance(at, { ...q, limit: q.limit ?? 100 });
    return { ...page, asOf: at.asOf, knownAt: q.knownAt ?? null };
  }

  @Get('deadlines')
  @ApiOperation({ summary: 'Terms ending, termination notices due or overdue, brand withdrawals pending, within a period (default P12M), soonest first; paged when limit or cursor is given' })
  async deadlines(@Query() q: DeadlinesQueryDto) {
    await this.reads.reach(q.minPosition);
    const { asOf, items } = await this.reads.deadlines(periodToMonths(q.within ?? 'P12M'));
    // Paged when asked (`limit`, `cursor`); the whole period otherwise, as before paging existed.
    const paged = q.limit !== undefined || q.cursor !== undefined;
    const page = paged ? paginate(items, q.limit ?? 100, q.cursor) : { items, total: items.length };
    return { ...page, asOf, within: q.within ?? 'P12M' };
  }

  @Get('dashboard/summary')
  @ApiOperation({ summary: 'The figures the dashboard draws' })
  async summary(@Query() q: ReadYourWritesQueryDto) {
    await this.reads.reach(q.minPosition);
    return {
      ...(await this.reads.summary()),
      ready: this.reads.ready,
      seeding: this.reads.seeding,
    };
  }

  @Get('events')
  @ApiOperation({ summary: 'The global log, paged by position (positions and revisions as strings)' })
  async events(@Query() q: EventsQueryDto) {
    await this.reads.reach(q.minPosition);
    const limit = q.limit ?? 100;
    const from = BigInt(q.fromPosition ?? '1');
    const events = await this.reads.store.readAll({ after: from > 0n ? from - 1n : 0n, maxCount: limit });
    const head = await this.reads.store.headPosition();
    const items = events.map((e) => ({
      eventId: e.eventId,
      streamId: e.streamId,
      type: e.type,
      revision: e.revision.toString(),
      position: e.position.toString(),
      data: e.data,
      metadata: e.metadata,
    }));
    const last = events[events.length - 1];
    return {
      items,
      // Exact for the embedded store (positions 1, 2, 3, …); EventStoreDB positions are not counts.
      total: Number(head),
      ...(last && events.length === limit && last.position < head ? { nextCursor: (last.position + 1n).toString() } : {}),
    };
  }
}

