import { Type } from 'typebox';
import { Nullable } from '@core/http/schemas.ts';
import { appealKinds, appealStatuses } from './appeals.tables.ts';

const Instant = Type.String({ format: 'date-time' });

export const Kind = Type.Union(appealKinds.map((k) => Type.Literal(k)));
export const Status = Type.Union(appealStatuses.map((s) => Type.Literal(s)));
/** Town (9 digits) or county (6 digits) division code. */
export const RegionCode = Type.String({ pattern: '^\\d{6}(\\d{3})?$' });
export const Title = Type.String({ minLength: 1, maxLength: 100, pattern: '\\S' });
export const Body = Type.String({ minLength: 1, maxLength: 5000, pattern: '\\S' });

export const FileBody = Type.Object(
  {
    kind: Kind,
    categoryCode: Type.Optional(Type.String({ maxLength: 40 })),
    title: Title,
    body: Body,
    regionCode: RegionCode,
    isPublic: Type.Boolean({ default: true }),
    anonymous: Type.Boolean({ default: false }),
    contactName: Type.Optional(Type.String({ maxLength: 50 })),
    contactPhone: Type.Optional(Type.String({ pattern: '^1\\d{10}$' })),
  },
  { additionalProperties: false },
);

export const CategoryDto = Type.Object({ code: Type.String(), nameZh: Type.String(), nameEn: Type.String(), descriptionZh: Type.String() });

export const EventDto = Type.Object({
  id: Type.Integer(),
  at: Instant,
  type: Type.String(),
  visibility: Type.String(),
  actorKind: Type.String(),
  actorName: Nullable(Type.String()),
  departmentName: Nullable(Type.String()),
  body: Nullable(Type.String()),
  details: Nullable(Type.Record(Type.String(), Type.Unknown())),
});

const common = {
  id: Type.String(),
  trackingNo: Type.String(),
  kind: Type.String(),
  categoryCode: Type.String(),
  title: Type.String(),
  body: Type.String(),
  regionCode: Type.String(),
  regionName: Type.String(),
  departmentName: Type.String(),
  status: Type.String(),
  isPublic: Type.Boolean(),
  anonymous: Type.Boolean(),
  channel: Type.String(),
  createdAt: Instant,
  ackDueAt: Instant,
  replyDueAt: Instant,
  acknowledgedAt: Nullable(Instant),
  repliedAt: Nullable(Instant),
  closedAt: Nullable(Instant),
  publicReply: Nullable(Type.String()),
  rating: Nullable(Type.Integer()),
  ratingComment: Nullable(Type.String()),
  overdue: Type.Boolean(),
};

export const CitizenAppealDto = Type.Object(common);

export const StaffAppealDto = Type.Object({
  ...common,
  departmentId: Type.String(),
  categoryConfidence: Nullable(Type.Number()),
  contactName: Nullable(Type.String()),
  contactPhoneMasked: Nullable(Type.String()),
  resolved: Nullable(Type.Boolean()),
  redoCount: Type.Integer(),
  transferCount: Type.Integer(),
  escalationLevel: Type.Integer(),
  extensionCount: Type.Integer(),
  extensionRequestedDays: Nullable(Type.Integer()),
  extensionReason: Nullable(Type.String()),
  remindedAt: Nullable(Instant),
  noticedAt: Nullable(Instant),
  callbackDueAt: Nullable(Instant),
  callbackDoneAt: Nullable(Instant),
  duplicateOf: Nullable(Type.String()),
});

export const PublicAppealDto = Type.Object({
  trackingNo: Type.String(),
  kind: Type.String(),
  categoryCode: Type.String(),
  title: Nullable(Type.String()),
  body: Nullable(Type.String()),
  filer: Nullable(Type.String()),
  regionName: Type.String(),
  status: Type.String(),
  departmentName: Type.String(),
  createdAt: Instant,
  replyDueAt: Instant,
  repliedAt: Nullable(Instant),
  publicReply: Nullable(Type.String()),
  repliedBy: Nullable(Type.String()),
  /** Working hours from filing to reply. */
  handlingHours: Nullable(Type.Number()),
});

export const ListQuery = {
  page: Type.Integer({ minimum: 1, default: 1 }),
  pageSize: Type.Integer({ minimum: 1, maximum: 100, default: 20 }),
};
