import type { Platform } from '@core/platform.ts';
import type { App } from '@core/http/app.ts';
import { createIntegrityService, type IntegrityDeps } from './integrity.service.ts';
import { integrityRoutes } from './integrity.routes.ts';
import { flagFromRecords, runChecks, screenRun } from './checks.ts';
import { createCardsService } from './cards.service.ts';
import { cardsRoutes } from './cards.routes.ts';
import { defaultCardRules, type CardRules } from './cards.detect.ts';
import { createCreditService, type CreditDeps } from './credit.service.ts';
import { creditRoutes } from './credit.routes.ts';
import { createEmployerFindingsService } from './employer-findings.service.ts';
import { employerFindingsRoutes } from './employer-findings.routes.ts';

export type { IntegrityService, IntegrityDeps } from './integrity.service.ts';
export { flagKinds, type FlagKind } from './integrity.tables.ts';
export { runChecks, type RunUnderCheck } from './checks.ts';
export type { CardsService, CardUseInput, InstitutionInput, CardBatchAnswer } from './cards.service.ts';
export { defaultCardRules, haversineKm, type CardRules } from './cards.detect.ts';
export type { CreditService, CreditDeps, CreditFacts } from './credit.service.ts';
export { CREDIT_RULES_V1, type CreditRules } from './credit.rules.ts';
export type { EmployerFindingsService, EmployerFindingInput } from './employer-findings.service.ts';

/**
 * Integrity (基金安全): the checks before money leaves, run over every payroll and at once when
 * the exchange brings a death or an imprisonment; the review queue of held payments;
 * living-status certification; the data-quality sweep and the adjudication report; card
 * trajectory (用卡轨迹) and its findings for review; employers' fraud findings; the credit system
 * (人社信用): ratings under versioned rules and the dishonesty list (失信名单).
 */
export function createIntegrityModule(platform: Platform, deps: IntegrityDeps & Omit<CreditDeps, 'registry' | 'employerFindings'>, options: { cardRules?: Partial<CardRules> } = {}) {
  const service = createIntegrityService(platform, deps);
  const cards = createCardsService(platform, { registry: deps.registry }, { ...defaultCardRules, ...options.cardRules });
  const employerFindings = createEmployerFindingsService(platform, { registry: deps.registry });
  const credit = createCreditService(platform, { registry: deps.registry, creditFacts: deps.creditFacts, notifications: deps.notifications, employerFindings });
  const parts = [integrityRoutes(platform, service), cardsRoutes(platform, cards), creditRoutes(platform, credit), employerFindingsRoutes(platform, employerFindings)];
  return {
    service,
    /** The checks of a payroll run, inside the run's transaction. */
    screenRun,
    /** Flags pensioners named by new death or imprisonment records, inside the batch's transaction. */
    flagFromRecords,
    runChecks,
    /** Institutions, recorded card uses and the card detectors (`cards.detect(tx, personIds)` for a sweep). */
    cards,
    /** Credit ratings and the dishonesty list. */
    credit,
    /** Fraud findings against employers, which count in their credit ratings once confirmed. */
    employerFindings,
    routes: (async (app: App) => {
      for (const part of parts) await part(app);
    }) as (app: App) => Promise<void>,
    start() {
      // Version 1 of the credit rules exists from the start (it is also seeded on first use).
      credit.ready().catch((error: unknown) => console.error('seeding the credit rules failed', error));
    },
    stop() {},
  };
}
