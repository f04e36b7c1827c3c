import { Body, Controller, Param, Post } from '@nestjs/common';
import { ApiCreatedResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Roles } from '../auth/roles.decorator';
import { ApiCommand, CommandContext } from './command-context.decorator';
import { CommandService, type CommandHttpContext } from './command.service';
import { CommandResponseDto } from './dto/command-response.dto';
import { SubjectIdParams } from './dto/common.request.dto';
import {
  AdmitPartnerRequestDto,
  ChargeCooperationFeeRequestDto,
  DispatchTeacherRequestDto,
  ExitPartnerRequestDto,
  ExtendCooperationRequestDto,
  FileTerminationNoticeRequestDto,
  GrantNegotiationConsentRequestDto,
  RecordApprovalDecisionRequestDto,
  RecordParentCommunicationRequestDto,
  ReviewContractRequestDto,
  SignContractRequestDto,
  SubmitContractDraftRequestDto,
} from './dto/cooperation.request.dto';
import { GrantExceptionRequestDto } from './dto/subject.request.dto';
import { LeanRoutes } from '../platform/lean-routes';

/** One lead–partner relationship: every route appends to `cooperation-{id}`. */
@ApiTags('commands · cooperations')
@LeanRoutes()
@Controller('cooperations')
@Roles('recorder')
@ApiCommand()
export class CooperationCommandsController {
  constructor(private readonly commands: CommandService) {}

  private record(
    route: string,
    id: string,
    commandType: string,
    body: { occurredOn?: string },
    http: CommandHttpContext,
    omit: string[] = [],
  ) {
    return this.commands.recordOn('cooperation', route, id, commandType, body, http, omit);
  }

  @Post(':id/negotiation-consents')
  @ApiOperation({ summary: '市教育局同意商议 · negotiation consent (NegotiationConsentGranted)' })
  @ApiCreatedResponse({ type: CommandResponseDto })
  negotiationConsent(
    @Param() p: SubjectIdParams,
    @Body() body: GrantNegotiationConsentRequestDto,
    @CommandContext() http: CommandHttpContext,
  ) {
    return this.record(
      'POST /cooperations/:id/negotiation-consents',
      p.id,
      'GrantNegotiationConsent',
      body,
      http,
    );
  }

  @Post(':id/approvals')
  @ApiOperation({ summary: '审批决定 · approval decision (ApprovalGranted / ApprovalDenied)' })
  @ApiCreatedResponse({ type: CommandResponseDto })
  approval(
    @Param() p: SubjectIdParams,
    @Body() body: RecordApprovalDecisionRequestDto,
    @CommandContext() http: CommandHttpContext,
  ) {
    return this.record('POST /cooperations/:id/approvals', p.id, 'RecordApprovalDecision', body, http);
  }

  @Post(':id/contract-drafts')
  @ApiOperation({ summary: '报送协议草案 · submit the contract draft (ContractDraftSubmitted)' })
  @ApiCreatedResponse({ type: CommandResponseDto })
  contractDraft(
    @Param() p: SubjectIdParams,
    @Body() body: SubmitContractDraftRequestDto,
    @CommandContext() http: CommandHttpContext,
  ) {
    return this.record('POST /cooperations/:id/contract-drafts', p.id, 'SubmitContractDraft', body, http);
  }

  @Post(':id/contract-reviews')
  @ApiOperation({ summary: '合法性审查 · contract review (ContractReviewApproved / ContractReviewRejected)' })
  @ApiCreatedResponse({ type: CommandResponseDto })
  contractReview(
    @Param() p: SubjectIdParams,
    @Body() body: ReviewContractRequestDto,
    @CommandContext() http: CommandHttpContext,
  ) {
    return this.record('POST /cooperations/:id/contract-reviews', p.id, 'ReviewContract', body, http);
  }

  @Post(':id/contract-signatures')
  @ApiOperation({ summary: '签订协议 · sign the contract (ContractSigned)' })
  @ApiCreatedResponse({ type: CommandResponseDto })
  contractSignature(
    @Param() p: SubjectIdParams,
    @Body() body: SignContractRequestDto,
    @CommandContext() http: CommandHttpContext,
  ) {
    return this.record('POST /cooperations/:id/contract-signatures', p.id, 'SignContract', body, http);
  }

  @Post(':id/admission')
  @ApiOperation({ summary: '接纳成员校 · admit the partner (PartnerAdmitted)' })
  @ApiCreatedResponse({ type: CommandResponseDto })
  admission(
    @Param() p: SubjectIdParams,
    @Body() body: AdmitPartnerRequestDto,
    @CommandContext() http: CommandHttpContext,
  ) {
    return this.record('POST /cooperations/:id/admission', p.id, 'AdmitPartner', body, http);
  }

  @Post(':id/teacher-dispatches')
  @ApiOperation({ summary: '派驻教师 · dispatch a teacher (TeacherDispatched)' })
  @ApiCreatedResponse({ type: CommandResponseDto })
  teacherDispatch(
    @Param() p: SubjectIdParams,
    @Body() body: DispatchTeacherRequestDto,
    @CommandContext() http: CommandHttpContext,
  ) {
    return this.record('POST /cooperations/:id/teacher-dispatches', p.id, 'DispatchTeacher', body, http);
  }

  @Post(':id/fees')
  @ApiOperation({ summary: '收取合作费用 · charge a cooperation fee (CooperationFeeCharged)' })
  @ApiCreatedResponse({ type: CommandResponseDto })
  fee(
    @Param() p: SubjectIdParams,
    @Body() body: ChargeCooperationFeeRequestDto,
    @CommandContext() http: CommandHttpContext,
  ) {
    return this.record('POST /cooperations/:id/fees', p.id, 'ChargeCooperationFee', body, http);
  }

  @Post(':id/extensions')
  @ApiOperation({ summary: '续约 · extend the cooperation (CooperationExtended)' })
  @ApiCreatedResponse({ type: CommandResponseDto })
  extension(
    @Param() p: SubjectIdParams,
    @Body() body: ExtendCooperationRequestDto,
    @CommandContext() http: CommandHttpContext,
  ) {
    return this.record('POST /cooperations/:id/extensions', p.id, 'ExtendCooperation', body, http);
  }

  @Post(':id/termination-notices')
  @ApiOperation({ summary: '终止报告 · file a termination notice (TerminationNoticeFiled)' })
  @ApiCreatedResponse({ type: CommandResponseDto })
  terminationNotice(
    @Param() p: SubjectIdParams,
    @Body() body: FileTerminationNoticeRequestDto,
    @CommandContext() http: CommandHttpContext,
  ) {
    return this.record(
      'POST /cooperations/:id/termination-notices',
      p.id,
      'FileTerminationNotice',
      body,
      http,
    );
  }

  @Post(':id/parent-communications')
  @ApiOperation({ summary: '家长沟通 · record parent communication (ParentCommunicationRecorded)' })
  @ApiCreatedResponse({ type: CommandResponseDto })
  parentCommunication(
    @Param() p: SubjectIdParams,
    @Body() body: RecordParentCommunicationRequestDto,
    @CommandContext() http: CommandHttpContext,
  ) {
    return this.record(
      'POST /cooperations/:id/parent-communications',
      p.id,
      'RecordParentCommunication',
      body,
      http,
    );
  }

  @Post(':id/exit')
  @ApiOperation({ summary: '退出 · the partner exits (PartnerExited)' })
  @ApiCreatedResponse({ type: CommandResponseDto })
  exit(
    @Param() p: SubjectIdParams,
    @Body() body: ExitPartnerRequestDto,
    @CommandContext() http: CommandHttpContext,
  ) {
    return this.record('POST /cooperations/:id/exit', p.id, 'ExitPartner', body, http);
  }

  @Post(':id/exceptions')
  @ApiOperation({ summary: '批准例外 · grant an exception to a rule (ExceptionGranted)' })
  @ApiCreatedResponse({ type: CommandResponseDto })
  exception(
    @Param() p: SubjectIdParams,
    @Body() body: GrantExceptionRequestDto,
    @CommandContext() http: CommandHttpContext,
  ) {
    return this.record('POST /cooperations/:id/exceptions', p.id, 'GrantException', body, http, [
      'cooperationId',
    ]);
  }
}
