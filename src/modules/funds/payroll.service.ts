import { randomUUID } from 'node:crypto';
import { and, asc, count, desc, eq, inArray, like, sql } from 'drizzle-orm';
import { stringify } from 'csv-stringify/sync';
import type { Platform } from '@core/platform.ts';
import type { Db } from '@core/db/client.ts';
import { auditActorOf, NO_SUCH_TARGET, type RequestContext, type StaffActor } from '@core/access/guard.ts';
import { sha256Hex } from '@core/crypto/field-crypto.ts';
import type { RegistryReader } from '@modules/registry';
import { bankFiles, paymentInstructions, payrollRuns, pensions, recoveredInstructions, recoveryOrders, type FundKind } from './funds.tables.ts';
import type { Ledger } from './ledger.service.ts';
import { currentPeriod } from './pensions.service.ts';
import { fundsError } from './funds.errors.ts';

/** The run being checked, as the integrity checks see it. */
export interface RunToScreen {
  id: string;
  period: string;
  region: string;
}

/** The checks before money leaves; they flag payees in `integrity.holds`, which the run then holds. */
export type Screen = (tx: Db, run: RunToScreen) => Promise<void>;

/** A worker's claim on a run lapses when its heartbeat is older than this: another server may resume it. */
export const RUN_LEASE_MS = 2 * 60 * 1000;

export type RunRow = typeof payrollRuns.$inferSelect;
export type PayrollService = ReturnType<typeof createPayrollService>;

const yuan = (fen: number) => `${Math.trunc(fen / 100)}.${String(Math.abs(fen) % 100).padStart(2, '0')}`;

/**
 * The monthly pension payroll (待遇发放). A run is unique per region and period in the
 * database, so a second start — concurrent or later — is refused. Its status says where it
 * stands: preparing (the integrity checks, then one instruction per payment by unique key,
 * flagged payees' held, not dropped: one transaction), ready, and paid (a file per bank, each
 * written with the instructions it pays in one transaction). A server that dies midway leaves
 * a run another can resume; nobody is paid twice.
 */
export function createPayrollService(platform: Platform, deps: { registry: RegistryReader; ledger: Ledger; screen: Screen }) {
  const { database, guard, audit, crypto, regions } = platform;
  const { registry, ledger } = deps;
  const workerId = randomUUID();
  /** Test seams: called before the run's step commits and after a bank file commits, so a test can make the worker die there. */
  const hooks: { beforeCommit?: () => void | Promise<void>; afterFile?: (bankName: string) => void | Promise<void> } = {};

  function runEvent(actor: StaffActor | null, ctx: RequestContext | null, run: { id: string }, action: string, details: Record<string, unknown>) {
    return {
      actor: actor ? auditActorOf(actor) : { kind: 'system' as const, id: 'payroll', name: 'payroll', role: 'system', region: null },
      action,
      targetKind: 'payroll_run',
      targetId: run.id,
      channel: ctx?.channel ?? 'system',
      requestId: ctx?.requestId ?? null,
      details,
    };
  }

  async function runInScope(ctx: RequestContext, action: 'payroll:read' | 'payroll:run', id: string) {
    const [row] = await database.db.select().from(payrollRuns).where(eq(payrollRuns.id, id));
    const actor = await guard.require(ctx, action, { kind: 'payroll_run', id, regionCode: row?.region ?? NO_SUCH_TARGET });
    if (!row) throw fundsError('run_not_found');
    return { row, actor };
  }

  /** Takes (or renews) this server's lease on a run; false when another live worker holds it. */
  async function claim(runId: string, staleAfterMs = RUN_LEASE_MS): Promise<RunRow | undefined> {
    const [row] = await database.db
      .update(payrollRuns)
      .set({ worker: workerId, heartbeatAt: new Date() })
      .where(
        and(
          eq(payrollRuns.id, runId),
          eq(payrollRuns.status, 'preparing'),
          sql`(${payrollRuns.worker} is null or ${payrollRuns.worker} = ${workerId} or ${payrollRuns.heartbeatAt} < now() - make_interval(secs => ${staleAfterMs / 1000}))`,
        ),
      )
      .returning();
    return row;
  }

  async function finish(tx: Db, runId: string, summary: Record<string, number>) {
    await tx.update(payrollRuns).set({ status: 'ready', heartbeatAt: new Date(), summary, finishedAt: new Date(), worker: null }).where(eq(payrollRuns.id, runId));
  }

  /**
   * The run's one step, in one transaction: the checks over whom the run is about to pay, then
   * one instruction per payment (by unique key), written held when its payee is flagged, the
   * recovery of payments sent after a death, and the summary.
   */
  async function checkAndPrepare(tx: Db, run: RunRow) {
    // A worker that took over a lapsed lease while this one still works waits here, then finds the run ready.
    const [locked] = await tx.select({ status: payrollRuns.status }).from(payrollRuns).where(eq(payrollRuns.id, run.id)).for('update');
    if (locked?.status !== 'preparing') return;
    await deps.screen(tx, { id: run.id, period: run.period, region: run.region });
    // A run caught between the two steps of an earlier version has its instructions already:
    // the unique key keeps them, and a flagged payee's are held now.
    await tx.execute(sql`
      insert into ${paymentInstructions} (run_id, pension_id, period, person_id, region, kind, amount_fen, bank_account_id, bank_name, status)
      select ${run.id}, d.pension_id, ${run.period}, d.person_id, d.region, d.kind, d.amount_fen, d.bank_account_id, d.bank_name,
        case when h.person_id is null then 'ready' else 'held' end
      from funds.run_payments(${run.region}, ${run.period}) d
      left join integrity.holds h on h.person_id = d.person_id
      order by d.pension_id, d.kind
      on conflict (pension_id, period, kind) do update set status = 'held'
        where payment_instructions.run_id = excluded.run_id and payment_instructions.status = 'ready' and excluded.status = 'held'`);
    // Arrears now travel with their instruction: the pension owes nothing more (same transaction).
    await tx.execute(sql`
      update ${pensions} p set arrears_fen = 0, updated_at = now()
      where p.arrears_fen > 0 and exists (
        select 1 from ${paymentInstructions} i where i.pension_id = p.id and i.period = ${run.period} and i.kind = 'arrears' and i.run_id = ${run.id})`);
    await recoverAfterDeath(tx);
    await finish(tx, run.id, await summarize(tx, run.id));
    await hooks.beforeCommit?.();
  }

  /**
   * Pensions paid for months after the payee's death become recovery orders (追回), one per
   * person for the instructions not yet covered: a death reported late costs nothing twice.
   */
  async function recoverAfterDeath(tx: Db, personIds?: readonly string[]) {
    const rows = (await tx.execute(sql`
      select i.person_id, i.region, f.died_on::text as died_on, f.death_source, array_agg(i.id order by i.id) as ids, sum(i.amount_fen)::bigint as total,
        array_agg(i.period order by i.id) as periods
      from registry.payee_facts f
      join ${pensions} p on p.person_id = f.person_id
      -- From the dead to their pensions' months after the death (index on pension and month),
      -- not through every payment ever sent.
      join ${paymentInstructions} i on i.pension_id = p.id and i.period > to_char(f.died_on, 'YYYY-MM')
      where f.died_on is not null and i.status = 'sent'
        and not exists (select 1 from ${recoveredInstructions} x where x.instruction_id = i.id)
        ${personIds ? sql`and f.person_id = any(${sql.param([...personIds])}::uuid[])` : sql``}
      group by i.person_id, i.region, f.died_on, f.death_source`)) as unknown as {
      rows: { person_id: string; region: string; died_on: string; death_source: string | null; ids: (string | number)[]; total: string; periods: string[] }[];
    };
    for (const r of rows.rows) {
      const ids = r.ids.map(Number);
      const [order] = await tx
        .insert(recoveryOrders)
        .values({
          personId: r.person_id,
          region: r.region,
          reason: 'paid_after_death',
          instructionIds: ids,
          amountFen: Number(r.total),
          evidence: { diedOn: r.died_on, deathSource: r.death_source, periods: r.periods, matchedBy: 'id_number' },
        })
        .returning({ id: recoveryOrders.id });
      await tx.insert(recoveredInstructions).values(ids.map((instructionId) => ({ instructionId, orderId: order!.id })));
      await audit.append(tx, { ...runEvent(null, null, { id: order!.id }, 'recovery.opened', { amountFen: Number(r.total), periods: r.periods }), targetKind: 'recovery_order', subjectId: r.person_id });
    }
    return rows.rows.length;
  }

  async function summarize(db: Db, runId: string): Promise<Record<string, number>> {
    const rows = (await db.execute(sql`
      select status, count(*)::int as n, coalesce(sum(amount_fen), 0)::bigint as fen
      from ${paymentInstructions} where run_id = ${runId} group by status`)) as unknown as { rows: { status: string; n: number; fen: string }[] };
    const summary: Record<string, number> = { payees: 0, totalFen: 0 };
    for (const r of rows.rows) {
      summary[`${r.status}Count`] = r.n;
      summary[`${r.status}Fen`] = Number(r.fen);
      summary.payees! += r.n;
      summary.totalFen! += Number(r.fen);
    }
    return summary;
  }

  /** Works a run up to `ready`: a run that is not ready has nothing committed but its claim, so it starts over. */
  async function work(runId: string, staleAfterMs = RUN_LEASE_MS): Promise<RunRow | undefined> {
    const run = await claim(runId, staleAfterMs);
    if (!run) return undefined;
    await database.transaction((tx) => checkAndPrepare(tx, run));
    const [done] = await database.db.select().from(payrollRuns).where(eq(payrollRuns.id, runId));
    return done;
  }

  /**
   * Starts the run for `period` in the caller's region. The unique key refuses a second start;
   * the work continues in the background and the run's status shows where it is.
   */
  async function start(ctx: RequestContext, input: { period: string }, options: { wait?: boolean } = {}) {
    const region = guard.scope(ctx);
    const actor = await guard.require(ctx, 'payroll:run', { kind: 'region', regionCode: region });
    if (input.period > currentPeriod()) throw fundsError('run_future_period');
    // A run of the city and one of its county for the same month would cover the same people.
    const [overlap] = await database.db
      .select({ region: payrollRuns.region })
      .from(payrollRuns)
      .where(and(eq(payrollRuns.period, input.period), sql`(${payrollRuns.region} like ${region + '%'} or ${region} like ${payrollRuns.region} || '%')`))
      .limit(1);
    if (overlap) throw fundsError('run_exists', { detail: `${regions.fullName(overlap.region)} ${input.period}` });
    const [run] = await database.db.insert(payrollRuns).values({ region, period: input.period, startedBy: actor.id, worker: workerId }).onConflictDoNothing().returning();
    if (!run) throw fundsError('run_exists', { detail: `${regions.fullName(region)} ${input.period}` });
    await audit.record(runEvent(actor, ctx, run, 'payroll.started', { period: run.period, region }));
    const working = work(run.id);
    if (options.wait) await working;
    else working.catch((error: unknown) => console.error(`payroll run ${run.id} stopped; it can be resumed`, error));
    return runDto((await database.db.select().from(payrollRuns).where(eq(payrollRuns.id, run.id)))[0]!);
  }

  /** Resumes a run whose worker died (its lease lapsed); a run with a live worker is busy. */
  async function resume(ctx: RequestContext, id: string, options: { staleAfterMs?: number } = {}) {
    const { row, actor } = await runInScope(ctx, 'payroll:run', id);
    if (row.status === 'ready' || row.status === 'paid') return runDto(row);
    const done = await work(id, options.staleAfterMs);
    if (!done) throw fundsError('run_busy');
    await audit.record(runEvent(actor, ctx, row, 'payroll.resumed', { from: row.status }));
    return runDto(done);
  }

  /** Runs whose worker died, for the module's start: each is resumed once its lease lapses. */
  async function resumeAbandoned() {
    const rows = await database.db
      .select({ id: payrollRuns.id })
      .from(payrollRuns)
      .where(and(eq(payrollRuns.status, 'preparing'), sql`${payrollRuns.heartbeatAt} < now() - make_interval(secs => ${RUN_LEASE_MS / 1000})`));
    for (const r of rows) await work(r.id);
    return rows.length;
  }

  /**
   * Sends what is payable — ready instructions and released ones — as one file per bank.
   * Each file and the instructions it pays commit together, with the ledger posting; calling
   * again after a crash sends only what no file holds yet.
   */
  async function send(ctx: RequestContext, id: string) {
    const { row, actor } = await runInScope(ctx, 'payroll:run', id);
    if (row.status !== 'ready' && row.status !== 'paid') throw fundsError('run_not_ready');
    const banks = (await database.db
      .selectDistinct({ bankName: paymentInstructions.bankName })
      .from(paymentInstructions)
      .where(and(eq(paymentInstructions.runId, id), inArray(paymentInstructions.status, ['ready', 'released'])))
      .orderBy(asc(paymentInstructions.bankName))).map((b) => b.bankName);
    const files: { bankName: string; sequence: number; count: number; totalFen: number }[] = [];
    for (const bankName of banks) {
      if (!bankName) continue;
      const file = await database.transaction(async (tx) => {
        // Lock this run's payable rows of the bank: a concurrent send waits and then finds none.
        const items = await tx
          .select()
          .from(paymentInstructions)
          .where(and(eq(paymentInstructions.runId, id), eq(paymentInstructions.bankName, bankName), inArray(paymentInstructions.status, ['ready', 'released'])))
          .orderBy(asc(paymentInstructions.id))
          .for('update');
        if (items.length === 0) return null;
        const numbers = await registry.accountNumbers(tx, items.map((i) => i.bankAccountId!));
        const people = await registry.persons(tx, items.map((i) => i.personId));
        const sequences = (await tx.execute(sql`select coalesce(max(sequence), 0) + 1 as next from ${bankFiles} where run_id = ${id} and bank_name = ${bankName}`)) as unknown as { rows: { next: number }[] };
        const next = Number(sequences.rows[0]!.next);
        const content = stringify(
          items.map((i, n) => [n + 1, people.get(i.personId)?.name ?? '', numbers.get(i.bankAccountId!) ?? '', yuan(i.amountFen), row.period, i.kind === 'monthly' ? '基本养老金' : '补发养老金']),
          { header: true, columns: ['序号', '姓名', '银行账号', '金额（元）', '所属期', '摘要'] },
        );
        const totalFen = items.reduce((sum, i) => sum + i.amountFen, 0);
        const [saved] = await tx
          .insert(bankFiles)
          .values({ runId: id, bankName, sequence: Number(next), count: items.length, totalFen, sha256: sha256Hex(content), content: crypto.encrypt(content) })
          .returning({ id: bankFiles.id, sequence: bankFiles.sequence });
        await tx.update(paymentInstructions).set({ status: 'sent', bankFileId: saved!.id }).where(inArray(paymentInstructions.id, items.map((i) => i.id)));
        // 社会保险基金会计制度: benefits paid are an expenditure of the fund, out of its deposit.
        const fund: FundKind = 'employee_pension';
        await ledger.post(tx, {
          fund,
          region: row.region,
          period: await ledgerPeriod(tx, row.period),
          kind: 'benefit',
          memo: `${row.period} 基本养老金 ${bankName} 第 ${saved!.sequence} 批`,
          sourceRef: saved!.id,
          lines: [
            { account: 'benefit_expense', debitFen: totalFen },
            { account: 'bank_deposit', creditFen: totalFen },
          ],
        });
        await audit.append(tx, runEvent(actor, ctx, row, 'payroll.bank_file_sent', { bankName, sequence: saved!.sequence, count: items.length, totalFen }));
        return { bankName, sequence: saved!.sequence, count: items.length, totalFen };
      });
      if (file) {
        files.push(file);
        await hooks.afterFile?.(bankName);
      }
    }
    await database.db.update(payrollRuns).set({ status: 'paid', summary: await summarize(database.db, id) }).where(eq(payrollRuns.id, id));
    return { run: runDto((await database.db.select().from(payrollRuns).where(eq(payrollRuns.id, id)))[0]!), files };
  }

  /**
   * The month a payment is booked in: the run's month, or — when that month has been sealed and
   * published since (a held payment released later) — the current month, when the money leaves.
   */
  async function ledgerPeriod(tx: Db, runPeriod: string): Promise<string> {
    const sealed = (await tx.execute(sql`select 1 from funds.disclosures where period >= ${runPeriod} limit 1`)) as unknown as { rows: unknown[] };
    return sealed.rows.length > 0 ? currentPeriod() : runPeriod;
  }

  /**
   * After a reviewer decided, the person's held instructions follow: released when no open
   * flag remains, stopped when a flag was confirmed. Runs inside the review's transaction.
   */
  async function settle(tx: Db, personId: string, decision: 'released' | 'stopped') {
    const theirs = sql`pension_id in (select id from ${pensions} where person_id = ${personId})`;
    if (decision === 'stopped') {
      await tx.execute(sql`update ${paymentInstructions} set status = 'stopped' where ${theirs} and status = 'held'`);
      return;
    }
    await tx.execute(sql`
      update ${paymentInstructions} set status = 'released'
      where ${theirs} and status = 'held' and bank_account_id is not null
        and not exists (select 1 from integrity.holds h where h.person_id = ${personId})`);
  }

  function runDto(r: RunRow) {
    return {
      id: r.id,
      region: r.region,
      regionName: regions.fullName(r.region),
      period: r.period,
      status: r.status,
      startedBy: r.startedBy,
      startedAt: r.startedAt.toISOString(),
      finishedAt: r.finishedAt?.toISOString() ?? null,
      summary: r.summary ?? null,
    };
  }

  async function get(ctx: RequestContext, id: string) {
    const { row } = await runInScope(ctx, 'payroll:read', id);
    const files = await database.db
      .select({ id: bankFiles.id, bankName: bankFiles.bankName, sequence: bankFiles.sequence, count: bankFiles.count, totalFen: bankFiles.totalFen, sha256: bankFiles.sha256, createdAt: bankFiles.createdAt })
      .from(bankFiles)
      .where(eq(bankFiles.runId, id))
      .orderBy(asc(bankFiles.bankName), asc(bankFiles.sequence));
    const summary = row.status === 'preparing' ? await summarize(database.db, id) : row.summary;
    return { ...runDto(row), summary: summary ?? null, files: files.map((f) => ({ ...f, createdAt: f.createdAt.toISOString() })) };
  }

  async function list(ctx: RequestContext, q: { page: number; pageSize: number }) {
    await guard.require(ctx, 'payroll:read');
    const filter = like(payrollRuns.region, `${guard.scope(ctx)}%`);
    const rows = await database.db.select().from(payrollRuns).where(filter).orderBy(desc(payrollRuns.period), asc(payrollRuns.region)).limit(q.pageSize).offset((q.page - 1) * q.pageSize);
    const total = (await database.db.select({ n: count() }).from(payrollRuns).where(filter))[0]?.n ?? 0;
    return { items: rows.map(runDto), total, page: q.page, pageSize: q.pageSize };
  }

  /** The bytes of a bank file, for the bank; full account numbers, so the download is audited. */
  async function bankFile(ctx: RequestContext, runId: string, fileId: string) {
    const { row, actor } = await runInScope(ctx, 'payroll:run', runId);
    const [file] = await database.db.select().from(bankFiles).where(and(eq(bankFiles.id, fileId), eq(bankFiles.runId, runId)));
    if (!file) throw fundsError('run_not_found', { detail: 'no such bank file in this run' });
    await audit.record(runEvent(actor, ctx, row, 'payroll.bank_file_downloaded', { fileId, bankName: file.bankName, sequence: file.sequence, count: file.count }));
    return { name: `${row.period}-${file.bankName}-${file.sequence}.csv`, content: crypto.decrypt(file.content), sha256: file.sha256 };
  }

  /** Money recovered on orders of a region opened in a month (for the adjudication report). */
  async function recoveredFen(region: string, month: string): Promise<number> {
    const rows = (await database.db.execute(sql`
      select coalesce(sum(recovered_fen), 0)::bigint as fen from ${recoveryOrders}
      where region like ${region + '%'} and to_char(created_at at time zone 'Asia/Shanghai', 'YYYY-MM') = ${month}`)) as unknown as { rows: { fen: string }[] };
    return Number(rows.rows[0]?.fen ?? 0);
  }

  /** Holds the not-yet-sent payments of these persons at once (a death or imprisonment just arrived). */
  async function holdPersons(tx: Db, personIds: readonly string[]) {
    if (personIds.length === 0) return;
    await tx.execute(sql`
      update ${paymentInstructions} set status = 'held'
      where status in ('ready', 'released') and pension_id in (select id from ${pensions} where person_id = any(${sql.param([...personIds])}::uuid[]))`);
  }

  return { start, resume, recoveredFen, holdPersons, resumeAbandoned, send, settle, get, list, bankFile, recoverAfterDeath, summarize, hooks, workerId };
}
