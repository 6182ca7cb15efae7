import { Tag, Tooltip } from 'antd';
import { useTranslation } from 'react-i18next';
import { useRegion } from '../../api/appeals';
import type { Person } from '../../api/registry';
import { shortRegion } from '../../components/appeals/labels';

export const mono = { fontFamily: 'ui-monospace, Menlo, Consolas, monospace' };

/** 正常 / 已死亡, with the date of death on hover. */
export function PersonStatusTag({ person }: { person: Pick<Person, 'status' | 'diedOn'> }) {
  const { t } = useTranslation();
  const tag = (
    <Tag color={person.status === 'alive' ? 'success' : 'default'} style={{ margin: 0 }} data-testid="person-status" data-status={person.status}>
      {t(`console.registry.statuses.${person.status}`, { defaultValue: person.status })}
    </Tag>
  );
  return person.diedOn ? <Tooltip title={`${t('console.registry.diedOn')}: ${person.diedOn}`}>{tag}</Tooltip> : tag;
}

/** A region code as its name without the province and city (the full name on hover). */
export function RegionName({ code, fullName }: { code: string; fullName?: string }) {
  const region = useRegion(fullName ? undefined : code);
  const name = fullName ?? region.data?.fullName;
  return name ? <span title={name}>{shortRegion(name)}</span> : <span style={mono}>{code}</span>;
}
