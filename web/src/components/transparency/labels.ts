import { useMemo } from 'react';
import { useQueries } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { appealsApi } from '../../api/appeals';

/** Display names of fund kinds and ledger accounts; an unknown code shows as it is. */
export function useTransparencyLabels() {
  const { t, i18n } = useTranslation();
  const pick = (key: string, fallback: string) => (i18n.exists(key) ? t(key) : fallback);
  return {
    fund: (f: string) => pick(`transparency.funds.${f}`, f),
    account: (a: string) => pick(`transparency.accounts.${a}`, a),
    /** 缴费年限 as “N年M个月” / “N years M months”. */
    years: (months: number) => {
      const m = Math.max(0, Math.trunc(months));
      return t('transparency.mine.yearsMonths', {
        years: t('transparency.mine.years_y', { count: Math.floor(m / 12) }),
        months: t('transparency.mine.years_m', { count: m % 12 }),
      });
    },
  };
}

const unique = (values: Iterable<string>) => [...new Set(values)].sort();

/**
 * Names of the regions of the ledger (cities `6401`, counties `640104`, towns `640104001`) from
 * the public division tree: one call per city (its counties come with it) and one per town.
 * `label` gives “兴庆区 凤凰北街街道” for a town, the county or city name otherwise, the code
 * while the names load.
 */
export function useRegionNames(codes: readonly string[]) {
  const cities = useMemo(() => unique(codes.filter((c) => c.length >= 4).map((c) => c.slice(0, 4))), [codes]);
  const towns = useMemo(() => unique(codes.filter((c) => c.length > 6)), [codes]);
  const results = useQueries({
    queries: [...cities, ...towns].map((code) => ({ queryKey: ['region', code], queryFn: () => appealsApi.region(code), staleTime: Infinity, retry: 1 })),
  });
  const data = results.map((r) => r.data);
  const key = `${data.map((d) => d?.region.code ?? '').join(',')}|${results.filter((r) => r.isPending).length}`;
  return useMemo(() => {
    const names = new Map<string, string>();
    for (const d of data) {
      if (!d) continue;
      names.set(d.region.code, d.region.name);
      for (const c of d.children) if (c.code.length <= 6) names.set(c.code, c.name);
    }
    const name = (code: string) => names.get(code) ?? code;
    const label = (code: string) => {
      if (code.length > 6) {
        const county = names.get(code.slice(0, 6));
        const town = names.get(code);
        return town ? (county ? `${county} ${town}` : town) : code;
      }
      return name(code);
    };
    return { name, label, loading: results.some((r) => r.isPending) };
    // `data` changes identity every render; `key` says when a name arrived.
  }, [key]);
}

/** Compact yuan for chart axes: 1.2亿 / 35万 in Chinese, 1.2M / 35k in English. */
export function compactYuan(fen: number, lang: 'zh' | 'en'): string {
  const yuan = fen / 100;
  const abs = Math.abs(yuan);
  const fmt = (v: number) => String(Math.round(v * 10) / 10);
  if (lang === 'zh') {
    if (abs >= 1e8) return `${fmt(yuan / 1e8)}亿`;
    if (abs >= 1e4) return `${fmt(yuan / 1e4)}万`;
    return fmt(yuan);
  }
  if (abs >= 1e9) return `${fmt(yuan / 1e9)}B`;
  if (abs >= 1e6) return `${fmt(yuan / 1e6)}M`;
  if (abs >= 1e3) return `${fmt(yuan / 1e3)}k`;
  return fmt(yuan);
}
