import type { Platform } from '@core/platform.ts';
import type { App } from '@core/http/app.ts';
import type { RegistryReader } from '@modules/registry';
import { createLedger } from './ledger.service.ts';
import { createPensionsService } from './pensions.service.ts';
import { createPayrollService, type Screen } from './payroll.service.ts';
import { payrollRoutes } from './payroll.routes.ts';
import { questionsRoutes, type FileQuestion } from './questions.routes.ts';
import { createRecoveriesService } from './recoveries.service.ts';
import { createPolicyService } from './policy.service.ts';
import { policyRoutes } from './policy.routes.ts';
import { createAccountsService } from './accounts.service.ts';
import { createContributionsService } from './contributions.service.ts';
import { contributionsRoutes } from './contributions.routes.ts';
import { createDisclosureService } from './disclosure.service.ts';
import { disclosureRoutes } from './disclosure.routes.ts';
import { createCreditFacts } from './credit-facts.ts';

export type { Ledger, JournalInput, LedgerLine } from './ledger.service.ts';
export { fundKinds, type FundKind } from './funds.tables.ts';
export type { PensionsService } from './pensions.service.ts';
export type { FileQuestion } from './questions.routes.ts';
export type { PayrollService, Screen, RunToScreen } from './payroll.service.ts';
export type { PolicyService, PolicyData, EffectiveWage, EffectiveRate } from './policy.service.ts';
export type { AccountsService, AccountCredit } from './accounts.service.ts';
export type { ContributionsService } from './contributions.service.ts';
export { employeeSchemes, dueDateOf } from './contributions.service.ts';
export type { DisclosureService, DisclosuresReport, DisclosureCheck, HeadFields } from './disclosure.service.ts';
export type { CreditFactsSource, CreditUnpaidMonth, CreditRecoveryOrder } from './credit-facts.ts';
export { verifyDisclosures, headOf, signedMessageOf, signatureValid, logLeaves, totalsHashOf, DISCLOSURE_BLOCK_SIZE, ENTRY_LINE_FORMAT } from './disclosure.service.ts';

/**
 * The funds (基金): contributions and their collection, individual accounts, pensions and the
 * monthly payroll, the double-entry ledger of each fund and its sealed public disclosure.
 */
export function createFundsModule(platform: Platform, deps: { registry: RegistryReader; screen: Screen; fileQuestion: FileQuestion }) {
  const ledger = createLedger(platform);
  const payroll = createPayrollService(platform, { registry: deps.registry, ledger, screen: deps.screen });
  const policy = createPolicyService(platform);
  const pensions = createPensionsService(platform, { registry: deps.registry, policy });
  const accounts = createAccountsService(platform, { registry: deps.registry, policy });
  const contributions = createContributionsService(platform, { registry: deps.registry, ledger, policy, accounts });
  const recoveries = createRecoveriesService(platform, { registry: deps.registry, ledger });
  const disclosure = createDisclosureService(platform, { ledger, registry: deps.registry });
  const parts: ((app: App) => Promise<void>)[] = [
    payrollRoutes(platform, pensions, payroll, recoveries),
    questionsRoutes(platform, deps.fileQuestion),
    policyRoutes(platform, policy),
    contributionsRoutes(platform, contributions, accounts),
    disclosureRoutes(platform, disclosure),
  ];
  let resumeTimer: NodeJS.Timeout | undefined;
  return {
    ledger,
    pensions,
    payroll,
    policy,
    accounts,
    contributions,
    disclosure,
    recoveries,
    /** What the credit system (integrity) reads of contributions and recovery orders. */
    creditFacts: createCreditFacts(platform),
    registry: deps.registry,
    routes: (async (app: App) => {
      for (const part of parts) await part(app);
    }) as (app: App) => Promise<void>,
    start() {
      // A run whose server died midway is picked up once its lease lapses.
      resumeTimer = setInterval(() => {
        payroll.resumeAbandoned().catch((error: unknown) => console.error('resuming payroll runs failed', error));
      }, 60_000);
      resumeTimer.unref();
    },
    stop() {
      if (resumeTimer) clearInterval(resumeTimer);
    },
  };
}
