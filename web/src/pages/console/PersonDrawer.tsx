import { useState } from 'react';
import { Alert, Button, Descriptions, Divider, Drawer, Flex, Grid, Result, Skeleton, Tabs, Typography } from 'antd';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { useMe } from '../../api/auth';
import { PERSON_HISTORY_KINDS, registryApi, registryKeys, type PersonDetail } from '../../api/registry';
import { ErrorAlert } from '../../components/ErrorAlert';
import { DossierTimeline } from '../../components/registry/DossierTimeline';
import { mono, RegionName } from '../../components/registry/parts';
import { allowed, REGISTRY_WRITE_ROLES } from '../../layouts/consoleNav';
import { formatDate, formatDateTime } from '../../lib/format';
import { BankTab } from './person/BankTab';
import { CardsTab } from './person/CardsTab';
import { DossierTab } from './person/DossierTab';
import { EmploymentTab } from './person/EmploymentTab';
import { EnrolmentsTab } from './person/EnrolmentsTab';
import { IncomeTab } from './person/IncomeTab';
import { PersonActions } from './PersonActions';
import { PersonStatusTag } from './registryParts';

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

/** Changes to the person record itself; those to cards, accounts and the rest are in the dossier tab. */
const ownKinds: readonly string[] = PERSON_HISTORY_KINDS;

function Basics({ person: p, canWrite }: { person: PersonDetail; canWrite: boolean }) {
  const { t } = useTranslation();
  return (
    <>
      {canWrite ? (
        <div style={{ marginBottom: 16 }}>
          <PersonActions person={p} />
        </div>
      ) : (
        <Alert type="info" showIcon title={t('console.registry.readOnly')} style={{ marginBottom: 16 }} />
      )}
      <Facts person={p} />
      <Divider titlePlacement="start">{t('console.registry.history')}</Divider>
      <DossierTimeline entries={p.history.filter((h) => ownKinds.includes(h.kind))} testId="person-history" />
    </>
  );
}

type TabKey = 'basic' | 'employment' | 'cards' | 'bank' | 'income' | 'enrolments' | 'dossier';

/**
 * One person: the facts (masked) and the actions my roles allow, then their records a tab each.
 * A tab loads when first opened: every read is audited with the person as its subject.
 */
export function PersonDrawer({ id, onClose }: { id: string | null; onClose: () => void }) {
  const { t } = useTranslation();
  const { data: me } = useMe();
  const screens = Grid.useBreakpoint();
  const canWrite = allowed(me?.roles ?? [], REGISTRY_WRITE_ROLES);
  const [tab, setTab] = useState<TabKey>('basic');
  const person = useQuery({ queryKey: registryKeys.person(id ?? ''), queryFn: () => registryApi.get(id ?? ''), enabled: !!id });
  const p = person.data;
  const tabs = (detail: PersonDetail) => [
    { key: 'basic', label: t('console.person.tabs.basic'), children: <Basics person={detail} canWrite={canWrite} /> },
    { key: 'employment', label: t('console.person.tabs.employment'), children: <EmploymentTab person={detail} canWrite={canWrite} /> },
    { key: 'cards', label: t('console.person.tabs.cards'), children: <CardsTab person={detail} canWrite={canWrite} /> },
    { key: 'bank', label: t('console.person.tabs.bank'), children: <BankTab person={detail} canWrite={canWrite} /> },
    { key: 'income', label: t('console.person.tabs.income'), children: <IncomeTab person={detail} canWrite={canWrite} /> },
    { key: 'enrolments', label: t('console.person.tabs.enrolments'), children: <EnrolmentsTab person={detail} canWrite={canWrite} /> },
    { key: 'dossier', label: t('console.person.tabs.dossier'), children: <DossierTab personId={detail.id} /> },
  ];
  return (
    <Drawer
      open={!!id}
      onClose={onClose}
      size={screens.md === false ? '100%' : 960}
      title={
        <Flex wrap gap={8} align="center">
          <span>{p ? p.name : t('console.registry.detailTitle')}</span>
          {p && <PersonStatusTag person={p} />}
          {p && (
            <Typography.Text type="secondary" style={{ ...mono, fontSize: 13, fontWeight: 'normal' }}>
              {p.idNumberMasked}
            </Typography.Text>
          )}
        </Flex>
      }
      afterOpenChange={(visible) => {
        if (!visible) setTab('basic');
      }}
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
            <Tabs activeKey={tab} onChange={(k) => setTab(k as TabKey)} items={tabs(p)} data-testid="person-tabs" />
          </>
        ) : (
          <Typography.Text type="secondary">—</Typography.Text>
        )}
      </div>
    </Drawer>
  );
}
