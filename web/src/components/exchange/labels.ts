import { useTranslation } from 'react-i18next';
import { useExchangeCatalogue } from '../../api/exchange';
import { useLang } from '../../i18n';

/**
 * Display names for the exchange's codes. Datasets and purposes come with their Chinese and
 * English names in the server's catalogue; the rest are in the translations. An unknown code
 * is shown as it is.
 */
export function useExchangeLabels() {
  const { t, i18n } = useTranslation();
  const lang = useLang();
  const catalogue = useExchangeCatalogue().data;
  const pick = (key: string, fallback: string) => (i18n.exists(key) ? t(key) : fallback);

  return {
    department: (k: string) => pick(`exchange.departments.${k}`, k),
    queryKind: (k: string) => pick(`exchange.queryKinds.${k}`, k),
    partnerStatus: (s: string) => pick(`exchange.partnerStatuses.${s}`, s),
    direction: (d: string) => pick(`exchange.directions.${d}`, d),
    kind: (k: string) => pick(`exchange.kinds.${k}`, k),
    status: (s: string) => pick(`exchange.statuses.${s}`, s),
    verification: (v: string) => pick(`exchange.verification.${v}`, v),
    recordStatus: (s: string) => pick(`exchange.recordStatuses.${s}`, s),
    effect: (e: string) => pick(`exchange.effects.${e}`, e),
    problem: (code: string) => pick(`exchange.problems.${code}`, code),
    /** `public_security.death@1` → 死亡（注销户口）信息 */
    dataset(ref: string): string {
      const d = catalogue?.datasets.find((x) => x.dataset === ref);
      return d ? (lang === 'en' ? d.titleEn : d.titleZh) : ref;
    },
    purpose(code: string | null | undefined): string {
      if (!code) return '—';
      const p = catalogue?.purposes.find((x) => x.code === code);
      if (!p) return code;
      return lang === 'en' ? p.en.charAt(0).toUpperCase() + p.en.slice(1) : p.zh;
    },
  };
}

export type ExchangeLabels = ReturnType<typeof useExchangeLabels>;
