import { Alert, Button, Descriptions, Divider, Drawer, Flex, Grid, Result, Skeleton, Typography } from 'antd';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { useMe } from '../../api/auth';
import { registryApi, registryKeys, type PersonDetail } from '../../api/registry';
import { ErrorAlert } from '../../components/ErrorAlert';
import { allowed, REGISTRY_WRITE_ROLES } from '../../layouts/consoleNav';
import { formatDate, formatDateTime } from '../../lib/format';
import { PersonActions } from './PersonActions';
import { PersonHistory } from './PersonHistory';
import { mono, PersonStatusTag, RegionName } from './registryParts';

function Facts({ person: p }: { person: PersonDetail }) {
  const { t } = useTranslation();
  const items = [
    { key: 'name', label: t('console.registry.name'), children: p.name },
    { key: 'id', label: t('console.registry.idNumber'), children: <span style={mono}>{p.idNumberMasked}</span> },
    { key: 'sex', label: t('console.registry.sex'), children: t(`sex.${p.sex}`, { defaultValue: p.sex }) },
    { key: 'birth', label: t('console.registry.birthDate'), children: formatDate(p.birthDate) },
    { key: 'region', label: t('console.registry.householdRegion'), children: <RegionName code={p.householdRegion} fullName={p.householdRegionName} /> },
    { key: 'phone', label: t('console.registry.phone'), children: <span style={mono}>{p.phoneMasked ?? '—'}</span> },
    { key: 'status', label: t('console.registry.status'), children: <PersonStatusTag person={p} /> },
  ];
  if (p.status === 'deceased') {
    items.push(
      { key: 'diedOn', label: t('console.registry.diedOn'), children: formatDate(p.diedOn) },
      {
        key: 'deathSource',
        label: t('console.registry.deathSource'),
        children: p.deathSource ? t(`console.registry.deathSources.${p.deathSource}`, { defaultValue: p.deathSource }) : '—',
      },
    );
  }
  items.push(
    { key: 'created', label: t('console.registry.createdAt'), children: formatDateTime(p.createdAt) },
    { key: 'updated', label: t('console.registry.updatedAt'), children: formatDateTime(p.updatedAt) },
  );
  return <Descriptions column={{ xs: 1, sm: 2 }} size="small" bordered items={items} data-testid="person-facts" />;
}

/** One person: the facts (masked), the actions my roles allow, and the history. */
export function PersonDrawer({ id, onClose }: { id: string | null; onClose: () => void }) {
  const { t } = useTranslation();
  const { data: me } = useMe();
  const screens = Grid.useBreakpoint();
  const canWrite = allowed(me?.roles ?? [], REGISTRY_WRITE_ROLES);
  const person = useQuery({ queryKey: registryKeys.person(id ?? ''), queryFn: () => registryApi.get(id ?? ''), enabled: !!id });
  const p = person.data;
  return (
    <Drawer
      open={!!id}
      onClose={onClose}
      size={screens.md === false ? '100%' : 680}
      title={
        <Flex wrap gap={8} align="center">
          <span>{p ? p.name : t('console.registry.detailTitle')}</span>
          {p && <PersonStatusTag person={p} />}
        </Flex>
      }
      destroyOnHidden
    >
      <div data-testid="person-detail">
        {person.isPending && id ? (
          <Skeleton active />
        ) : person.error && !p ? (
          <Result
            status="error"
            title={t('console.registry.loadFailed')}
            extra={<Button onClick={() => void person.refetch()}>{t('common.retry')}</Button>}
          >
            <ErrorAlert error={person.error} />
          </Result>
        ) : p ? (
          <>
            <ErrorAlert error={person.error} />
            {canWrite ? (
              <div style={{ marginBottom: 16 }}>
                <PersonActions person={p} />
              </div>
            ) : (
              <Alert type="info" showIcon title={t('console.registry.readOnly')} style={{ marginBottom: 16 }} />
            )}
            <Facts person={p} />
            <Divider titlePlacement="start">{t('console.registry.history')}</Divider>
            <PersonHistory history={p.history} />
          </>
        ) : (
          <Typography.Text type="secondary">—</Typography.Text>
        )}
      </div>
    </Drawer>
  );
}
