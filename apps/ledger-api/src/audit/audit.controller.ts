import { Controller, Get, HttpCode, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { checkpointSigningBytes, type StoredCheckpoint } from '@ledger/audit';
import type { StoredEvent } from '@ledger/event-store';
import { Roles } from '../auth/roles.decorator';
import { Problem } from '../problem/problem';
import { AuditService } from './audit.service';
import { ConsistencyProofQueryDto, InclusionProofQueryDto } from './audit.request.dto';

const hex = (b: Uint8Array) => Buffer.from(b).toString('hex');

function checkpointJson(cp: StoredCheckpoint) {
  return { ...cp, signedPayload: checkpointSigningBytes(cp).toString('utf8') };
}

function eventJson(e: StoredEvent) {
  return { eventId: e.eventId, streamId: e.streamId, revision: e.revision.toString(), position: e.position.toString(), type: e.type, data: e.data, metadata: e.metadata };
}

/** The verifiable log (DESIGN.md): signed checkpoints, inclusion and consistency proofs, the public key. */
@ApiTags('audit')
@ApiBearerAuth()
@Roles('auditor', 'admin')
@Controller('audit')
export class AuditController {
  constructor(private readonly audit: AuditService) {}

  @Get('checkpoints/latest')
  @ApiOperation({ summary: 'The latest signed checkpoint {treeSize, rootHash, timestamp} with its Ed25519 signature' })
  latest() {
    const cp = this.audit.log.latestCheckpoint();
    if (!cp) throw Problem.notFound('尚无签名检查点 · no signed checkpoint yet', 'AUDIT.NO_CHECKPOINT');
    return checkpointJson(cp);
  }

  @Post('checkpoints')
  @Roles('admin')
  @HttpCode(201)
  @ApiOperation({ summary: 'Sign a checkpoint of the whole log now (admin)' })
  async signNow() {
    return checkpointJson(await this.audit.projection.checkpointNow());
  }

  @Get('public-key')
  @ApiOperation({ summary: 'The Ed25519 public key checkpoints are signed with (PEM and raw base64)' })
  @ApiOkResponse({ description: '{ algorithm, pem, raw, keyId }' })
  publicKey() {
    return this.audit.signer.info;
  }

  @Get('proofs/inclusion')
  @ApiOperation({ summary: 'Inclusion proof of the event at a position in the tree of treeSize leaves (default: the latest checkpoint, or the whole log when the event is newer)' })
  async inclusion(@Query() q: InclusionProofQueryDto) {
    const { log, projection, store } = this.audit;
    const position = BigInt(q.position);
    if (position > log.lastPosition) await projection.catchUp();
    const leafIndex = log.leafIndexOf(position);
    if (leafIndex === undefined) throw Problem.notFound(`位置 ${position} 没有事件 · no event at position ${position}`, 'AUDIT.NO_SUCH_POSITION');
    const checkpoint = log.latestCheckpoint();
    // Default: the latest signed tree when it holds the event, else the whole log (unsigned yet: `checkpoint` is null).
    const treeSize = q.treeSize !== undefined ? Number(q.treeSize) : checkpoint && leafIndex < checkpoint.treeSize ? checkpoint.treeSize : log.size;
    if (treeSize > log.size) throw Problem.badRequest(`treeSize ${treeSize} 超出日志大小 ${log.size} · treeSize is beyond the log's ${log.size} leaves`, [{ path: 'treeSize', message: `treeSize: must be at most ${log.size}` }]);
    if (leafIndex >= treeSize) {
      throw Problem.badRequest(`位置 ${position}（叶 ${leafIndex}）不在大小为 ${treeSize} 的树中 · leaf ${leafIndex} is not in a tree of ${treeSize} leaves`, [
        { path: 'treeSize', message: `treeSize: must be greater than the leaf index ${leafIndex}` },
      ]);
    }
    const before = leafIndex === 0 ? 0n : log.leaf(leafIndex - 1)!.position;
    const [event] = await store.readAll({ after: before, maxCount: 1 });
    const leaf = log.leaf(leafIndex)!;
    return {
      position: position.toString(),
      leafIndex,
      treeSize,
      leafHash: hex(leaf.hash),
      proof: log.inclusionProof(leafIndex, treeSize).map(hex),
      rootHash: hex(log.root(treeSize)),
      checkpoint: checkpoint && checkpoint.treeSize === treeSize ? checkpointJson(checkpoint) : null,
      event: event && event.position === position ? eventJson(event) : null,
    };
  }

  @Get('proofs/consistency')
  @ApiOperation({ summary: 'Consistency proof that the tree of `to` leaves extends the tree of `from` leaves' })
  consistency(@Query() q: ConsistencyProofQueryDto) {
    const { log } = this.audit;
    const from = Number(q.from);
    const to = Number(q.to);
    const errors = [
      ...(from < 1 ? [{ path: 'from', message: 'from: 须至少为 1 · must be at least 1' }] : []),
      ...(to < from ? [{ path: 'to', message: 'to: 不得小于 from · must not be less than from' }] : []),
      ...(to > log.size ? [{ path: 'to', message: `to: 不得超过日志大小 ${log.size} · must be at most the log's ${log.size} leaves` }] : []),
    ];
    if (errors.length > 0) throw Problem.badRequest(`一致性证明参数无效 · invalid tree sizes: ${errors.map((e) => e.path).join(', ')}`, errors);
    return {
      from,
      to,
      fromRoot: hex(log.root(from)),
      toRoot: hex(log.root(to)),
      proof: log.consistencyProof(from, to).map(hex),
    };
  }
}
