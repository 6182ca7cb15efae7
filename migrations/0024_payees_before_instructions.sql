-- The checks now run before the instructions are written, in the same transaction, so a flagged
-- payee's payment is written held (no second pass over a million rows to hold them). What the
-- checks read of a run is therefore who the run is about to pay, and the run writes exactly
-- that: one definition for both, owned by funds.
DROP VIEW funds.run_payees;
--> statement-breakpoint
-- A run of a region (code prefix) and month pays every active pension of the region that has
-- started by then, monthly, and its arrears when some are owed, to the payee's active account.
-- A SQL function the planner inlines: the region and month reach it as constants, so its
-- estimates come from the tables' statistics.
CREATE FUNCTION funds.run_payees(run_region text, run_period text)
RETURNS TABLE (pension_id uuid, person_id uuid, region text, kind text, amount_fen bigint, bank_account_id uuid, bank_name text)
LANGUAGE sql STABLE AS $$
  SELECT p.id, p.person_id, p.region, k.kind,
    CASE k.kind WHEN 'monthly' THEN p.monthly_fen ELSE p.arrears_fen END,
    a.account_id, a.bank_name
  FROM funds.pensions p
  CROSS JOIN (VALUES ('monthly'), ('arrears')) AS k(kind)
  LEFT JOIN registry.benefit_accounts a ON a.person_id = p.person_id AND a.status = 'active'
  WHERE p.status = 'active' AND p.region LIKE run_region || '%' AND p.start_period <= run_period
    AND (k.kind = 'monthly' OR p.arrears_fen > 0)
$$;
--> statement-breakpoint
-- A run is now checked and written in one step: one caught between the two former steps starts
-- over from the beginning (its instructions are kept by their unique key; flagged ones are held again).
UPDATE funds.payroll_runs SET status = 'preparing' WHERE status = 'screening';
