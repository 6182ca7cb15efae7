import type { ReactNode } from 'react';
import { Space, Tag } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { useTranslation } from 'react-i18next';
import { consoleApi } from '../../api/console';
import type { StaffMember } from '../../api/types';
import { RoleTags } from '../../components/RoleTags';
import { SearchableTable } from './SearchableTable';

export const staffListKey = ['staff'] as const;

/** Staff accounts in my region with search and paging; pages add their own actions column. */
export function StaffTable({ actions }: { actions?: (member: StaffMember) => ReactNode }) {
  const { t } = useTranslation();

  const columns: ColumnsType<StaffMember> = [
    { title: t('console.staff.username'), dataIndex: 'username', render: (v: string) => <code>{v}</code> },
    { title: t('console.staff.displayName'), dataIndex: 'displayName' },
    { title: t('console.staff.roles'), dataIndex: 'roles', render: (v: string[]) => <RoleTags roles={v ?? []} /> },
    { title: t('console.staff.department'), dataIndex: 'departmentName' },
    { title: t('console.staff.region'), dataIndex: 'regionName', render: (v: string, r) => v || r.regionCode },
    {
      title: t('console.staff.status'),
      key: 'status',
      render: (_, r) => (
        <Space size={4} wrap>
          {r.disabled ? <Tag>{t('console.staff.disabled')}</Tag> : r.locked ? null : <Tag color="success">{t('console.staff.active')}</Tag>}
          {r.locked && <Tag color="error">{t('console.staff.locked')}</Tag>}
          {r.secondFactorEnrolled ? <Tag color="blue">{t('console.staff.enrolled')}</Tag> : <Tag color="warning">{t('console.staff.notEnrolled')}</Tag>}
        </Space>
      ),
    },
  ];
  if (actions) columns.push({ title: t('common.actions'), key: 'actions', render: (_, r) => actions(r) });

  return (
    <SearchableTable<StaffMember>
      queryKey={staffListKey}
      fetch={consoleApi.staff}
      columns={columns}
      rowKey="id"
      placeholder={t('console.staff.searchPlaceholder')}
    />
  );
}
