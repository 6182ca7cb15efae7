import { randomBytes, randomUUID } from 'node:crypto';
import { and, count, desc, eq, gte, inArray, lte, sql, type SQL } from 'drizzle-orm';
import type { Platform } from '@core/platform.ts';
import type { Db } from '@core/db/client.ts';
import { auditActorOf, NO_SUCH_TARGET, decide, type RequestContext, type StaffActor } from '@core/access/guard.ts';
import type { Action } from '@core/access/roles.ts';
import type { AuditActor, AuditEvent } from '@core/audit/audit.service.ts';
import { canonicalJson } from '@core/audit/audit.service.ts';
import { maskBankAccount, maskIdNumber } from '@core/crypto/masking.ts';
import { safeEqual } from '@core/crypto/field-crypto.ts';
import { appError } from '@core/http/errors.ts';
import { isWithinRegion } from '@core/regions/regions.service.ts';
import { parseResidentId } from '@core/identity/resident-id.ts';
import { chinaDate } from '@core/calendar/working-time.ts';
import type { PartnerActor, PartnerChange, PartnerOutcome, PartnerRecords } from '@modules/registry';
import { departmentKinds, messages, partners, type DepartmentKind, type MessageStatus, type RecordResult, type VerificationResult } from './exchange.tables.ts';
import { exchangeError, recordProblems, type ExchangeErrorCode, type RecordProblem } from './exchange.errors.ts';
import {
  checkRecord,
  datasetRef,
  findDataset,
  inboundQueryKinds,
  outboundQueryKinds,
  parseBatchBody,
  purposeCodes,
  queryKinds,
  type BodyFormat,
  type CheckedRecord,
  type DatasetSpec,
  type ExchangePurpose,
} from './datasets.ts';
import { readPublicKey, sha256Hex, SIGNATURE_WINDOW_MS, verifyFields, type SignedFields } from './signing.ts';
import { createSimulatedPartner, type PartnerAdapter, type PartnerAnswer } from './adapter.ts';

type PartnerRow = typeof partners.$inferSelect;
type MessageRow = typeof messages.$inferSelect;

/** Batches larger than this are refused before parsing (the route's body limit says the same in bytes). */
export const MAX_BATCH_BYTES = 4 * 1024 * 1024;
export const MAX_BATCH_RECORDS = 10_000;
/** How long the platform waits for a partner to answer a query. */
const QUERY_TIMEOUT_MS = 10_000;
const BATCH_ID = /^[A-Za-z0-9][A-Za-z0-9._:-]{0,99}$/;
/** ISO 8601 with seconds and a zone, as `new Date().toISOString()` writes it. */
const TIMESTAMP = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,6})?(Z|[+-]\d{2}:\d{2})$/;

export interface SignedHeaders {
  batchId?: string | undefined;
  /** `dataset@version` for a batch, the query kind for a query. */
  subject?: string | undefined;
  purpose?: string | undefined;
  timestamp?: string | undefined;
  signature?: string | undefined;
}

export interface BatchResult {
  messageId: string;
  batchId: string;
  dataset: string;
  status: 'applied' | 'rejected';
  problemCode: string | null;
  recordCount: number;
  accepted: number;
  rejected: number;
  receivedAt: string;
  records: RecordResult[];
}

export interface BatchAnswer {
  httpStatus: 201 | 413 | 422;
  result: BatchResult;
  /** True when this is the answer to an earlier, identical batch. */
  replayed: boolean;
}

export interface PartnerInput {
  code: string;
  name: string;
  department: DepartmentKind;
  jurisdiction: string;
  publicKeyPem: string;
  datasets: string[];
  queryKinds: string[];
  purposes: string[];
  adapter?: string | null | undefined;
}

export interface MessageSearch {
  partner?: string | undefined;
  direction?: 'in' | 'out' | undefined;
  kind?: 'batch' | 'query' | 'answer' | undefined;
  status?: MessageStatus | undefined;
  dataset?: string | undefined;
  batchId?: string | undefined;
  from?: Date | undefined;
  to?: Date | undefined;
  page: number;
  pageSize: number;
}

/** A batch whose records were checked: rejected as a whole when any record failed. */
class BatchRejection extends Error {
  constructor(
    readonly problemCode: string,
    readonly results: RecordResult[],
    readonly httpStatus: 413 | 422 = 422,
  ) {
    super(problemCode);
  }
}
/** Another request with the same batch id got there first. */
class ConcurrentDuplicate extends Error {}

export type ExchangeService = ReturnType<typeof createExchangeService>;

export const partnerActorOf = (p: PartnerRow): PartnerActor => ({ code: p.code, name: p.name, department: p.department, jurisdiction: p.jurisdiction });
const auditPartner = (p: PartnerRow): AuditActor => ({ kind: 'partner', id: p.code, name: p.name, role: p.department, region: p.jurisdiction });
export const credentialHash = (credential: string) => sha256Hex(`minsheng-exchange-credential\n${credential}`);
export const newCredential = () => `msx_${randomBytes(32).toString('base64url')}`;

/**
 * The data exchange with partner departments (横向对接): signed batches checked against
 * versioned dataset schemas and applied whole or not at all, queries in both directions,
 * and the message log of everything exchanged.
 */
export function createExchangeService(platform: Platform, deps: { records: PartnerRecords; adapters?: Record<string, PartnerAdapter> }) {
  const { database, audit, guard, regions, crypto } = platform;
  const { records } = deps;
  const simulated = createSimulatedPartner({
    async person(idNumber) {
      const p = (await records.findPersons(database.db, [idNumber])).get(idNumber);
      return p ? { birthDate: p.birthDate, diedOn: p.diedOn } : undefined;
    },
    async holdsAccount(idNumber, accountNumber) {
      const p = (await records.findPersons(database.db, [idNumber])).get(idNumber);
      return p ? records.holdsAccount(database.db, p.id, accountNumber) : false;
    },
  });
  const adapters = new Map<string, PartnerAdapter>([['simulated', simulated], ...Object.entries(deps.adapters ?? {})]);

  // ---- partners ----------------------------------------------------------------------------

  function partnerDto(p: PartnerRow) {
    return {
      id: p.id,
      code: p.code,
      name: p.name,
      department: p.department,
      jurisdiction: p.jurisdiction,
      jurisdictionName: regions.fullName(p.jurisdiction),
      publicKeyPem: p.publicKey,
      keyId: p.keyId,
      keyActivatedAt: p.keyActivatedAt.toISOString(),
      previousKeyId: p.previousKeyId,
      previousKeyExpiresAt: p.previousKeyExpiresAt?.toISOString() ?? null,
      credentialIssuedAt: p.credentialIssuedAt.toISOString(),
      datasets: p.datasets,
      queryKinds: p.queryKinds,
      purposes: p.purposes,
      adapter: p.adapter,
      status: p.status,
      statusReason: p.statusReason,
      createdAt: p.createdAt.toISOString(),
      updatedAt: p.updatedAt.toISOString(),
    };
  }

  /** Partners serving the caller's region or a part of it: both may be asked, and administered where inside. */
  const related = (jurisdiction: string, scope: string) => isWithinRegion(jurisdiction, scope) || isWithinRegion(scope, jurisdiction);

  async function loadPartner(id: string): Promise<PartnerRow | undefined> {
    if (!/^[0-9a-f-]{36}$/i.test(id)) return undefined;
    const [row] = await database.db.select().from(partners).where(eq(partners.id, id)).limit(1);
    return row;
  }

  /** Loads a partner for an administrator's change: its jurisdiction must lie inside the caller's region. */
  async function partnerForChange(ctx: RequestContext, id: string) {
    const row = await loadPartner(id);
    const actor = await guard.require(ctx, 'exchange:manage', { kind: 'exchange_partner', id, regionCode: row?.jurisdiction ?? NO_SUCH_TARGET });
    if (!row) throw exchangeError('partner_not_found');
    return { row, actor };
  }

  function checkSettings(department: DepartmentKind, input: Pick<PartnerInput, 'datasets' | 'queryKinds' | 'purposes' | 'adapter'>) {
    const problems: string[] = [];
    for (const ref of input.datasets) {
      const spec = findDataset(ref);
      if (!spec) problems.push(`unknown dataset ${ref}`);
      else if (spec.department !== department) problems.push(`${ref} belongs to ${spec.department}`);
    }
    for (const kind of input.queryKinds) if (!(queryKinds as readonly string[]).includes(kind)) problems.push(`unknown query kind ${kind}`);
    for (const purpose of input.purposes) if (!(purposeCodes as string[]).includes(purpose)) problems.push(`unknown purpose ${purpose}`);
    if (input.adapter && !adapters.has(input.adapter)) problems.push(`unknown adapter ${input.adapter}`);
    if (!input.adapter && input.queryKinds.some((k) => (outboundQueryKinds as readonly string[]).includes(k))) problems.push('asking a partner needs an adapter');
    if (problems.length > 0) throw exchangeError('partner_settings_invalid', { detail: problems.join('; ') });
  }

  async function listPartners(ctx: RequestContext) {
    const allowed = (['exchange:manage', 'exchange:log', 'exchange:query'] as Action[]).find((a) => decide(ctx.actor, a) === 'allow');
    await guard.require(ctx, allowed ?? 'exchange:manage');
    const scope = guard.scope(ctx);
    const rows = await database.db.select().from(partners).orderBy(partners.jurisdiction, partners.code);
    return rows.filter((p) => related(p.jurisdiction, scope)).map(partnerDto);
  }

  /** `options.credential` is for demo partners only, whose credential the README lists; otherwise one is made. */
  async function registerPartner(ctx: RequestContext, input: PartnerInput, options: { credential?: string } = {}) {
    const region = regions.get(input.jurisdiction);
    if (!region) throw appError('unknown_region', { detail: `no administrative division ${input.jurisdiction}` });
    const actor = await guard.require(ctx, 'exchange:manage', { kind: 'region', regionCode: region.code });
    if (!(departmentKinds as readonly string[]).includes(input.department)) throw exchangeError('partner_settings_invalid', { detail: `unknown department ${input.department}` });
    const key = readPublicKey(input.publicKeyPem);
    if (!key) throw exchangeError('public_key_invalid');
    checkSettings(input.department, input);
    const credential = options.credential ?? newCredential();
    return database.transaction(async (tx) => {
      const [row] = await tx
        .insert(partners)
        .values({
          code: input.code,
          name: input.name.trim(),
          department: input.department,
          jurisdiction: region.code,
          publicKey: key.pem,
          keyId: key.keyId,
          credentialHash: credentialHash(credential),
          datasets: [...new Set(input.datasets)],
          queryKinds: [...new Set(input.queryKinds)],
          purposes: [...new Set(input.purposes)],
          adapter: input.adapter ?? null,
        })
        .onConflictDoNothing()
        .returning();
      if (!row) throw exchangeError('partner_code_taken');
      await audit.append(tx, {
        actor: auditActorOf(actor),
        action: 'exchange.partner_registered',
        targetKind: 'exchange_partner',
        targetId: row.id,
        channel: ctx.channel,
        requestId: ctx.requestId,
        details: { code: row.code, department: row.department, datasets: row.datasets, purposes: row.purposes, keyId: row.keyId },
      });
      return { partner: partnerDto(row), credential };
    });
  }

  async function changePartner(ctx: RequestContext, id: string, action: string, set: Partial<typeof partners.$inferInsert>, details: Record<string, unknown>) {
    const { row, actor } = await partnerForChange(ctx, id);
    return database.transaction(async (tx) => {
      const [updated] = await tx.update(partners).set({ ...set, updatedAt: new Date() }).where(eq(partners.id, row.id)).returning();
      await audit.append(tx, { actor: auditActorOf(actor), action, targetKind: 'exchange_partner', targetId: row.id, channel: ctx.channel, requestId: ctx.requestId, details: { code: row.code, ...details } });
      return partnerDto(updated!);
    });
  }

  const suspendPartner = (ctx: RequestContext, id: string, reason: string) =>
    changePartner(ctx, id, 'exchange.partner_suspended', { status: 'suspended', statusReason: reason.trim() }, { reason: reason.trim() });
  const reactivatePartner = (ctx: RequestContext, id: string, reason: string) =>
    changePartner(ctx, id, 'exchange.partner_reactivated', { status: 'active', statusReason: reason.trim() }, { reason: reason.trim() });

  /** Grants, and the adapter the platform asks the partner through (`undefined` keeps it, `null` removes it). */
  async function updatePartnerSettings(ctx: RequestContext, id: string, input: Pick<PartnerInput, 'datasets' | 'queryKinds' | 'purposes' | 'adapter'>) {
    const row = await loadPartner(id);
    const adapter = input.adapter === undefined ? (row?.adapter ?? null) : input.adapter;
    if (row) checkSettings(row.department, { ...input, adapter });
    return changePartner(
      ctx,
      id,
      'exchange.partner_settings_changed',
      { datasets: [...new Set(input.datasets)], queryKinds: [...new Set(input.queryKinds)], purposes: [...new Set(input.purposes)], adapter },
      { ...input, adapter },
    );
  }

  /**
   * A new public key; the old one is still accepted for `overlapHours`, so the partner can
   * switch its signer without a gap (0 ends the old key at once, e.g. after a compromise).
   */
  async function rotateKey(ctx: RequestContext, id: string, input: { publicKeyPem: string; overlapHours: number }) {
    const key = readPublicKey(input.publicKeyPem);
    if (!key) throw exchangeError('public_key_invalid');
    const row = await loadPartner(id);
    if (row && row.keyId === key.keyId) throw exchangeError('public_key_unchanged');
    const now = new Date();
    return changePartner(
      ctx,
      id,
      'exchange.partner_key_rotated',
      {
        publicKey: key.pem,
        keyId: key.keyId,
        keyActivatedAt: now,
        previousPublicKey: row?.publicKey ?? null,
        previousKeyId: row?.keyId ?? null,
        previousKeyExpiresAt: new Date(now.getTime() + input.overlapHours * 3600_000),
      },
      { keyId: key.keyId, previousKeyId: row?.keyId ?? null, overlapHours: input.overlapHours },
    );
  }

  /** A new API credential, shown once; the old one stops working at once. */
  async function rotateCredential(ctx: RequestContext, id: string) {
    const credential = newCredential();
    const partner = await changePartner(ctx, id, 'exchange.partner_credential_rotated', { credentialHash: credentialHash(credential), credentialIssuedAt: new Date() }, {});
    return { partner, credential };
  }

  // ---- the message log ---------------------------------------------------------------------

  async function logMessage(db: Db, values: typeof messages.$inferInsert): Promise<MessageRow> {
    const [row] = await db.insert(messages).values(values).returning();
    return row!;
  }

  function messageDto(m: MessageRow, partner: { code: string; name: string } | undefined) {
    return {
      id: m.id,
      direction: m.direction,
      kind: m.kind,
      partnerId: m.partnerId,
      partnerCode: partner?.code ?? '',
      partnerName: partner?.name ?? '',
      dataset: m.dataset && m.schemaVersion !== null ? `${m.dataset}@${m.schemaVersion}` : m.dataset,
      queryKind: m.queryKind,
      batchId: m.batchId,
      contentType: m.contentType,
      bodySha256: m.bodySha256,
      bodyBytes: m.bodyBytes,
      signature: m.signature,
      keyId: m.keyId,
      signedAt: m.signedAt?.toISOString() ?? null,
      verification: m.verification,
      status: m.status,
      problemCode: m.problemCode,
      recordCount: m.recordCount,
      accepted: m.accepted,
      rejected: m.rejected,
      purpose: m.purpose,
      requestId: m.requestId,
      initiatedByName: m.initiatedByName,
      relatedMessageId: m.relatedMessageId,
      receivedAt: m.receivedAt.toISOString(),
      completedAt: m.completedAt?.toISOString() ?? null,
    };
  }

  /** The log's filter, always within the caller's region (by the partner's jurisdiction). */
  function messageFilter(ctx: RequestContext, q: Omit<MessageSearch, 'page' | 'pageSize'>) {
    const where: SQL[] = [sql`${partners.jurisdiction} like ${guard.scope(ctx) + '%'}`];
    if (q.partner) where.push(/^[0-9a-f-]{36}$/i.test(q.partner) ? eq(messages.partnerId, q.partner) : eq(partners.code, q.partner));
    if (q.direction) where.push(eq(messages.direction, q.direction));
    if (q.kind) where.push(eq(messages.kind, q.kind));
    if (q.status) where.push(eq(messages.status, q.status));
    if (q.dataset) {
      const [name, version] = q.dataset.split('@');
      where.push(eq(messages.dataset, name!));
      if (version) where.push(eq(messages.schemaVersion, Number(version)));
    }
    if (q.batchId) where.push(eq(messages.batchId, q.batchId));
    if (q.from) where.push(gte(messages.receivedAt, q.from));
    if (q.to) where.push(lte(messages.receivedAt, q.to));
    return and(...where);
  }

  function logRead(ctx: RequestContext, actor: StaffActor, action: string, q: Omit<MessageSearch, 'page' | 'pageSize'> & { page?: number; pageSize?: number }) {
    return audit.record({
      actor: auditActorOf(actor),
      action,
      targetKind: 'exchange_message',
      channel: ctx.channel,
      requestId: ctx.requestId,
      details: { ...q, from: q.from?.toISOString() ?? null, to: q.to?.toISOString() ?? null },
    });
  }

  async function searchMessages(ctx: RequestContext, q: MessageSearch) {
    const actor = await guard.require(ctx, 'exchange:log');
    const filter = messageFilter(ctx, q);
    const [rows, [total]] = await Promise.all([
      database.db
        .select({ m: messages, code: partners.code, name: partners.name })
        .from(messages)
        .innerJoin(partners, eq(partners.id, messages.partnerId))
        .where(filter)
        .orderBy(desc(messages.receivedAt), desc(messages.id))
        .limit(q.pageSize)
        .offset((q.page - 1) * q.pageSize),
      database.db.select({ n: count() }).from(messages).innerJoin(partners, eq(partners.id, messages.partnerId)).where(filter),
    ]);
    await logRead(ctx, actor, 'exchange.log_searched', q);
    return { items: rows.map((r) => messageDto(r.m, r)), total: total?.n ?? 0, page: q.page, pageSize: q.pageSize };
  }

  /** Messages per China Standard Time day and status, under the same filter as the log. */
  async function summarizeMessages(ctx: RequestContext, q: Omit<MessageSearch, 'page' | 'pageSize'>) {
    const actor = await guard.require(ctx, 'exchange:log');
    const day = sql<string>`to_char(${messages.receivedAt} at time zone 'Asia/Shanghai', 'YYYY-MM-DD')`;
    const days = await database.db
      .select({ day, status: messages.status, count: sql<number>`count(*)::int` })
      .from(messages)
      .innerJoin(partners, eq(partners.id, messages.partnerId))
      .where(messageFilter(ctx, q))
      .groupBy(day, messages.status)
      .orderBy(day, messages.status);
    await logRead(ctx, actor, 'exchange.log_summarized', q);
    return { days };
  }

  async function getMessage(ctx: RequestContext, id: string) {
    const [row] = /^[0-9a-f-]{36}$/i.test(id)
      ? await database.db.select({ m: messages, code: partners.code, name: partners.name, jurisdiction: partners.jurisdiction }).from(messages).innerJoin(partners, eq(partners.id, messages.partnerId)).where(eq(messages.id, id))
      : [];
    const actor = await guard.require(ctx, 'exchange:log', { kind: 'exchange_message', id, regionCode: row?.jurisdiction ?? NO_SUCH_TARGET });
    if (!row) throw exchangeError('message_not_found');
    await audit.record({ actor: auditActorOf(actor), action: 'exchange.message_viewed', targetKind: 'exchange_message', targetId: id, channel: ctx.channel, requestId: ctx.requestId });
    const results = row.m.results;
    return {
      ...messageDto(row.m, row),
      records: Array.isArray(results) ? results : [],
      content: results && !Array.isArray(results) ? results : null,
      // Whether the stored body still hashes to the logged SHA-256: the log's own integrity check.
      bodyIntact: row.m.bodyEnc ? sha256Hex(Buffer.from(crypto.decrypt(row.m.bodyEnc), 'base64')) === row.m.bodySha256 : null,
    };
  }

  // ---- partner authentication and signatures ----------------------------------------------

  async function partnerByCredential(credential: string | undefined): Promise<PartnerRow> {
    if (!credential) throw exchangeError('credential_missing');
    const hash = credentialHash(credential);
    const [row] = await database.db.select().from(partners).where(eq(partners.credentialHash, hash)).limit(1);
    if (!row || !safeEqual(row.credentialHash, hash)) {
      await audit.record({ actor: { kind: 'anonymous' }, action: 'exchange.credential_refused', outcome: 'denied', channel: 'partner_api', details: {} });
      throw exchangeError('credential_invalid');
    }
    return row;
  }

  /** Checks the signature against the current key, or the previous one while it overlaps. */
  function verifySignature(partner: PartnerRow, fields: SignedFields, signature: string, now: Date): { result: VerificationResult; keyId: string | null } {
    const keys: { pem: string; keyId: string }[] = [{ pem: partner.publicKey, keyId: partner.keyId }];
    if (partner.previousPublicKey && partner.previousKeyId && partner.previousKeyExpiresAt && partner.previousKeyExpiresAt > now) {
      keys.push({ pem: partner.previousPublicKey, keyId: partner.previousKeyId });
    }
    const good = keys.find((k) => verifyFields(k.pem, fields, signature));
    if (!good) return { result: 'invalid', keyId: null };
    const signedAt = Date.parse(fields.timestamp);
    if (Math.abs(now.getTime() - signedAt) > SIGNATURE_WINDOW_MS) return { result: 'expired', keyId: good.keyId };
    return { result: 'valid', keyId: good.keyId };
  }

  interface Envelope {
    partner: PartnerRow;
    kind: 'batch' | 'query';
    headers: SignedHeaders;
    contentType: string;
    body: Buffer;
    requestId: string;
  }

  /**
   * What every signed message from a partner goes through before its content is read: the
   * partner is active, the headers are complete, the signature verifies with its key and was
   * made within the window. Anything refused is still logged, with what verifying found.
   */
  async function admit(e: Envelope) {
    const now = new Date();
    const bodySha256 = sha256Hex(e.body);
    const h = e.headers;
    const base = {
      direction: 'in' as const,
      kind: e.kind,
      partnerId: e.partner.id,
      batchId: h.batchId && BATCH_ID.test(h.batchId) ? h.batchId : null,
      contentType: e.contentType,
      bodySha256,
      bodyBytes: e.body.length,
      bodyEnc: crypto.encrypt(e.body.toString('base64')),
      signature: h.signature?.slice(0, 200) ?? null,
      purpose: h.purpose?.slice(0, 60) ?? null,
      requestId: e.requestId,
      completedAt: now,
    };
    const refuse = async (code: ExchangeErrorCode, verification: VerificationResult, detail?: string, extra: Partial<typeof messages.$inferInsert> = {}) => {
      const row = await logMessage(database.db, { ...base, verification, status: 'refused', problemCode: code, ...extra });
      await audit.record({
        actor: auditPartner(e.partner),
        action: `exchange.${e.kind}_refused`,
        targetKind: 'exchange_message',
        targetId: row.id,
        outcome: 'denied',
        channel: e.kind === 'batch' ? 'batch' : 'partner_api',
        requestId: e.requestId,
        details: { code, batchId: base.batchId },
      });
      return exchangeError(code, detail ? { detail } : undefined);
    };
    if (e.partner.status !== 'active') throw await refuse('partner_suspended', 'not_signed');
    if (!h.signature) throw await refuse('signature_missing', 'missing');
    const missing = [
      !h.batchId || !BATCH_ID.test(h.batchId) ? 'X-Exchange-Batch-Id (1–100 of A–Z a–z 0–9 . _ : -)' : '',
      !h.subject ? (e.kind === 'batch' ? 'X-Exchange-Dataset (dataset@version)' : 'X-Exchange-Query') : '',
      !h.purpose ? 'X-Exchange-Purpose' : '',
      !h.timestamp || !TIMESTAMP.test(h.timestamp) || Number.isNaN(Date.parse(h.timestamp)) ? 'X-Exchange-Timestamp (ISO 8601, e.g. 2026-11-29T01:02:03Z)' : '',
    ].filter(Boolean);
    if (missing.length > 0) throw await refuse('header_missing', 'not_signed', `missing or malformed: ${missing.join(', ')}`);
    const fields: SignedFields = {
      partnerCode: e.partner.code,
      batchId: h.batchId!,
      subject: e.kind === 'batch' ? h.subject! : `query:${h.subject}`,
      purpose: h.purpose!,
      timestamp: h.timestamp!,
      bodySha256,
    };
    const verified = verifySignature(e.partner, fields, h.signature, now);
    const signed = { keyId: verified.keyId, signedAt: new Date(Date.parse(h.timestamp!)) };
    if (verified.result === 'invalid') throw await refuse('signature_invalid', 'invalid', undefined, signed);
    if (verified.result === 'expired') {
      throw await refuse('signature_expired', 'expired', `signed at ${h.timestamp}; accepted within ${SIGNATURE_WINDOW_MS / 60_000} minutes of ${now.toISOString()}`, signed);
    }
    if (!(purposeCodes as string[]).includes(h.purpose!) || !e.partner.purposes.includes(h.purpose!)) {
      throw await refuse('purpose_not_allowed', 'valid', `purpose ${h.purpose} is not granted to ${e.partner.code}`, signed);
    }
    return { base: { ...base, ...signed, verification: 'valid' as const }, refuse, fields };
  }

  // ---- batches -----------------------------------------------------------------------------

  type ResultFields = Pick<MessageRow, 'id' | 'batchId' | 'dataset' | 'schemaVersion' | 'status' | 'problemCode' | 'recordCount' | 'accepted' | 'rejected' | 'receivedAt' | 'results'>;

  function resultOf(m: ResultFields): BatchResult {
    return {
      messageId: m.id,
      batchId: m.batchId ?? '',
      dataset: `${m.dataset}@${m.schemaVersion}`,
      status: m.status === 'applied' ? 'applied' : 'rejected',
      problemCode: m.problemCode,
      recordCount: m.recordCount,
      accepted: m.accepted,
      rejected: m.rejected,
      receivedAt: m.receivedAt.toISOString(),
      records: Array.isArray(m.results) ? m.results : [],
    };
  }

  const answerOf = (m: ResultFields, replayed: boolean): BatchAnswer => ({
    httpStatus: m.status === 'applied' ? 201 : m.problemCode === 'batch_too_large' ? 413 : 422,
    result: resultOf(m),
    replayed,
  });

  async function spentBatch(db: Db, partnerId: string, batchId: string) {
    const [row] = await db
      .select()
      .from(messages)
      .where(and(eq(messages.partnerId, partnerId), eq(messages.batchId, batchId), eq(messages.kind, 'batch'), eq(messages.direction, 'in'), inArray(messages.status, ['applied', 'rejected'])))
      .limit(1);
    return row;
  }

  const problemOf = (code: RecordProblem) => recordProblems[code];

  /**
   * Checks every record of a batch without changing anything: first what the record says on
   * its own, then against the registry (is the person known, is this the same death, does
   * the person hold the account). Returns one result per record and the work to apply.
   */
  async function checkBatch(partner: PartnerRow, spec: DatasetSpec, body: Buffer, format: BodyFormat) {
    const parsed = parseBatchBody(body, format, spec);
    if (parsed.problem) {
      const code = parsed.problem.code;
      throw new BatchRejection(code, [{ line: 1, idNumberMasked: null, status: 'rejected', code, message: problemOf(code) }]);
    }
    if (parsed.records.length > MAX_BATCH_RECORDS) {
      throw new BatchRejection('batch_too_large', [], 413);
    }
    const today = chinaDate(new Date());
    const checked: CheckedRecord[] = parsed.records.map((raw) => checkRecord(spec, raw, format, { regionExists: (c) => regions.get(c), today }));
    const good = checked.filter((c): c is Extract<CheckedRecord, { ok: true }> => c.ok);
    const known = await records.findPersons(database.db, good.map((c) => c.id.number));
    const accounts = spec.effect === 'bank_verification' ? await records.findBankAccounts(database.db, good.map((c) => String(c.value.account_number))) : new Map();
    const seen = new Set<string>();
    const results: RecordResult[] = [];
    const work: { line: number; check: Extract<CheckedRecord, { ok: true }>; personId: string | null }[] = [];
    for (const c of checked) {
      if (!c.ok) {
        results.push({ line: c.line, idNumberMasked: c.idNumberMasked, status: 'rejected', code: c.code, ...(c.field ? { field: c.field } : {}), message: problemOf(c.code) });
        continue;
      }
      const reject = (code: RecordProblem, field?: string) =>
        results.push({ line: c.line, idNumberMasked: maskIdNumber(c.id.number), status: 'rejected', code, ...(field ? { field } : {}), message: problemOf(code) });
      const key = spec.key.map((k) => String(c.value[k] ?? '')).join('\n');
      if (seen.has(key)) {
        reject('duplicate_in_batch');
        continue;
      }
      seen.add(key);
      const person = known.get(c.id.number);
      if (spec.effect === 'birth') {
        const region = regions.get(String(c.value.household_region))!;
        if (!isWithinRegion(region.code, partner.jurisdiction)) {
          reject('region_out_of_jurisdiction', 'household_region');
          continue;
        }
        if (person && person.name !== c.value.name) {
          reject('person_exists');
          continue;
        }
      } else if (!person) {
        reject('person_unknown', 'id_number');
        continue;
      }
      if (spec.effect === 'death' && person?.diedOn && person.diedOn !== c.value.died_on) {
        reject('death_date_conflict', 'died_on');
        continue;
      }
      if (spec.effect === 'bank_verification') {
        const holders = accounts.get(String(c.value.account_number)) ?? [];
        if (!holders.some((a: { personId: string }) => a.personId === person!.id)) {
          reject('account_unknown', 'account_number');
          continue;
        }
      }
      results.push({ line: c.line, idNumberMasked: maskIdNumber(c.id.number), status: 'valid' });
      work.push({ line: c.line, check: c, personId: person?.id ?? null });
    }
    if (results.some((r) => r.status === 'rejected')) throw new BatchRejection('records_rejected', results);
    return { results, work };
  }

  /** Applies the checked records inside the batch's transaction, through the registry's partner functions. */
  async function applyWork(tx: Db, spec: DatasetSpec, change: PartnerChange, work: Awaited<ReturnType<typeof checkBatch>>['work']): Promise<PartnerOutcome[]> {
    const v = (w: (typeof work)[number], field: string) => w.check.value[field];
    switch (spec.effect) {
      case 'death':
        return records.recordDeaths(tx, change, work.map((w) => ({ personId: w.personId!, diedOn: String(v(w, 'died_on')) })));
      case 'birth':
        return records.registerBirths(
          tx,
          change,
          work.map((w) => ({
            idNumber: w.check.id.number,
            name: String(v(w, 'name')).trim(),
            sex: w.check.id.sex,
            birthDate: w.check.id.birthDate,
            householdRegion: regions.get(String(v(w, 'household_region')))!.code,
          })),
        );
      case 'dossier':
        return records.addDossierEntries(
          tx,
          change,
          spec.name,
          work.map((w) => {
            const facts: Record<string, unknown> = {};
            for (const [field, value] of Object.entries(w.check.value)) {
              if (field === 'id_number') continue;
              // Other people's ID numbers stay in the dossier masked only.
              facts[field] = spec.otherIdFields.includes(field) ? maskIdNumber(String(value)) : value;
            }
            return { personId: w.personId!, facts };
          }),
        );
      case 'income':
        return records.recordIncome(
          tx,
          change,
          work.map((w) => ({ personId: w.personId!, period: String(v(w, 'period')), payerCreditCode: String(v(w, 'payer_credit_code')), amountFen: Number(v(w, 'amount_fen')) })),
        );
      case 'bank_verification':
        return records.recordAccountVerifications(
          tx,
          change,
          work.map((w) => ({ personId: w.personId!, accountNumber: String(v(w, 'account_number')), matches: v(w, 'result') === 'match' })),
        );
    }
  }

  /**
   * Receives one signed batch. Checked whole, then applied whole in one transaction with its
   * message-log entry, or rejected whole with a result for every record. The same batch again
   * gets the first answer and changes nothing.
   */
  async function receiveBatch(input: { partner: PartnerRow; headers: SignedHeaders; format: BodyFormat; contentType: string; body: Buffer; requestId: string }): Promise<BatchAnswer> {
    const { partner } = input;
    const { base, refuse } = await admit({ partner, kind: 'batch', headers: input.headers, contentType: input.contentType, body: input.body, requestId: input.requestId });
    const batchId = base.batchId!;
    const ref = input.headers.subject!.trim();
    const spec = findDataset(ref);
    const [datasetName, version] = ref.split('@');
    const named = { dataset: spec?.name ?? datasetName?.slice(0, 80) ?? null, schemaVersion: spec?.version ?? (Number.isInteger(Number(version)) ? Number(version) : null) };
    if (!spec) throw await refuse('dataset_unknown', 'valid', `no dataset ${ref}; known: see GET /api/exchange/datasets`, named);
    if (!partner.datasets.includes(datasetRef(spec))) throw await refuse('dataset_not_allowed', 'valid', `${ref} is not granted to ${partner.code}`, named);

    const spent = await spentBatch(database.db, partner.id, batchId);
    if (spent) return duplicateOf(spent, base, named);

    const change: PartnerChange = { partner: partnerActorOf(partner), channel: 'batch', requestId: input.requestId, dataset: datasetRef(spec), batchId, messageId: randomUUID() };
    const batchEvent = (status: 'applied' | 'rejected', m: { recordCount: number; accepted: number; rejected: number }): AuditEvent => ({
      actor: auditPartner(partner),
      action: `exchange.batch_${status}`,
      targetKind: 'exchange_message',
      targetId: change.messageId,
      purpose: base.purpose,
      outcome: status === 'applied' ? 'ok' : 'failed',
      channel: 'batch',
      requestId: input.requestId,
      details: { dataset: change.dataset, batchId, ...m },
    });
    const rejectWith = async (rejection: BatchRejection) => {
      const rejected = rejection.results.filter((r) => r.status === 'rejected').length;
      const counts = { recordCount: rejection.results.length, accepted: 0, rejected };
      try {
        const row = await database.transaction(async (tx) => {
          const [row] = await tx
            .insert(messages)
            .values({ ...base, ...named, id: change.messageId, status: 'rejected', problemCode: rejection.problemCode, ...counts, results: rejection.results })
            .onConflictDoNothing()
            .returning();
          if (!row) throw new ConcurrentDuplicate();
          await audit.append(tx, batchEvent('rejected', counts));
          return row;
        });
        return answerOf(row, false);
      } catch (error) {
        if (error instanceof ConcurrentDuplicate) return duplicateOf((await spentBatch(database.db, partner.id, batchId))!, base, named);
        throw error;
      }
    };

    let checked: Awaited<ReturnType<typeof checkBatch>>;
    try {
      checked = await checkBatch(partner, spec, input.body, input.format);
    } catch (error) {
      if (error instanceof BatchRejection) return rejectWith(error);
      throw error;
    }

    try {
      const row = await database.transaction(async (tx) => {
        // The log entry first: it takes the batch id, so a concurrent copy of this batch waits here and then finds it spent.
        const [claimed] = await tx
          .insert(messages)
          .values({ ...base, ...named, id: change.messageId, status: 'applied', recordCount: checked.results.length, results: checked.results })
          .onConflictDoNothing()
          .returning({ id: messages.id, batchId: messages.batchId, dataset: messages.dataset, schemaVersion: messages.schemaVersion, status: messages.status, problemCode: messages.problemCode, receivedAt: messages.receivedAt });
        if (!claimed) throw new ConcurrentDuplicate();
        const outcomes = await applyWork(tx, spec, change, checked.work);
        const results = checked.results.map((r) => ({ ...r }));
        const byLine = new Map(results.map((r) => [r.line, r]));
        let refused = false;
        outcomes.forEach((outcome, i) => {
          const result = byLine.get(checked.work[i]!.line)!;
          if ('rejected' in outcome) {
            refused = true;
            Object.assign(result, { status: 'rejected', code: outcome.rejected, message: problemOf(outcome.rejected) });
          } else Object.assign(result, { status: 'accepted', effect: outcome.effect });
        });
        // Something changed between the checks and the transaction: nothing of this batch stays.
        if (refused) throw new BatchRejection('records_rejected', results.map((r) => (r.status === 'accepted' ? { line: r.line, idNumberMasked: r.idNumberMasked, status: 'valid' } : r)));
        const counts = { recordCount: results.length, accepted: results.length, rejected: 0 };
        const completedAt = new Date();
        await tx.update(messages).set({ ...counts, results, completedAt }).where(eq(messages.id, change.messageId));
        await audit.append(tx, batchEvent('applied', counts));
        return { ...claimed, ...counts, results, completedAt };
      });
      return answerOf(row, false);
    } catch (error) {
      if (error instanceof BatchRejection) return rejectWith(error);
      if (error instanceof ConcurrentDuplicate) return duplicateOf((await spentBatch(database.db, partner.id, batchId))!, base, named);
      // The database failed mid-batch: the transaction rolled back everything, and the batch id stays free for a retry.
      await logMessage(database.db, { ...base, ...named, status: 'failed', problemCode: 'apply_failed', recordCount: checked.results.length }).catch(() => undefined);
      throw error;
    }
  }

  async function duplicateOf(original: MessageRow, base: Awaited<ReturnType<typeof admit>>['base'], named: { dataset: string | null; schemaVersion: number | null }): Promise<BatchAnswer> {
    if (original.bodySha256 !== base.bodySha256) {
      await logMessage(database.db, { ...base, ...named, status: 'refused', problemCode: 'batch_replayed_with_changes', relatedMessageId: original.id });
      throw exchangeError('batch_replayed_with_changes', { detail: `batch ${original.batchId} was received at ${original.receivedAt.toISOString()} with SHA-256 ${original.bodySha256}` });
    }
    await logMessage(database.db, { ...base, ...named, status: 'duplicate', relatedMessageId: original.id, recordCount: original.recordCount });
    return answerOf(original, true);
  }

  async function getBatch(partner: PartnerRow, batchId: string): Promise<BatchAnswer> {
    if (partner.status !== 'active') throw exchangeError('partner_suspended');
    const row = BATCH_ID.test(batchId) ? await spentBatch(database.db, partner.id, batchId) : undefined;
    if (!row) throw exchangeError('batch_not_found');
    return answerOf(row, false);
  }

  // ---- queries -----------------------------------------------------------------------------

  async function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
    let timer: NodeJS.Timeout | undefined;
    try {
      return await Promise.race([promise, new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error(`no answer within ${ms} ms`)), ms)))]);
    } finally {
      if (timer) clearTimeout(timer);
    }
  }

  /**
   * A caseworker asks a partner about a person of their region (e.g. is this person alive?).
   * The question discloses the person's ID number to the partner, so it needs a purpose the
   * partner was granted; it is logged (out and in) and audited with the person as subject.
   */
  async function askPartner(
    ctx: RequestContext,
    input: { partnerId: string; personId: string; kind: 'person_alive' | 'account_holder'; purpose: ExchangePurpose; accountNumber?: string | undefined; accountId?: string | undefined },
  ) {
    const person = await records.identifiersOf(database.db, input.personId, input.accountId);
    const actor = await guard.require(ctx, 'exchange:query', { kind: 'person', id: input.personId, regionCode: person?.householdRegion ?? NO_SUCH_TARGET, subjectId: input.personId });
    if (!person) throw appError('not_found', { detail: 'no such person' });
    const partner = await loadPartner(input.partnerId);
    if (!partner || !related(partner.jurisdiction, guard.scope(ctx))) throw exchangeError('partner_not_found');
    if (partner.status !== 'active') throw exchangeError('partner_suspended');
    if (!partner.queryKinds.includes(input.kind)) throw exchangeError('query_not_allowed', { detail: `${partner.code} is not asked ${input.kind}` });
    if (!partner.purposes.includes(input.purpose)) throw exchangeError('purpose_not_allowed', { detail: `${partner.code} is not granted ${input.purpose}` });
    const adapter = partner.adapter ? adapters.get(partner.adapter) : undefined;
    if (!adapter) throw exchangeError('partner_not_queryable');
    let accountNumber: string | undefined;
    if (input.kind === 'account_holder') {
      // An account id that is not the person's finds no account: the same answer as none at all.
      accountNumber = input.accountNumber?.replace(/[\s-]/g, '') || person.bankAccount?.number;
      if (!accountNumber || !/^\d{12,30}$/.test(accountNumber)) throw exchangeError('bank_account_missing');
    }
    const queryId = randomUUID();
    const askedAt = new Date();
    const query = { kind: input.kind, idNumber: person.idNumber, ...(accountNumber ? { accountNumber } : {}), purpose: input.purpose, queryId };
    const queryBody = Buffer.from(canonicalJson({ ...query, askedAt: askedAt.toISOString() }));
    const maskedQuery = { kind: input.kind, idNumberMasked: maskIdNumber(person.idNumber), accountNumberMasked: accountNumber ? maskBankAccount(accountNumber) : null };
    const outbound = {
      direction: 'out' as const,
      kind: 'query' as const,
      partnerId: partner.id,
      queryKind: input.kind,
      batchId: queryId,
      contentType: 'application/json',
      bodySha256: sha256Hex(queryBody),
      bodyBytes: queryBody.length,
      bodyEnc: crypto.encrypt(queryBody.toString('base64')),
      verification: 'not_signed' as const,
      purpose: input.purpose,
      requestId: ctx.requestId,
      initiatedById: actor.id,
      initiatedByName: actor.name,
      receivedAt: askedAt,
      results: maskedQuery,
    };
    const staffEvent = (outcome: 'ok' | 'failed', details: Record<string, unknown>): AuditEvent => ({
      actor: auditActorOf(actor),
      action: 'exchange.partner_asked',
      targetKind: 'person',
      targetId: person.id,
      subjectId: person.id,
      purpose: input.purpose,
      outcome,
      channel: 'partner_api',
      requestId: ctx.requestId,
      details: { partner: partner.code, partnerName: partner.name, department: partner.department, kind: input.kind, queryId, ...details },
    });
    let answer: PartnerAnswer;
    try {
      answer = await withTimeout(adapter.ask(query), QUERY_TIMEOUT_MS);
    } catch (error) {
      await database.transaction(async (tx) => {
        await logMessage(tx, { ...outbound, status: 'failed', problemCode: 'partner_unavailable', completedAt: new Date() });
        await audit.append(tx, staffEvent('failed', { error: error instanceof Error ? error.message.slice(0, 200) : 'unknown' }));
      });
      throw exchangeError('partner_unavailable');
    }
    const clean: PartnerAnswer = {
      found: answer.found === true,
      ...(typeof answer.alive === 'boolean' ? { alive: answer.alive } : {}),
      ...(answer.since !== undefined ? { since: answer.since } : {}),
      ...(typeof answer.holder === 'boolean' ? { holder: answer.holder } : {}),
    };
    const answerBody = Buffer.from(canonicalJson({ queryId, ...clean }));
    const answeredAt = new Date();
    return database.transaction(async (tx) => {
      const sent = await logMessage(tx, { ...outbound, status: 'answered', completedAt: answeredAt });
      const received = await logMessage(tx, {
        direction: 'in',
        kind: 'answer',
        partnerId: partner.id,
        queryKind: input.kind,
        batchId: queryId,
        contentType: 'application/json',
        bodySha256: sha256Hex(answerBody),
        bodyBytes: answerBody.length,
        bodyEnc: crypto.encrypt(answerBody.toString('base64')),
        verification: 'not_signed',
        status: 'answered',
        purpose: input.purpose,
        requestId: ctx.requestId,
        initiatedById: actor.id,
        initiatedByName: actor.name,
        relatedMessageId: sent.id,
        results: { ...maskedQuery, ...clean },
        receivedAt: answeredAt,
        completedAt: answeredAt,
      });
      await audit.appendMany(tx, [
        staffEvent('ok', { messageId: sent.id, answer: clean }),
        // The partner received the person's ID number and looked them up: the person sees that too.
        {
          actor: auditPartner(partner),
          action: 'exchange.partner_answered',
          targetKind: 'person',
          targetId: person.id,
          subjectId: person.id,
          purpose: input.purpose,
          channel: 'partner_api',
          requestId: ctx.requestId,
          details: { kind: input.kind, queryId, messageId: received.id, askedBy: actor.name },
        },
      ]);
      return {
        messageId: sent.id,
        answerMessageId: received.id,
        partner: { id: partner.id, code: partner.code, name: partner.name },
        kind: input.kind,
        purpose: input.purpose,
        idNumberMasked: maskedQuery.idNumberMasked,
        accountNumberMasked: maskedQuery.accountNumberMasked,
        answer: clean,
        askedAt: askedAt.toISOString(),
        answeredAt: answeredAt.toISOString(),
      };
    });
  }

  /**
   * A partner asks the platform (public security: does this person draw on a pension scheme?).
   * Signed like a batch; answered yes or no with the ID number masked; only about persons in
   * the partner's jurisdiction; audited with the person as subject.
   */
  async function answerPartnerQuery(input: { partner: PartnerRow; headers: SignedHeaders; contentType: string; body: Buffer; requestId: string }) {
    const { partner } = input;
    const { base, refuse } = await admit({ partner, kind: 'query', headers: input.headers, contentType: input.contentType, body: input.body, requestId: input.requestId });
    const kind = input.headers.subject!;
    if (!(inboundQueryKinds as readonly string[]).includes(kind) || !partner.queryKinds.includes(kind)) {
      throw await refuse('query_not_allowed', 'valid', `${partner.code} may not ask ${kind}`, { queryKind: kind.slice(0, 40) });
    }
    let idNumber: string | undefined;
    try {
      const parsed = JSON.parse(input.body.toString('utf8')) as { id_number?: unknown };
      const id = typeof parsed.id_number === 'string' ? parseResidentId(parsed.id_number) : undefined;
      if (id?.ok) idNumber = id.value.number;
    } catch {
      idNumber = undefined;
    }
    if (!idNumber) {
      await logMessage(database.db, { ...base, queryKind: kind, status: 'refused', problemCode: 'validation_failed' });
      throw appError('validation_failed', { detail: 'the body must be {"id_number": "<valid GB 11643 ID number>"}' });
    }
    const person = (await records.findPersons(database.db, [idNumber])).get(idNumber);
    const inJurisdiction = person !== undefined && isWithinRegion(person.householdRegion, partner.jurisdiction);
    const enrolled = inJurisdiction ? await records.pensionEnrolled(database.db, person.id) : false;
    const answer = { queryId: base.batchId!, kind, idNumberMasked: maskIdNumber(idNumber), found: inJurisdiction, enrolled };
    const answerBody = Buffer.from(canonicalJson(answer));
    return database.transaction(async (tx) => {
      const asked = await logMessage(tx, { ...base, queryKind: kind, status: 'answered', results: { kind, idNumberMasked: answer.idNumberMasked } });
      await logMessage(tx, {
        direction: 'out',
        kind: 'answer',
        partnerId: partner.id,
        queryKind: kind,
        batchId: base.batchId,
        contentType: 'application/json',
        bodySha256: sha256Hex(answerBody),
        bodyBytes: answerBody.length,
        verification: 'not_signed',
        status: 'answered',
        purpose: base.purpose,
        requestId: input.requestId,
        relatedMessageId: asked.id,
        results: answer,
        completedAt: new Date(),
      });
      await audit.append(tx, {
        actor: auditPartner(partner),
        action: 'exchange.partner_queried',
        targetKind: 'person',
        targetId: inJurisdiction ? person.id : null,
        subjectId: inJurisdiction ? person.id : null,
        purpose: base.purpose,
        channel: 'partner_api',
        requestId: input.requestId,
        details: { kind, queryId: base.batchId, found: inJurisdiction, messageId: asked.id },
      });
      return answer;
    });
  }

  return {
    adapters,
    /** Names of the adapters partners can be asked through. */
    adapterNames: () => [...adapters.keys()],
    simulated,
    partnerByCredential,
    listPartners,
    registerPartner,
    suspendPartner,
    reactivatePartner,
    updatePartnerSettings,
    rotateKey,
    rotateCredential,
    receiveBatch,
    getBatch,
    searchMessages,
    summarizeMessages,
    getMessage,
    askPartner,
    answerPartnerQuery,
  };
}
