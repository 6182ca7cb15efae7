import { useTranslation } from 'react-i18next';
import { useCategories } from '../../api/appeals';
import { useLang } from '../../i18n';

/** Display names for the codes appeals carry: category (from the server), kind, status, event. */
export function useAppealLabels() {
  const { t } = useTranslation();
  const lang = useLang();
  const { data: categories } = useCategories();
  return {
    category(code: string | null | undefined): string {
      if (!code) return '—';
      const c = categories?.find((x) => x.code === code);
      return c ? (lang === 'en' ? c.nameEn : c.nameZh) : code;
    },
    categoryOptions: (categories ?? []).map((c) => ({ value: c.code, label: lang === 'en' ? c.nameEn : c.nameZh })),
    kind: (k: string) => t(`appeals.kinds.${k}`, { defaultValue: k }),
    status: (s: string) => t(`appeals.status.${s}`, { defaultValue: s }),
    event: (type: string) => t(`appeals.events.${type}`, { defaultValue: type }),
    channel: (c: string) => t(`appeals.channels.${c}`, { defaultValue: c }),
    rating: (r: number) => t(`appeals.ratings.r${r}`, { defaultValue: String(r) }),
  };
}

/** "宁夏回族自治区 银川市 兴庆区 凤凰北街街道" → "兴庆区 凤凰北街街道": the city is implied. */
export function shortRegion(fullName: string | null | undefined): string {
  if (!fullName) return '—';
  const parts = fullName.split(/\s+/);
  return parts.length > 2 ? parts.slice(2).join(' ') : fullName;
}
