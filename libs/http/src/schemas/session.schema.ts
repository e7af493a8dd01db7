import { ApiProperty, ApiPropertyOptional, ApiPropertyOptions } from '@nestjs/swagger';
import { DECISION_OUTCOMES, FRAME_TYPES, IDENTITY_TYPES } from '@auditorium/frames';
import type {
  ClientInfo,
  DecisionOutcome,
  Frame,
  FrameType,
  GatewayInfo,
  Identity,
  Resource,
} from '@auditorium/frames';
import type {
  FindingCounts,
  Page,
  SeqRange,
  SessionSeal,
  SessionStatus,
  SessionSummary,
  StoredFrame,
} from '@auditorium/store';
import { SESSION_STATUSES } from '../session-search.query';

/** JSON Schema of FindingCounts: info type → count, never the values. */
export const FINDING_COUNTS: ApiPropertyOptions = {
  type: 'object',
  additionalProperties: { type: 'integer' },
  description: 'count per info type (EMAIL_ADDRESS, CREDIT_CARD_NUMBER, …) — never the values',
  example: { EMAIL_ADDRESS: 3, CREDIT_CARD_NUMBER: 1 },
};

export class IdentityDto implements Identity {
  @ApiProperty({ description: 'subject of the machine identity (OIDC sub)', example: 'svc-nightly-sync' }) sub!: string;
  @ApiPropertyOptional({ example: 'https://idp.example.com' }) iss?: string;
  @ApiPropertyOptional({ enum: IDENTITY_TYPES }) type?: Identity['type'];
  @ApiPropertyOptional({ example: 'Nightly sync' }) name?: string;
  @ApiPropertyOptional({ type: [String] }) groups?: string[];
  @ApiPropertyOptional({ description: 'jti of the token the agent presented' }) tokenId?: string;
  @ApiPropertyOptional({ description: 'azp / client id' }) clientId?: string;
}

export class ResourceDto implements Resource {
  @ApiProperty({ example: 'customers-db' }) name!: string;
  @ApiPropertyOptional({
    description: 'http, postgres, mysql, mongodb, ssh, k8s, tcp, … (open set)',
    example: 'postgres',
  })
  type?: string;
  @ApiPropertyOptional({ example: 'production' }) env?: string;
}

export class ClientInfoDto implements ClientInfo {
  @ApiPropertyOptional() ip?: string;
  @ApiPropertyOptional() userAgent?: string;
}

export class GatewayInfoDto implements GatewayInfo {
  @ApiPropertyOptional() id?: string;
  @ApiPropertyOptional() version?: string;
}

export class SeqRangeDto implements SeqRange {
  @ApiProperty({ minimum: 0 }) from!: number;
  @ApiProperty({ minimum: 0 }) to!: number;
}

export class SessionSealDto implements SessionSeal {
  @ApiProperty({ description: 'compact JWS (EdDSA) over { sid, lastSeq, head, frames, gaps }' }) jws!: string;
  @ApiProperty({ description: 'key id in GET /api/v1/keys/jwks.json' }) kid!: string;
  @ApiProperty() lastSeq!: number;
  @ApiProperty({ description: 'hex SHA-256 chain hash of the last frame' }) head!: string;
  @ApiProperty({ format: 'date-time' }) sealedAt!: string;
}

const DECISION_COUNTS: ApiPropertyOptions = {
  type: 'object',
  properties: Object.fromEntries(DECISION_OUTCOMES.map((o) => [o, { type: 'integer' }])),
  additionalProperties: false,
  description: 'number of decision frames per outcome',
  example: { allow: 2, deny: 1 },
};

export class SessionSummaryDto implements SessionSummary {
  @ApiProperty({ example: 'demo-nightly-sync-prod-0002' }) sid!: string;
  @ApiPropertyOptional({ type: IdentityDto, description: 'from session.start' }) identity?: IdentityDto;
  @ApiPropertyOptional({ type: ResourceDto }) resource?: ResourceDto;
  @ApiPropertyOptional({ type: ClientInfoDto }) client?: ClientInfoDto;
  @ApiPropertyOptional({ type: GatewayInfoDto }) gateway?: GatewayInfoDto;
  @ApiPropertyOptional({ type: 'object', additionalProperties: { type: 'string' } }) labels?: Record<string, string>;
  @ApiPropertyOptional() correlationId?: string;
  @ApiProperty({ enum: SESSION_STATUSES, description: "'active' until session.end is stored" })
  status!: SessionStatus;
  @ApiPropertyOptional({ format: 'date-time', description: 'ts of session.start' }) startedAt?: string;
  @ApiPropertyOptional({ format: 'date-time', description: 'ts of session.end' }) endedAt?: string;
  @ApiProperty({ format: 'date-time' }) firstTs!: string;
  @ApiProperty({ format: 'date-time' }) lastTs!: string;
  @ApiProperty() frameCount!: number;
  @ApiProperty({ description: 'distinct exchanges (request/response pairs)' }) exchangeCount!: number;
  @ApiProperty({ description: 'bytes as received, before masking' }) bytes!: number;
  @ApiProperty() maxSeq!: number;
  @ApiProperty({ type: [SeqRangeDto], description: 'missing seq ranges within [0, maxSeq]' }) gaps!: SeqRangeDto[];
  @ApiProperty(DECISION_COUNTS) decisions!: Partial<Record<DecisionOutcome, number>>;
  @ApiProperty(FINDING_COUNTS) findings!: FindingCounts;
  @ApiPropertyOptional({ type: SessionSealDto, description: 'present once the session ended and was sealed' })
  seal?: SessionSealDto;
  @ApiPropertyOptional({ description: 'true while on legal hold: retention keeps the session' }) legalHold?: boolean;
}

export class SessionPageDto implements Page<SessionSummary> {
  @ApiProperty({ type: [SessionSummaryDto], description: 'newest first (by start time)' })
  items!: SessionSummaryDto[];
  @ApiPropertyOptional({ description: 'opaque; pass as `cursor` for the next page; absent on the last page' })
  nextCursor?: string;
}

export class StoredFrameDto implements StoredFrame {
  @ApiProperty({ description: '`sid:seq`' }) id!: string;
  @ApiProperty() sid!: string;
  @ApiProperty({ minimum: 0 }) seq!: number;
  @ApiProperty({ enum: FRAME_TYPES }) type!: FrameType;
  @ApiProperty({ format: 'date-time', description: 'RFC 3339, up to microseconds' }) ts!: string;
  @ApiProperty({ description: 'microseconds since the epoch' }) tsMicros!: number;
  @ApiPropertyOptional({ type: IdentityDto }) identity?: IdentityDto;
  @ApiPropertyOptional({ type: ResourceDto }) resource?: ResourceDto;
  @ApiProperty({
    type: 'object',
    additionalProperties: true,
    description: 'the masked frame, frame contract v1: see docs/frames.md and docs/frames.schema.json',
    example: { v: 1, sid: 's-1', seq: 1, ts: '2026-01-05T10:00:00.120Z', type: 'request', xid: 'x1', method: 'GET' },
  })
  frame!: Frame;
  @ApiProperty({ description: 'size as received, before masking' }) bytes!: number;
  @ApiProperty(FINDING_COUNTS) findings!: FindingCounts;
  @ApiProperty({ description: 'hex SHA-256: h(seq) = SHA-256(h(seq-1) ‖ canonical(frame))' }) hash!: string;
  @ApiProperty({ description: 'when Auditorium stored it (ms since the epoch)' }) ingestedAt!: number;
}

export class FrameListDto {
  @ApiProperty({ type: [StoredFrameDto], description: 'in seq order' }) items!: StoredFrameDto[];
}
