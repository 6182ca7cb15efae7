import { useTranslation } from 'react-i18next';

/** Display names for the codes of pensions, payroll runs, the review queue and certification; an unknown code shows as it is. */
export function useFundsLabels() {
  const { t, i18n } = useTranslation();
  const pick = (key: string, fallback: string) => (i18n.exists(key) ? t(key) : fallback);
  return {
    pensionStatus: (s: string) => pick(`funds.pensionStatuses.${s}`, s),
    runStatus: (s: string) => pick(`funds.runStatuses.${s}`, s),
    instructionStatus: (s: string) => pick(`funds.instructionStatuses.${s}`, s),
    flagKind: (k: string) => pick(`funds.flagKinds.${k}`, k),
    flagStatus: (s: string) => pick(`funds.flagStatuses.${s}`, s),
    certificationMethod: (m: string | null | undefined) => (m ? pick(`funds.certificationMethods.${m}`, m) : '—'),
    matchedBy: (m: string) => pick(`funds.matchedBy.${m}`, m),
  };
}

export type FundsLabels = ReturnType<typeof useFundsLabels>;
