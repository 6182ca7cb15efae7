import { and, asc, count, eq, ilike, inArray, sql, type SQL } from 'drizzle-orm';
import type { Database } from '../db/client.ts';
import { containsPattern } from '../db/like.ts';
import type { Audit } from '../audit/audit.service.ts';
import type { Regions } from '../regions/regions.service.ts';
import type { FieldCrypto } from '../crypto/field-crypto.ts';
import { maskIdNumber, maskPhone } from '../crypto/masking.ts';
import { auditActorOf, NO_SUCH_TARGET, type Guard, type RequestContext } from '../access/guard.ts';
import { appError } from '../http/errors.ts';
import { parseResidentId } from '../identity/resident-id.ts';
import { citizens } from './auth.tables.ts';

export const unmaskPurposes = ['case_handling', 'identity_verification', 'benefit_review', 'other'] as const;
export type UnmaskPurpose = (typeof unmaskPurposes)[number];

export type CitizenAccounts = ReturnType<typeof createCitizenAccounts>;

/**
 * Staff-facing view of citizen accounts, always inside the caller's region. Identifiers are
 * masked; the full value needs a role that may unmask, a stated purpose, and leaves an audit
 * entry that the citizen sees.
 */
export function createCitizenAccounts(deps: { database: Database; audit: Audit; guard: Guard; regions: Regions; crypto: FieldCrypto }) {
  const { database, audit, guard, regions, crypto } = deps;

  function toDto(c: typeof citizens.$inferSelect) {
    return {
      id: c.id,
      name: c.name,
      idNumberMasked: maskIdNumber(crypto.decrypt(c.idNumberEnc)),
      sex: c.sex,
      birthDate: c.birthDate,
      regionCode: c.regionCode,
      regionName: regions.fullName(c.regionCode),
      phoneMasked: c.phoneEnc ? maskPhone(crypto.decrypt(c.phoneEnc)) : null,
    };
  }

  async function list(ctx: RequestContext, q: { q?: string | undefined; regionCode?: string | undefined; page: number; pageSize: number }) {
    const actor = await guard.require(ctx, 'citizen:list', q.regionCode ? { kind: 'region', regionCode: q.regionCode } : undefined);
    const where: SQL[] = [sql`${citizens.regionCode} like ${(q.regionCode ?? guard.scope(ctx)) + '%'}`];
    if (q.q) {
      const text = q.q.trim();
      const id = parseResidentId(text);
      // A full ID number is found through the keyed index; anything else searches names.
      where.push(id.ok ? eq(citizens.idNumberHash, crypto.lookupHash('id_number', id.value.number)) : ilike(citizens.name, containsPattern(text)));
    }
    const filter = and(...where);
    const [rows, [total]] = await Promise.all([
      database.db
        .select()
        .from(citizens)
        .where(filter)
        .orderBy(asc(citizens.regionCode), asc(citizens.name))
        .limit(q.pageSize)
        .offset((q.page - 1) * q.pageSize),
      database.db.select({ n: count() }).from(citizens).where(filter),
    ]);
    await audit.record({
      actor: auditActorOf(actor),
      action: 'citizen.listed',
      targetKind: 'citizen',
      channel: ctx.channel,
      requestId: ctx.requestId,
      details: { query: q.q ?? null, regionCode: q.regionCode ?? null, page: q.page, returned: rows.length },
    });
    return { items: rows.map(toDto), total: total?.n ?? 0, page: q.page, pageSize: q.pageSize };
  }

  async function load(id: string) {
    const [row] = await database.db.select().from(citizens).where(eq(citizens.id, id)).limit(1);
    return row;
  }

  async function get(ctx: RequestContext, id: string) {
    const row = await load(id);
    const actor = await guard.require(ctx, 'citizen:read', { kind: 'citizen', id, regionCode: row?.regionCode ?? NO_SUCH_TARGET, subjectId: id });
    if (!row) throw appError('not_found');
    await audit.record({
      actor: auditActorOf(actor),
      action: 'citizen.viewed',
      targetKind: 'citizen',
      targetId: id,
      subjectId: id,
      channel: ctx.channel,
      requestId: ctx.requestId,
    });
    return toDto(row);
  }

  async function unmask(ctx: RequestContext, id: string, purpose: UnmaskPurpose, note: string | undefined) {
    const row = await load(id);
    const actor = await guard.require(ctx, 'citizen:unmask', { kind: 'citizen', id, regionCode: row?.regionCode ?? NO_SUCH_TARGET, subjectId: id });
    if (!row) throw appError('not_found');
    if (purpose === 'other' && !note?.trim()) throw appError('purpose_required', { detail: 'purpose "other" needs a note' });
    await audit.record({
      actor: auditActorOf(actor),
      action: 'citizen.unmasked',
      targetKind: 'citizen',
      targetId: id,
      subjectId: id,
      purpose: note?.trim() ? `${purpose}: ${note.trim()}` : purpose,
      channel: ctx.channel,
      requestId: ctx.requestId,
      details: { fields: ['idNumber', 'phone'] },
    });
    return { idNumber: crypto.decrypt(row.idNumberEnc), phone: row.phoneEnc ? crypto.decrypt(row.phoneEnc) : null };
  }

  async function countInScope(scope: string): Promise<number> {
    const [row] = await database.db.select({ n: count() }).from(citizens).where(sql`${citizens.regionCode} like ${scope + '%'}`);
    return row?.n ?? 0;
  }

  /** The keyed hash of a citizen's own ID number: what joins their account to the registry. */
  async function idNumberHashOf(citizenId: string): Promise<string | undefined> {
    const [row] = await database.db.select({ hash: citizens.idNumberHash }).from(citizens).where(eq(citizens.id, citizenId)).limit(1);
    return row?.hash;
  }

  /** The citizen account registered with this full ID number, if any (through the keyed index). */
  async function accountIdOf(idNumber: string): Promise<string | undefined> {
    const [row] = await database.db
      .select({ id: citizens.id })
      .from(citizens)
      .where(eq(citizens.idNumberHash, crypto.lookupHash('id_number', idNumber.toUpperCase())))
      .limit(1);
    return row?.id;
  }

  /**
   * Names and masked ID numbers of these accounts, for a module that already decided the caller
   * may see them (e.g. the relatives registered for a pensioner in the caller's region).
   */
  async function maskedOf(ids: readonly string[]): Promise<Map<string, { name: string; idNumberMasked: string }>> {
    if (ids.length === 0) return new Map();
    const rows = await database.db.select().from(citizens).where(inArray(citizens.id, [...new Set(ids)]));
    return new Map(rows.map((c) => [c.id, { name: c.name, idNumberMasked: maskIdNumber(crypto.decrypt(c.idNumberEnc)) }]));
  }

  return { list, get, unmask, countInScope, idNumberHashOf, accountIdOf, maskedOf };
}
