import { Body, Controller, Param, Post } from '@nestjs/common';
import { ApiCreatedResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Roles } from '../auth/roles.decorator';
import { ApiCommand, CommandContext } from './command-context.decorator';
import { commandDataOf, plainJson } from './command-data';
import { CommandService, type CommandHttpContext } from './command.service';
import { CommandResponseDto } from './dto/command-response.dto';
import { SchoolIdParams } from './dto/common.request.dto';
import {
  DesignateLeadRequestDto,
  EstablishBranchCampusRequestDto,
  RecordBrandUsageRequestDto,
  RecordGovernanceChangeRequestDto,
  RegisterSchoolRequestDto,
  WithdrawBrandRequestDto,
} from './dto/school.request.dto';
import { GrantExceptionRequestDto } from './dto/subject.request.dto';
import { LeanRoutes } from '../platform/lean-routes';

@ApiTags('commands · schools')
@LeanRoutes()
@Controller('schools')
@Roles('recorder')
@ApiCommand()
export class SchoolCommandsController {
  constructor(private readonly commands: CommandService) {}

  private record(
    route: string,
    id: string,
    commandType: string,
    body: { occurredOn?: string },
    http: CommandHttpContext,
  ) {
    return this.commands.recordOn('school', route, id, commandType, body, http);
  }

  @Post()
  @ApiOperation({ summary: '登记学校 · register a school (SchoolRegistered)' })
  @ApiCreatedResponse({ type: CommandResponseDto })
  register(@Body() body: RegisterSchoolRequestDto, @CommandContext() http: CommandHttpContext) {
    const subject = { type: 'school' as const, id: body.schoolId };
    const plain = plainJson(body);
    return this.commands.execute({
      route: 'POST /schools',
      params: {},
      body,
      plainBody: plain,
      subject,
      commandType: 'RegisterSchool',
      data: commandDataOf(subject, plain),
      occurredOn: body.occurredOn,
      createdId: body.schoolId,
      scopeDistricts: [body.districtCode],
      http,
    });
  }

  @Post(':id/lead-designations')
  @ApiOperation({ summary: '认定为牵头学校 · designate as a lead school (SchoolDesignatedLead)' })
  @ApiCreatedResponse({ type: CommandResponseDto })
  designateLead(
    @Param() p: SchoolIdParams,
    @Body() body: DesignateLeadRequestDto,
    @CommandContext() http: CommandHttpContext,
  ) {
    return this.record('POST /schools/:id/lead-designations', p.id, 'DesignateLead', body, http);
  }

  @Post(':id/governance-changes')
  @ApiOperation({ summary: '治理变更 · record a governance change (SchoolGovernanceChanged)' })
  @ApiCreatedResponse({ type: CommandResponseDto })
  governanceChange(
    @Param() p: SchoolIdParams,
    @Body() body: RecordGovernanceChangeRequestDto,
    @CommandContext() http: CommandHttpContext,
  ) {
    return this.record('POST /schools/:id/governance-changes', p.id, 'RecordGovernanceChange', body, http);
  }

  @Post(':id/branch-campuses')
  @ApiOperation({ summary: '设立分校 · establish a branch campus (BranchCampusEstablished)' })
  @ApiCreatedResponse({ type: CommandResponseDto })
  branchCampus(
    @Param() p: SchoolIdParams,
    @Body() body: EstablishBranchCampusRequestDto,
    @CommandContext() http: CommandHttpContext,
  ) {
    return this.record('POST /schools/:id/branch-campuses', p.id, 'EstablishBranchCampus', body, http);
  }

  @Post(':id/brand-usages')
  @ApiOperation({ summary: '使用品牌 · record a brand usage (BrandUsageRecorded)' })
  @ApiCreatedResponse({ type: CommandResponseDto })
  brandUsage(
    @Param() p: SchoolIdParams,
    @Body() body: RecordBrandUsageRequestDto,
    @CommandContext() http: CommandHttpContext,
  ) {
    return this.record('POST /schools/:id/brand-usages', p.id, 'RecordBrandUsage', body, http);
  }

  @Post(':id/brand-withdrawals')
  @ApiOperation({ summary: '撤除品牌 · withdraw a brand (BrandWithdrawn)' })
  @ApiCreatedResponse({ type: CommandResponseDto })
  brandWithdrawal(
    @Param() p: SchoolIdParams,
    @Body() body: WithdrawBrandRequestDto,
    @CommandContext() http: CommandHttpContext,
  ) {
    return this.record('POST /schools/:id/brand-withdrawals', p.id, 'WithdrawBrand', body, http);
  }

  @Post(':id/exceptions')
  @ApiOperation({ summary: '批准例外 · grant an exception to a rule (ExceptionGranted)' })
  @ApiCreatedResponse({ type: CommandResponseDto })
  exception(
    @Param() p: SchoolIdParams,
    @Body() body: GrantExceptionRequestDto,
    @CommandContext() http: CommandHttpContext,
  ) {
    return this.commands.recordOn(
      'school',
      'POST /schools/:id/exceptions',
      p.id,
      'GrantException',
      body,
      http,
      ['schoolId'],
    );
  }
}
