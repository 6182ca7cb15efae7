import { createHash, createPrivateKey, createPublicKey, sign, verify, type KeyObject } from 'node:crypto';
import { and, asc, count, desc, eq, gt, gte, inArray, isNotNull, isNull, lte, sql, type SQL } from 'drizzle-orm';
import type { Database, Db } from '../db/client.ts';
import { insertFromJson, jsonRowsOf } from '../db/statements.ts';
import { merkleRoot } from './merkle.ts';
import { auditCheckpoints, auditEntries } from './audit.tables.ts';

export const GENESIS_HASH = '0'.repeat(64);
/** One advisory lock serialises appends so the chain has exactly one head. */
const CHAIN_LOCK = 727002;
const MAX_BATCH = 10_000;
const CHAIN_BATCH = 2_000;

export type ActorKind = 'staff' | 'citizen' | 'partner' | 'system' | 'anonymous';

export interface AuditActor {
  kind: ActorKind;
  id?: string | null;
  name?: string | null;
  role?: string | null;
  region?: string | null;
}

export interface AuditEvent {
  actor: AuditActor;
  action: string;
  targetKind?: string | null;
  targetId?: string | null;
  /** Citizen whose personal data this concerns; shown to that citizen. */
  subjectId?: string | null;
  purpose?: string | null;
  outcome?: 'ok' | 'denied' | 'failed';
  /** staff_screen, citizen_portal, partner_api, batch, system */
  channel: string;
  requestId?: string | null;
  details?: Record<string, unknown> | null;
}

interface StoredFields {
  seq: number;
  at: Date;
  actorKind: string;
  actorId: string | null;
  actorName: string | null;
  actorRole: string | null;
  actorRegion: string | null;
  action: string;
  targetKind: string | null;
  targetId: string | null;
  subjectId: string | null;
  purpose: string | null;
  outcome: 'ok' | 'denied' | 'failed';
  channel: string;
  requestId: string | null;
  details: Record<string, unknown> | null;
}

/** JSON with object keys sorted, so jsonb's key reordering cannot change a hash. */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value ?? null);
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  const entries = Object.entries(value as Record<string, unknown>)
    .filter(([, v]) => v !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
}

export function entryHash(prevHash: string, e: StoredFields): string {
  const content = canonicalJson([
    e.seq,
    e.at.toISOString(),
    e.actorKind,
    e.actorId,
    e.actorName,
    e.actorRole,
    e.actorRegion,
    e.action,
    e.targetKind,
    e.targetId,
    e.subjectId,
    e.purpose,
    e.outcome,
    e.channel,
    e.requestId,
    e.details,
  ]);
  return createHash('sha256').update(prevHash).update('\n').update(content).digest('hex');
}

function checkpointMessage(c: { firstSeq: number; lastSeq: number; merkleRoot: string; lastEntryHash: string; signedAt: Date }): Buffer {
  return Buffer.from(
    ['minsheng-audit-checkpoint/v1', c.firstSeq, c.lastSeq, c.merkleRoot, c.lastEntryHash, c.signedAt.toISOString()].join('\n'),
  );
}

export interface VerifyReport {
  ok: boolean;
  entries: number;
  checkpoints: number;
  /** Entries after the last checkpoint, covered by the hash chain only. */
  unsealedEntries: number;
  /** Committed entries the chainer has not linked yet (seconds old at most while the server runs). */
  unchainedEntries?: number;
  firstBadSeq?: number;
  badCheckpointId?: number;
  problem?: string;
}

export interface AuditSearch {
  subject?: string | undefined;
  actor?: string | undefined;
  action?: string | undefined;
  from?: Date | undefined;
  to?: Date | undefined;
  page: number;
  pageSize: number;
}

function entryFields(event: AuditEvent) {
  return {
    actorKind: event.actor.kind,
    actorId: event.actor.id ?? null,
    actorName: event.actor.name ?? null,
    actorRole: event.actor.role ?? null,
    actorRegion: event.actor.region ?? null,
    action: event.action,
    targetKind: event.targetKind ?? null,
    targetId: event.targetId ?? null,
    subjectId: event.subjectId ?? null,
    purpose: event.purpose ?? null,
    outcome: event.outcome ?? ('ok' as const),
    channel: event.channel,
    requestId: event.requestId ?? null,
    details: event.details ?? null,
  };
}
const entryKeys = Object.keys(entryFields({ actor: { kind: 'system' }, action: '', channel: '' })) as (keyof ReturnType<typeof entryFields>)[];

export type Audit = ReturnType<typeof createAudit>;

export function createAudit(deps: { database: Database; signingKeyPem: string }) {
  const { database } = deps;
  const privateKey: KeyObject = createPrivateKey(deps.signingKeyPem);
  const publicKey = createPublicKey(privateKey);
  const keyId = createHash('sha256').update(publicKey.export({ type: 'spki', format: 'der' })).digest('hex').slice(0, 16);

  async function head(db: Db): Promise<{ seq: number; hash: string }> {
    const [last] = await db
      .select({ seq: auditEntries.seq, hash: auditEntries.hash })
      .from(auditEntries)
      .where(isNotNull(auditEntries.seq))
      .orderBy(desc(auditEntries.seq))
      .limit(1);
    return last?.seq ? { seq: last.seq, hash: last.hash! } : { seq: 0, hash: GENESIS_HASH };
  }

  /**
   * Appends one entry inside the caller's transaction, so the entry commits exactly when the
   * change it records commits. It takes no lock: the chainer links it in right after.
   */
  async function append(tx: Db, event: AuditEvent): Promise<{ id: number }> {
    const [row] = await tx
      .insert(auditEntries)
      .values({ at: new Date(), ...entryFields(event) })
      .returning({ id: auditEntries.id });
    return { id: row!.id };
  }

  /** Several entries in one statement (a listing that shows many people records one entry each). */
  async function appendMany(tx: Db, events: AuditEvent[]): Promise<void> {
    if (events.length === 0) return;
    const at = new Date();
    await tx.insert(auditEntries).values(events.map((event) => ({ at, ...entryFields(event) })));
  }

  /**
   * append() for a change written as one SQL statement: the INSERT of the entry (for a CTE),
   * reading its fields from the jsonb parameter `param`, whose value is {@link entryParam}.
   */
  const appendSql = (param: string) => insertFromJson(auditEntries, entryKeys, param, { at: 'now()' });
  const entryRows = jsonRowsOf(auditEntries, entryKeys);
  const entryParam = (event: AuditEvent) => entryRows([entryFields(event)]);

  /** Records an event on its own (for reads and denials that change nothing else). */
  function record(event: AuditEvent): Promise<{ id: number }> {
    return database.transaction((tx) => append(tx, event));
  }

  /**
   * Links committed, unchained entries into the hash chain, in insertion order, under one lock
   * so there is only ever one head. Returns how many were linked.
   */
  async function chain(): Promise<number> {
    let linked = 0;
    for (;;) {
      const n = await database.transaction(async (tx) => {
        await tx.execute(sql`select pg_advisory_xact_lock(${CHAIN_LOCK})`);
        const pending = await tx.select().from(auditEntries).where(isNull(auditEntries.seq)).orderBy(asc(auditEntries.id)).limit(CHAIN_BATCH);
        if (pending.length === 0) return 0;
        let { seq, hash } = await head(tx);
        const links: { id: number; seq: number; prevHash: string; hash: string }[] = [];
        for (const row of pending) {
          const next = entryHash(hash, { ...row, seq: seq + 1 });
          links.push({ id: row.id, seq: seq + 1, prevHash: hash, hash: next });
          seq += 1;
          hash = next;
        }
        // One statement for the whole batch: four array parameters, unnested side by side.
        await tx.execute(sql`
          update ${auditEntries} as e set seq = l.seq, prev_hash = l.prev_hash, hash = l.hash
          from unnest(${sql.param(links.map((l) => l.id))}::bigint[], ${sql.param(links.map((l) => l.seq))}::bigint[],
                      ${sql.param(links.map((l) => l.prevHash))}::text[], ${sql.param(links.map((l) => l.hash))}::text[])
               as l(id, seq, prev_hash, hash)
          where e.id = l.id`);
        return links.length;
      });
      linked += n;
      if (n < CHAIN_BATCH) return linked;
    }
  }

  /** Seals every entry not yet covered by a checkpoint, in batches of at most MAX_BATCH. */
  async function seal(): Promise<number> {
    await chain();
    let sealed = 0;
    for (;;) {
      const made = await database.transaction(async (tx) => {
        await tx.execute(sql`select pg_advisory_xact_lock(${CHAIN_LOCK})`);
        const [lastCheckpoint] = await tx
          .select({ lastSeq: auditCheckpoints.lastSeq })
          .from(auditCheckpoints)
          .orderBy(desc(auditCheckpoints.lastSeq))
          .limit(1);
        const after = lastCheckpoint?.lastSeq ?? 0;
        const batch = (await tx
          .select({ seq: auditEntries.seq, hash: auditEntries.hash })
          .from(auditEntries)
          .where(gt(auditEntries.seq, after))
          .orderBy(asc(auditEntries.seq))
          .limit(MAX_BATCH)) as { seq: number; hash: string }[];
        if (batch.length === 0) return 0;
        const root = merkleRoot(batch.map((e) => Buffer.from(e.hash, 'hex'))).toString('hex');
        const checkpoint = {
          firstSeq: batch[0]!.seq,
          lastSeq: batch[batch.length - 1]!.seq,
          merkleRoot: root,
          lastEntryHash: batch[batch.length - 1]!.hash,
          signedAt: new Date(),
        };
        const signature = sign(null, checkpointMessage(checkpoint), privateKey).toString('base64');
        await tx.insert(auditCheckpoints).values({ ...checkpoint, keyId, signature });
        return batch.length;
      });
      sealed += made;
      if (made < MAX_BATCH) return sealed;
    }
  }

  /**
   * Walks the whole chain in order, recomputing every hash, and checks every checkpoint's
   * Merkle root and signature. Names the first entry whose content no longer matches.
   */
  async function verifyAll(): Promise<VerifyReport> {
    const checkpoints = await database.db.select().from(auditCheckpoints).orderBy(asc(auditCheckpoints.firstSeq));
    let cpIndex = 0;
    let leaves: Buffer[] = [];
    let prevHash = GENESIS_HASH;
    let expectedSeq = 1;
    let entries = 0;
    const fail = (report: Partial<VerifyReport>): VerifyReport => ({
      ok: false,
      entries,
      checkpoints: checkpoints.length,
      unsealedEntries: 0,
      ...report,
    });
    for (;;) {
      const page = await database.db
        .select()
        .from(auditEntries)
        .where(gte(auditEntries.seq, expectedSeq))
        .orderBy(asc(auditEntries.seq))
        .limit(5000);
      if (page.length === 0) break;
      for (const row of page as (typeof page[number] & { seq: number })[]) {
        if (row.seq !== expectedSeq) {
          return fail({ firstBadSeq: expectedSeq, problem: `entry ${expectedSeq} is missing` });
        }
        const recomputed = entryHash(prevHash, row);
        if (row.prevHash !== prevHash || row.hash !== recomputed) {
          return fail({ firstBadSeq: row.seq, problem: `entry ${row.seq} does not match its hash: its content or link was changed` });
        }
        entries++;
        prevHash = recomputed;
        expectedSeq++;
        const cp = checkpoints[cpIndex];
        if (cp && row.seq >= cp.firstSeq) {
          leaves.push(Buffer.from(recomputed, 'hex'));
          if (row.seq === cp.lastSeq) {
            const root = merkleRoot(leaves).toString('hex');
            const signatureOk =
              cp.keyId === keyId && verify(null, checkpointMessage(cp), publicKey, Buffer.from(cp.signature, 'base64'));
            if (root !== cp.merkleRoot || cp.lastEntryHash !== recomputed) {
              return fail({ badCheckpointId: cp.id, problem: `checkpoint ${cp.id} (entries ${cp.firstSeq}–${cp.lastSeq}) does not match its Merkle root` });
            }
            if (!signatureOk) {
              return fail({ badCheckpointId: cp.id, problem: `checkpoint ${cp.id} has an invalid signature or an unknown key` });
            }
            cpIndex++;
            leaves = [];
          }
        }
      }
    }
    if (cpIndex < checkpoints.length) {
      const cp = checkpoints[cpIndex]!;
      return fail({
        firstBadSeq: expectedSeq,
        badCheckpointId: cp.id,
        problem: `checkpoint ${cp.id} seals entries up to ${cp.lastSeq}, but the log ends at ${expectedSeq - 1}: entries were removed`,
      });
    }
    const lastSealed = checkpoints.at(-1)?.lastSeq ?? 0;
    const [waiting] = await database.db.select({ n: count() }).from(auditEntries).where(isNull(auditEntries.seq));
    return { ok: true, entries, checkpoints: checkpoints.length, unsealedEntries: entries - lastSealed, unchainedEntries: waiting?.n ?? 0 };
  }

  async function search(q: AuditSearch) {
    const where: SQL[] = [];
    if (q.subject) where.push(eq(auditEntries.subjectId, q.subject));
    if (q.actor) where.push(sql`(${auditEntries.actorId} = ${q.actor} OR ${auditEntries.actorName} = ${q.actor})`);
    if (q.action) where.push(eq(auditEntries.action, q.action));
    if (q.from) where.push(gte(auditEntries.at, q.from));
    if (q.to) where.push(lte(auditEntries.at, q.to));
    const filter = where.length > 0 ? and(...where) : undefined;
    const [items, [total]] = await Promise.all([
      database.db
        .select()
        .from(auditEntries)
        .where(filter)
        .orderBy(desc(auditEntries.id))
        .limit(q.pageSize)
        .offset((q.page - 1) * q.pageSize),
      database.db.select({ n: count() }).from(auditEntries).where(filter),
    ]);
    return { items, total: total?.n ?? 0 };
  }

  /**
   * Everything done with one person's data by anyone but the person themselves, newest first:
   * what their data tracker shows. A person can be the subject under several ids (their
   * citizen account, their registry record).
   */
  function accessFilter(subjectIds: readonly string[], self: string | undefined) {
    return and(
      inArray(auditEntries.subjectId, [...subjectIds]),
      self ? sql`not (${auditEntries.actorKind} = 'citizen' and ${auditEntries.actorId} is not distinct from ${self})` : undefined,
    );
  }

  async function accessesTo(subjectIds: readonly string[], q: { self?: string | undefined; page: number; pageSize: number }) {
    const where = accessFilter(subjectIds, q.self);
    const [items, [total]] = await Promise.all([
      database.db.select().from(auditEntries).where(where).orderBy(desc(auditEntries.id)).limit(q.pageSize).offset((q.page - 1) * q.pageSize),
      database.db.select({ n: count() }).from(auditEntries).where(where),
    ]);
    return { items, total: total?.n ?? 0 };
  }

  /** The same accesses counted per China Standard Time month and channel, since a given instant. */
  async function accessCounts(subjectIds: readonly string[], q: { self?: string | undefined; since: Date }) {
    const month = sql<string>`to_char(${auditEntries.at} at time zone 'Asia/Shanghai', 'YYYY-MM')`;
    return database.db
      .select({ month, channel: auditEntries.channel, count: sql<number>`count(*)::int` })
      .from(auditEntries)
      .where(and(accessFilter(subjectIds, q.self), gte(auditEntries.at, q.since)))
      .groupBy(month, auditEntries.channel)
      .orderBy(month, auditEntries.channel);
  }

  return { append, appendMany, appendSql, entryParam, record, chain, seal, verifyAll, search, accessesTo, accessCounts, keyId };
}
