import { useTranslation } from 'react-i18next';
import { UNMASK_PURPOSES } from '../../api/types';

/** i18n keys cannot hold dots, so `card.reported_lost` is looked up as `card_reported_lost`. */
const flat = (code: string) => code.replace(/[.:]/g, '_');

/** Display names for the codes the registry, the dossier and the data tracker carry. */
export function useRegistryLabels() {
  const { t, i18n } = useTranslation();
  const known = (key: string) => i18n.exists(key);
  const pick = (key: string, fallback: string) => (known(key) ? t(key) : fallback);

  function dossierKind(kind: string): string {
    const key = `dossier.kinds.${flat(kind)}`;
    if (known(key)) return t(key);
    if (kind.startsWith('partner.')) return t('dossier.kinds.partner_other', { dataset: kind.slice('partner.'.length) });
    return kind;
  }

  function purpose(raw: string | null | undefined): string {
    if (!raw) return '—';
    // Stored as "<purpose>" or "<purpose>: <note>".
    const at = raw.indexOf(':');
    const code = at < 0 ? raw : raw.slice(0, at);
    const note = at < 0 ? '' : raw.slice(at + 1).trim();
    const label = (UNMASK_PURPOSES as readonly string[]).includes(code) ? t(`console.citizens.purposes.${code}`) : code;
    return note ? `${label}：${note}` : label;
  }

  return {
    scheme: (s: string) => pick(`registry.schemes.${s}`, s),
    cardStatus: (s: string) => pick(`registry.cardStatuses.${s}`, s),
    enrolmentStatus: (s: string) => pick(`registry.enrolmentStatuses.${s}`, s),
    bankStatus: (s: string) => pick(`registry.bankStatuses.${s}`, s),
    employerStatus: (s: string) => pick(`registry.employerStatuses.${s}`, s),
    industry: (code: string, serverName?: string) => pick(`registry.industries.${code}`, serverName ?? code),
    incomeSource: (source: string) => (source === 'staff' ? t('registry.incomeSources.staff') : t('registry.incomeSources.partner', { code: source })),
    departmentKind: (k: string) => pick(`registry.departmentKinds.${k}`, k),
    correctionField: (f: string) => pick(`corrections.fields.${f}`, f),
    correctionStatus: (s: string) => pick(`corrections.statuses.${s}`, s),
    dossierKind,
    dossierField: (field: string) => pick(`dossier.fields.${field}`, field),
    /** A value of a partner's fact (e.g. event "married"). */
    factValue: (v: string) => pick(`dossier.values.${v}`, v),
    channel: (c: string) => pick(`dataAccess.channels.${c}`, c),
    outcome: (o: string) => pick(`dataAccess.outcomes.${o}`, o),
    /** What someone did with the citizen's data, in words; unknown actions fall back to their group. */
    accessAction(action: string): string {
      const key = `dataAccess.actions.${flat(action)}`;
      if (known(key)) return t(key);
      if (action.startsWith('person.')) {
        const kind = action.slice('person.'.length);
        if (known(`dossier.kinds.${flat(kind)}`) || kind.startsWith('partner.')) return dossierKind(kind);
      }
      if (action.startsWith('appeal.')) {
        const event = action.slice('appeal.'.length);
        return t('dataAccess.actions.appeal_event', { event: pick(`appeals.events.${event}`, event) });
      }
      return t('dataAccess.actions.other');
    },
    purpose,
  };
}

export type RegistryLabels = ReturnType<typeof useRegistryLabels>;
