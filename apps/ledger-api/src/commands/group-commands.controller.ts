import { Body, Controller, Param, Post } from '@nestjs/common';
import { ApiCreatedResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Roles } from '../auth/roles.decorator';
import { ApiCommand, CommandContext } from './command-context.decorator';
import { commandDataOf, plainJson } from './command-data';
import { CommandService, type CommandHttpContext } from './command.service';
import { ProposeCooperationRequestDto } from './dto/cooperation.request.dto';
import { CommandResponseDto } from './dto/command-response.dto';
import { SubjectIdParams } from './dto/common.request.dto';
import {
  AdoptDocumentRequestDto,
  DissolveGroupRequestDto,
  EvaluateGroupRequestDto,
  FormGroupRequestDto,
  HoldJointExamRequestDto,
  PublishDirectPromotionPlanRequestDto,
} from './dto/group.request.dto';
import { GrantExceptionRequestDto } from './dto/subject.request.dto';
import { idempotentSubjectId } from './idempotency';
import { newId } from './ids';
import { SubjectReads } from './subject-reads.service';
import { LeanRoutes } from '../platform/lean-routes';

/** A new subject's id: the client's, else derived from the Idempotency-Key (stable on retry), else a new time-ordered id (ADR 0133). */
export function newSubjectId(given: string | undefined, http: CommandHttpContext): string {
  return (
    given ?? (http.idempotencyKey ? idempotentSubjectId(http.actor.id, http.idempotencyKey) : newId())
  );
}

@ApiTags('commands · groups')
@LeanRoutes()
@Controller('groups')
@Roles('recorder')
@ApiCommand()
export class GroupCommandsController {
  constructor(
    private readonly commands: CommandService,
    private readonly reads: SubjectReads,
  ) {}

  private record(
    route: string,
    id: string,
    commandType: string,
    body: { occurredOn?: string },
    http: CommandHttpContext,
  ) {
    return this.commands.recordOn('group', route, id, commandType, body, http);
  }

  @Post()
  @ApiOperation({ summary: '组建集团 · form a group (GroupFormed); the lead school must be registered' })
  @ApiCreatedResponse({ type: CommandResponseDto })
  form(@Body() body: FormGroupRequestDto, @CommandContext() http: CommandHttpContext) {
    const id = newSubjectId(body.groupId, http);
    const subject = { type: 'group' as const, id };
    const plain = plainJson(body);
    return this.commands.execute({
      route: 'POST /groups',
      params: {},
      body,
      plainBody: plain,
      subject,
      commandType: 'FormGroup',
      data: commandDataOf(subject, plain),
      occurredOn: body.occurredOn,
      createdId: id,
      scopeSchools: [body.leadSchoolId],
      prepare: async (data) => {
        await this.reads.requireSchool(body.leadSchoolId, 'lead');
        return data;
      },
      http,
    });
  }

  @Post(':id/charters')
  @ApiOperation({ summary: '通过章程 · adopt the charter (CharterAdopted)' })
  @ApiCreatedResponse({ type: CommandResponseDto })
  charter(
    @Param() p: SubjectIdParams,
    @Body() body: AdoptDocumentRequestDto,
    @CommandContext() http: CommandHttpContext,
  ) {
    return this.record('POST /groups/:id/charters', p.id, 'AdoptCharter', body, http);
  }

  @Post(':id/development-plans')
  @ApiOperation({ summary: '通过发展规划 · adopt the development plan (DevelopmentPlanAdopted)' })
  @ApiCreatedResponse({ type: CommandResponseDto })
  developmentPlan(
    @Param() p: SubjectIdParams,
    @Body() body: AdoptDocumentRequestDto,
    @CommandContext() http: CommandHttpContext,
  ) {
    return this.record('POST /groups/:id/development-plans', p.id, 'AdoptDevelopmentPlan', body, http);
  }

  @Post(':id/joint-exams')
  @ApiOperation({ summary: '统一联考 · hold a joint exam (JointExamHeld)' })
  @ApiCreatedResponse({ type: CommandResponseDto })
  jointExam(
    @Param() p: SubjectIdParams,
    @Body() body: HoldJointExamRequestDto,
    @CommandContext() http: CommandHttpContext,
  ) {
    return this.record('POST /groups/:id/joint-exams', p.id, 'HoldJointExam', body, http);
  }

  @Post(':id/direct-promotion-plans')
  @ApiOperation({ summary: '对口直升计划 · publish a direct promotion plan (DirectPromotionPlanPublished)' })
  @ApiCreatedResponse({ type: CommandResponseDto })
  directPromotion(
    @Param() p: SubjectIdParams,
    @Body() body: PublishDirectPromotionPlanRequestDto,
    @CommandContext() http: CommandHttpContext,
  ) {
    return this.record(
      'POST /groups/:id/direct-promotion-plans',
      p.id,
      'PublishDirectPromotionPlan',
      body,
      http,
    );
  }

  @Post(':id/evaluations')
  @Roles('recorder', 'supervisor')
  @ApiOperation({ summary: '集团评估 · evaluate the group (GroupEvaluated); supervisors may record it' })
  @ApiCreatedResponse({ type: CommandResponseDto })
  evaluation(
    @Param() p: SubjectIdParams,
    @Body() body: EvaluateGroupRequestDto,
    @CommandContext() http: CommandHttpContext,
  ) {
    return this.record('POST /groups/:id/evaluations', p.id, 'EvaluateGroup', body, http);
  }

  @Post(':id/dissolution')
  @ApiOperation({ summary: '撤销集团 · dissolve the group (GroupDissolved)' })
  @ApiCreatedResponse({ type: CommandResponseDto })
  dissolution(
    @Param() p: SubjectIdParams,
    @Body() body: DissolveGroupRequestDto,
    @CommandContext() http: CommandHttpContext,
  ) {
    return this.record('POST /groups/:id/dissolution', p.id, 'DissolveGroup', body, http);
  }

  @Post(':id/cooperations')
  @ApiOperation({ summary: '提出合作 · propose a cooperation with a partner school (CooperationProposed)' })
  @ApiCreatedResponse({ type: CommandResponseDto })
  async propose(
    @Param() p: SubjectIdParams,
    @Body() body: ProposeCooperationRequestDto,
    @CommandContext() http: CommandHttpContext,
  ) {
    const id = newSubjectId(body.cooperationId, http);
    const subject = { type: 'cooperation' as const, id };
    const group = await this.reads.requireGroup(p.id);
    return this.commands.execute({
      route: 'POST /groups/:id/cooperations',
      params: { id: p.id },
      body,
      subject,
      commandType: 'ProposeCooperation',
      data: {
        cooperationId: id,
        groupId: p.id,
        leadSchoolId: group.leadSchoolId,
        partnerSchoolId: body.partnerSchoolId,
        mode: body.mode,
      },
      occurredOn: body.occurredOn,
      createdId: id,
      scopeSchools: [group.leadSchoolId, body.partnerSchoolId],
      prepare: async (data) => {
        const current = await this.reads.requireGroup(p.id);
        await this.reads.requireSchool(body.partnerSchoolId, 'partner');
        return { ...data, leadSchoolId: current.leadSchoolId };
      },
      http,
    });
  }

  @Post(':id/exceptions')
  @ApiOperation({ summary: '批准例外 · grant an exception to a rule (ExceptionGranted)' })
  @ApiCreatedResponse({ type: CommandResponseDto })
  exception(
    @Param() p: SubjectIdParams,
    @Body() body: GrantExceptionRequestDto,
    @CommandContext() http: CommandHttpContext,
  ) {
    return this.commands.recordOn(
      'group',
      'POST /groups/:id/exceptions',
      p.id,
      'GrantException',
      body,
      http,
      ['groupId'],
    );
  }
}
