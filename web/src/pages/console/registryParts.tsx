import { Tag, Tooltip } from 'antd';
import { useTranslation } from 'react-i18next';
import type { Person } from '../../api/registry';

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
