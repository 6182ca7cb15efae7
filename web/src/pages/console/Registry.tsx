import { useState } from 'react';
import { Button, Card, Empty, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { PlusOutlined } from '@ant-design/icons';
import { useSearchParams } from 'react-router-dom';
import { useTranslation } from 'react-i18next';
import { useMe } from '../../api/auth';
import { registryApi, registryKeys, type Person } from '../../api/registry';
import { RegionCascader } from '../../components/appeals/RegionCascader';
import { allowed, REGISTRY_WRITE_ROLES } from '../../layouts/consoleNav';
import { formatDate } from '../../lib/format';
import { PersonDrawer } from './PersonDrawer';
import { RegisterPersonModal } from './RegisterPersonModal';
import { mono, RegionName } from '../../components/registry/parts';
import { PersonStatusTag } from './registryParts';
import { SearchableTable } from './SearchableTable';
import { openColumn, PageHeader } from '../../components/layout/ConsolePage';

/** The open person lives in the address (?person=…), so it survives a reload and the back button closes it. */
function useOpenPerson() {
  const [params, setParams] = useSearchParams();
  const set = (id: string | null) =>
    setParams((prev) => {
      const next = new URLSearchParams(prev);
      if (id) next.set('person', id);
      else next.delete('person');
      return next;
    });
  return [params.get('person'), set] as const;
}

/** /console/registry: persons registered in my region; register, view, correct, record a death. */
export default function Registry() {
  const { t } = useTranslation();
  const { data: me } = useMe();
  const canWrite = allowed(me?.roles ?? [], REGISTRY_WRITE_ROLES);
  const [personId, openPerson] = useOpenPerson();
  const [region, setRegion] = useState<string[]>([]);
  const [registering, setRegistering] = useState(false);
  const regionCode = region[region.length - 1];

  const columns: ColumnsType<Person> = [
    { title: t('console.registry.name'), dataIndex: 'name' },
    { title: t('console.registry.idNumber'), dataIndex: 'idNumberMasked', render: (v: string) => <span style={mono}>{v}</span> },
    { title: t('console.registry.sex'), dataIndex: 'sex', render: (v: string) => t(`sex.${v}`, { defaultValue: v }) },
    { title: t('console.registry.birthDate'), dataIndex: 'birthDate', render: (v: string) => formatDate(v) },
    {
      title: t('console.registry.householdRegion'),
      dataIndex: 'householdRegionName',
      render: (v: string, r) => <RegionName code={r.householdRegion} fullName={v || undefined} />,
    },
    { title: t('console.registry.phone'), dataIndex: 'phoneMasked', render: (v: string | null) => <span style={mono}>{v ?? '—'}</span> },
    { title: t('console.registry.status'), dataIndex: 'status', render: (_, r) => <PersonStatusTag person={r} /> },
    openColumn(t('common.actions'), openPerson, () => t('console.registry.view'), 'person-view'),
  ];

  return (
    <Card>
      <PageHeader
        title={t('console.registry.title')}
        intro={t('console.registry.intro')}
        action={
          canWrite && (
            <Button type="primary" icon={<PlusOutlined />} onClick={() => setRegistering(true)} data-testid="register-person">
              {t('console.registry.register')}
            </Button>
          )
        }
      />
      <SearchableTable<Person>
        queryKey={[...registryKeys.list, { regionCode }]}
        fetch={(q) => registryApi.list({ ...q, regionCode })}
        columns={columns}
        rowKey="id"
        placeholder={t('console.registry.searchPlaceholder')}
        filters={
          <div style={{ flex: '0 1 260px', minWidth: 200 }}>
            <RegionCascader within={me?.department?.regionCode} value={region} onChange={setRegion} placeholder={t('console.registry.allRegions')} />
          </div>
        }
        emptyText={
          <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('console.registry.empty')}>
            {canWrite && (
              <Typography.Text type="secondary" style={{ fontSize: 13 }}>
                {t('console.registry.emptyHint')}
              </Typography.Text>
            )}
          </Empty>
        }
        onRowClick={(r) => openPerson(r.id)}
        testId="registry-persons"
      />
      {canWrite && <RegisterPersonModal open={registering} onClose={() => setRegistering(false)} onRegistered={(p) => openPerson(p.id)} />}
      <PersonDrawer id={personId} onClose={() => openPerson(null)} />
    </Card>
  );
}
