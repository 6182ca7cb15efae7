-- The checks now run before the instructions are written, in the same transaction, so a flagged
-- payee's payment is written held (no second pass over a million rows to hold them). What the
-- checks read of a run is therefore who the run is about to pay, and the run writes exactly
-- that: one definition for both, owned by funds.
DROP VIEW funds.run_payees;
--> statement-breakpoint
-- A run of a region (code prefix) and month pays every active pension of the region that has
-- started by then, monthly, and its arrears when some are owed. SQL functions the planner
-- inlines: the region and month reach them as constants, so their estimates come from the
-- tables' statistics.
CREATE FUNCTION funds.run_payees(run_region text, run_period text)
RETURNS TABLE (pension_id uuid, person_id uuid, region text, kind text, amount_fen bigint)
LANGUAGE sql STABLE AS $$
  SELECT p.id, p.person_id, p.region, k.kind, CASE k.kind WHEN 'monthly' THEN p.monthly_fen ELSE p.arrears_fen END
  FROM funds.pensions p
  CROSS JOIN (VALUES ('monthly'), ('arrears')) AS k(kind)
  WHERE p.status = 'active' AND p.region LIKE run_region || '%' AND p.start_period <= run_period
    AND (k.kind = 'monthly' OR p.arrears_fen > 0)
$$;
--> statement-breakpoint
-- Each of those payments with the payee's active account it goes to: its bank, its number's hash
-- (to find accounts shared by payees) and when the bank verified it. Kept apart from the payees
-- because the planner cannot drop an unused join on a partial unique index.
CREATE FUNCTION funds.run_payments(run_region text, run_period text)
RETURNS TABLE (pension_id uuid, person_id uuid, region text, kind text, amount_fen bigint,
  bank_account_id uuid, bank_name text, account_number_hash text, account_verified_at timestamptz)
LANGUAGE sql STABLE AS $$
  SELECT p.pension_id, p.person_id, p.region, p.kind, p.amount_fen, a.account_id, a.bank_name, a.account_number_hash, a.verified_at
  FROM funds.run_payees(run_region, run_period) p
  LEFT JOIN registry.benefit_accounts a ON a.person_id = p.person_id AND a.status = 'active'
$$;
--> statement-breakpoint
-- A run is now checked and written in one step: one caught between the two former steps starts
-- over from the beginning (its instructions are kept by their unique key; flagged ones are held again).
UPDATE funds.payroll_runs SET status = 'preparing' WHERE status = 'screening';
