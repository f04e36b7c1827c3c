import { Body, Controller, Inject, Param, Post } from '@nestjs/common';
import { ApiCreatedResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { parseStreamId } from '@ledger/domain';
import { EVENT_STORE, type EventStore } from '@ledger/event-store';
import { Roles } from '../auth/roles.decorator';
import { Problem } from '../problem/problem';
import { ApiCommand, CommandContext } from './command-context.decorator';
import { CommandService, type CommandHttpContext } from './command.service';
import { CommandResponseDto } from './dto/command-response.dto';
import { EventIdParams } from './dto/common.request.dto';
import { RetractEventRequestDto } from './dto/subject.request.dto';
import { LeanRoutes } from '../platform/lean-routes';

@ApiTags('commands · events')
@LeanRoutes()
@Controller('events')
@Roles('recorder')
@ApiCommand()
export class EventCommandsController {
  constructor(
    private readonly commands: CommandService,
    @Inject(EVENT_STORE) private readonly store: EventStore,
  ) {}

  @Post(':eventId/retractions')
  @ApiOperation({ summary: '撤回事件 · retract an event (EventRetracted, appended to the event’s stream)' })
  @ApiCreatedResponse({ type: CommandResponseDto })
  async retract(
    @Param() p: EventIdParams,
    @Body() body: RetractEventRequestDto,
    @CommandContext() http: CommandHttpContext,
  ) {
    const event = await this.store.findEvent(p.eventId.toLowerCase());
    const subject = event ? parseStreamId(event.streamId) : undefined;
    if (!event || !subject) throw Problem.notFound(`事件不存在 · no event ${p.eventId}`, 'EVENT.NOT_FOUND');
    return this.commands.execute({
      route: 'POST /events/:eventId/retractions',
      params: { eventId: p.eventId },
      body,
      subject,
      commandType: 'RetractEvent',
      data: { retractedEventId: event.eventId, reason: body.reason },
      occurredOn: body.occurredOn,
      http,
    });
  }
}
