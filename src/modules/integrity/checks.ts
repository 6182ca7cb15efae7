import { sql, type SQL } from 'drizzle-orm';
import type { Db } from '@core/db/client.ts';
import { cardUses, certifications, flags } from './integrity.tables.ts';

/** A living-status certification holds for a year (人社部 待遇资格认证: once every 12 months). */
export const CERTIFICATION_VALID_DAYS = 365;
/** Older than this with no death recorded is improbable enough to look at (data-quality sweep). */
export const IMPROBABLE_AGE = 110;

export interface RunUnderCheck {
  id: string;
  period: string;
  region: string;
}

/** The last day of a period (YYYY-MM) as SQL. */
const periodEnd = (period: string) => sql`(date_trunc('month', ${`${period}-01`}::date) + interval '1 month - 1 day')::date`;

/**
 * The checks before money leaves (the idea of the US Treasury's Do Not Pay), each one
 * set-based statement over whom the run is about to pay, `funds.run_payees(region, month)`, and
 * into which account, `funds.run_payments`, and what the registry publishes in `registry.payee_facts`,
 * `registry.incarcerations` and `registry.signs_of_life` (with this module's own record of card
 * use). Matching goes by person, that is by ID number — never by name alone. A finding is
 * recorded once (person, kind, what matched); while open it holds the person's payments.
 */
export function runChecks(run: RunUnderCheck): { kind: string; statement: SQL }[] {
  const source = `run:${run.period}`;
  const end = periodEnd(run.period);
  const payees = sql`funds.run_payees(${run.region}, ${run.period})`;
  const payments = sql`funds.run_payments(${run.region}, ${run.period})`;
  const insert = sql`insert into ${flags} (person_id, kind, region, source, match_key, evidence, held_fen)`;
  const onConflict = sql`on conflict (person_id, kind, match_key) do nothing`;
  return [
    {
      kind: 'deceased',
      statement: sql`${insert}
        select p.person_id, 'deceased', min(p.region), ${source}, f.died_on::text,
          jsonb_build_object('diedOn', f.died_on, 'reportedBy', coalesce(f.death_source, 'counter'), 'matchedBy', 'id_number'), sum(p.amount_fen)
        from ${payees} p join registry.payee_facts f on f.person_id = p.person_id
        where f.died_on is not null
        group by p.person_id, f.died_on, f.death_source
        ${onConflict}`,
    },
    {
      kind: 'incarcerated',
      statement: sql`${insert}
        select p.person_id, 'incarcerated', min(p.region), ${source}, i.admitted_on::text,
          jsonb_build_object('admittedOn', i.admitted_on, 'facilityRegion', i.facility_region, 'reportedBy', i.reported_by, 'matchedBy', 'id_number'), sum(p.amount_fen)
        from ${payees} p join registry.incarcerations i on i.person_id = p.person_id
        where i.admitted_on <= ${end}
        group by p.person_id, i.admitted_on, i.facility_region, i.reported_by
        ${onConflict}`,
    },
    {
      kind: 'duplicate_payee',
      statement: sql`${insert}
        select p.person_id, 'duplicate_payee', min(p.region), ${source}, string_agg(p.pension_id::text, ',' order by p.pension_id),
          jsonb_build_object('pensions', jsonb_agg(jsonb_build_object('pensionId', p.pension_id, 'amountFen', p.amount_fen)), 'matchedBy', 'id_number'), sum(p.amount_fen)
        from ${payees} p
        where p.kind = 'monthly' and p.person_id in (select d.person_id from ${payees} d where d.kind = 'monthly' group by d.person_id having count(*) > 1)
        group by p.person_id
        ${onConflict}`,
    },
    {
      // A twin identity: two registered persons whose ID numbers encode the same birth date
      // and sex, with the same name and household county, both drawing a pension.
      kind: 'duplicate_identity',
      // Name, birth date, sex and county are grouped over the registry's persons alone (one scan,
      // no join); only the few persons whose key occurs more than once are then matched to the
      // run's payees and paired.
      statement: sql`with alike as materialized (
          select p.person_id, p.region, p.amount_fen, f.name, f.birth_date, f.sex, left(f.household_region, 6) as county
          from registry.payee_facts f join ${payees} p on p.person_id = f.person_id and p.kind = 'monthly'
          where (f.name, f.birth_date, f.sex, left(f.household_region, 6)) in (
            select name, birth_date, sex, left(household_region, 6) from registry.payee_facts group by 1, 2, 3, 4 having count(*) > 1)
        )
        ${insert}
        select a.person_id, 'duplicate_identity', a.region, ${source}, b.person_id::text,
          jsonb_build_object('otherPersonId', b.person_id, 'birthDate', a.birth_date, 'county', a.county, 'matchedBy', 'id_number_birth_date_sex_name'), a.amount_fen
        from alike a
        join alike b on b.name = a.name and b.birth_date = a.birth_date and b.sex = a.sex and b.county = a.county and b.person_id <> a.person_id
        ${onConflict}`,
    },
    {
      kind: 'shared_account',
      // Numbers on more than one account are found in the registry's accounts alone (its index
      // on the number, in order); only payments to those are gathered, and the numbers they
      // pay for two persons or more are shared.
      statement: sql`with paid as materialized (
          select person_id, region, kind, amount_fen, bank_account_id, account_number_hash from ${payments} p
          where account_number_hash in (select account_number_hash from registry.benefit_accounts group by account_number_hash having count(*) > 1)
        ), shared as (
          select account_number_hash, count(distinct person_id) as payees, jsonb_agg(distinct person_id) as persons
          from paid group by account_number_hash having count(distinct person_id) > 1
        )
        ${insert}
        select p.person_id, 'shared_account', p.region, ${source}, s.account_number_hash,
          jsonb_build_object('accountId', p.bank_account_id, 'payees', s.payees, 'coPayees', s.persons, 'matchedBy', 'account_number'), p.amount_fen
        from paid p join shared s on s.account_number_hash = p.account_number_hash
        where p.kind = 'monthly'
        ${onConflict}`,
    },
    {
      // 静默认证 first: evidence of life within the year certifies without the pensioner doing anything.
      kind: 'passive_certification',
      statement: sql`insert into ${certifications} (person_id, certified_on, method, evidence, by_kind)
        select distinct on (s.person_id) s.person_id, s.seen_on, s.method, jsonb_build_object('record', s.detail), 'system'
        from ${payees} p join (
          select person_id, method, seen_on, detail from registry.signs_of_life
          union all
          select person_id, 'passive_card_use', (used_at at time zone 'Asia/Shanghai')::date, 'card ' || kind || ' ' || reference from ${cardUses}
        ) s on s.person_id = p.person_id
        where s.seen_on between ${end} - ${CERTIFICATION_VALID_DAYS}::int and ${end}
          and not exists (select 1 from ${certifications} c where c.person_id = p.person_id and c.certified_on > ${end} - ${CERTIFICATION_VALID_DAYS}::int)
        order by s.person_id, s.seen_on desc`,
    },
    {
      kind: 'certification_overdue',
      statement: sql`${insert}
        select o.person_id, 'certification_overdue', o.region, ${source}, coalesce('since ' || o.last_on::text, 'never'),
          jsonb_build_object('lastCertifiedOn', o.last_on, 'validDays', ${CERTIFICATION_VALID_DAYS}::int, 'asOf', ${end}), o.held_fen
        from (
          select p.person_id, min(p.region) as region, sum(p.amount_fen) as held_fen,
            (select max(c.certified_on) from ${certifications} c where c.person_id = p.person_id) as last_on
          from ${payees} p
          where not exists (select 1 from ${certifications} c where c.person_id = p.person_id and c.certified_on > ${end} - ${CERTIFICATION_VALID_DAYS}::int)
          group by p.person_id
        ) o
        ${onConflict}`,
    },
    {
      kind: 'improbable_age',
      statement: sql`${insert}
        select p.person_id, 'improbable_age', min(p.region), ${source}, f.birth_date::text,
          jsonb_build_object('birthDate', f.birth_date, 'ageAtPeriodEnd', extract(year from age(${end}, f.birth_date))::int), sum(p.amount_fen)
        from ${payees} p join registry.payee_facts f on f.person_id = p.person_id
        where f.died_on is null and f.birth_date <= (${end} - make_interval(years => ${IMPROBABLE_AGE}))::date
        group by p.person_id, f.birth_date
        ${onConflict}`,
    },
    {
      kind: 'account_unverified',
      statement: sql`${insert}
        select p.person_id, 'account_unverified', min(p.region), ${source}, coalesce(p.bank_account_id::text, 'none'),
          jsonb_build_object('accountId', p.bank_account_id, 'reason', case when p.bank_account_id is null then 'no_account' else 'not_verified_by_bank' end), sum(p.amount_fen)
        from ${payments} p
        where p.bank_account_id is null or p.account_verified_at is null
        group by p.person_id, p.bank_account_id
        ${onConflict}`,
    },
  ];
}

/** Runs every check of a payroll run inside its transaction. */
export async function screenRun(tx: Db, run: RunUnderCheck): Promise<void> {
  for (const check of runChecks(run)) await tx.execute(check.statement);
}

/**
 * Flags pensioners at once when the exchange brings a death or an imprisonment, without
 * waiting for the next run: inside the batch's transaction, so the record and the hold land
 * together or not at all.
 */
export async function flagFromRecords(tx: Db, kind: 'deceased' | 'incarcerated', items: { personId: string; on: string }[], source: string): Promise<string[]> {
  if (items.length === 0) return [];
  const evidenceKey = kind === 'deceased' ? 'diedOn' : 'admittedOn';
  const rows = (await tx.execute(sql`
    insert into ${flags} (person_id, kind, region, source, match_key, evidence, held_fen)
    select p.person_id, ${kind}, min(p.region), ${source}, r.on_day, jsonb_build_object(${evidenceKey}::text, r.on_day, 'reportedBy', ${source}::text, 'matchedBy', 'id_number'), sum(p.monthly_fen)
    from unnest(${sql.param(items.map((i) => i.personId))}::uuid[], ${sql.param(items.map((i) => i.on))}::text[]) as r(person_id, on_day)
    join funds.pensioners p on p.person_id = r.person_id and p.status = 'active'
    group by p.person_id, r.on_day
    on conflict (person_id, kind, match_key) do nothing
    returning person_id`)) as unknown as { rows: { person_id: string }[] };
  return rows.rows.map((r) => r.person_id);
}
