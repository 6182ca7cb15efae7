import type { PartnerChange, PartnerOutcome, PartnerRecords } from '@modules/registry';
import type { createFundsModule } from '@modules/funds';
import type { createIntegrityModule } from '@modules/integrity';

type Funds = Pick<ReturnType<typeof createFundsModule>, 'payroll'>;
type Integrity = Pick<ReturnType<typeof createIntegrityModule>, 'flagFromRecords' | 'cards'>;

const INCARCERATION = 'public_security.incarceration';

/**
 * Death record → flag the pensioner → hold their unsent payments → open recovery orders for
 * anything already paid after the death → look again at card uses after the death;
 * imprisonment → flag and hold. All of it runs inside
 * the batch's transaction, right after the registry applied the record: the hold lands with
 * the record or neither does, and nobody waits for the next payroll run.
 */
export function holdPaymentsOnPartnerRecords(records: PartnerRecords, deps: { funds: () => Funds; integrity: () => Integrity }): PartnerRecords {
  const applied = (outcomes: PartnerOutcome[]) => new Set(outcomes.flatMap((o) => ('effect' in o && o.effect === 'applied' ? [o.personId] : [])));
  const source = (c: PartnerChange) => `exchange:${c.dataset}:${c.batchId}`;

  return {
    ...records,
    async recordDeaths(tx, change, items) {
      const outcomes = await records.recordDeaths(tx, change, items);
      const died = applied(outcomes);
      const flagged = await deps.integrity().flagFromRecords(tx, 'deceased', items.filter((i) => died.has(i.personId)).map((i) => ({ personId: i.personId, on: i.diedOn })), source(change));
      await deps.funds().payroll.holdPersons(tx, flagged);
      await deps.funds().payroll.recoverAfterDeath(tx, [...died]);
      // Card uses recorded before the death was known are looked at again (use after death).
      await deps.integrity().cards.detect(tx, [...died]);
      return outcomes;
    },
    async addDossierEntries(tx, change, datasetName, items) {
      const outcomes = await records.addDossierEntries(tx, change, datasetName, items);
      if (datasetName === INCARCERATION) {
        const admitted = items.filter((i) => i.facts.event === 'admitted').map((i) => ({ personId: i.personId, on: String(i.facts.on) }));
        const flagged = await deps.integrity().flagFromRecords(tx, 'incarcerated', admitted, source(change));
        await deps.funds().payroll.holdPersons(tx, flagged);
      }
      return outcomes;
    },
  };
}
