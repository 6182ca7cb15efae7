import { useState } from 'react';
import { Alert, Button, Card, Descriptions, Divider, Drawer, Empty, Flex, Grid, Result, Skeleton, Table, Typography } from 'antd';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { useMe } from '../../../api/auth';
import { creditApi, creditKeys, type DishonestyEntry, type PartyKind, type Rating } from '../../../api/credit';
import { ErrorAlert } from '../../../components/ErrorAlert';
import { mono, RegionName } from '../../../components/registry/parts';
import { allowed, CREDIT_MANAGE_ROLES } from '../../../layouts/consoleNav';
import { formatDate, formatDateTime } from '../../../lib/format';
import { todayInChina } from '../person/fields';
import { EntryActionModal, type EntryAction } from './EntryActionModal';
import { EntryEvidence, EntryStatusTag, GradeTag, Reasons, useCreditLabels, VersionTag } from './parts';

/** The actions an entry allows in its status: a notice may be objected to, decided; a listing repaired. */
const actionsFor: Record<string, EntryAction[]> = { notified: ['objection', 'list', 'dismiss'], objected: ['list', 'dismiss'], listed: ['repair'] };

function EntryCard({ entry, canManage, onAct }: { entry: DishonestyEntry; canManage: boolean; onAct: (entry: DishonestyEntry, action: EntryAction) => void }) {
  const { t } = useTranslation();
  const labels = useCreditLabels();
  const actions = canManage ? (actionsFor[entry.status] ?? []) : [];
  const early = entry.status === 'listed' && entry.repairableOn !== null && todayInChina() < entry.repairableOn;
  const rows = [
    { key: 'notified', label: t('credit.entry.notifiedAt'), children: formatDateTime(entry.notifiedAt) },
    entry.objection && { key: 'objection', label: t('credit.entry.objection'), children: <span style={{ whiteSpace: 'pre-wrap' }}>{entry.objection}</span>, span: 2 },
    entry.decidedAt && { key: 'decided', label: t('credit.entry.decidedAt'), children: formatDateTime(entry.decidedAt) },
    entry.decisionNote && { key: 'note', label: t('credit.entry.decisionNote'), children: <span style={{ whiteSpace: 'pre-wrap' }}>{entry.decisionNote}</span>, span: 2 },
    entry.repairableOn && { key: 'repairable', label: t('credit.entry.repairableOn'), children: formatDate(entry.repairableOn) },
    entry.repairedAt && { key: 'repaired', label: t('credit.entry.repairedAt'), children: formatDateTime(entry.repairedAt) },
  ].filter((x): x is Exclude<typeof x, null | '' | undefined> => Boolean(x));
  return (
    <Card
      size="small"
      title={
        <Flex wrap gap={8} align="center">
          <span>{labels.ruleCode(entry.ruleCode)}</span>
          <EntryStatusTag status={entry.status} />
          <VersionTag version={entry.ruleVersion} />
        </Flex>
      }
      data-testid="credit-entry"
      data-status={entry.status}
    >
      <Flex vertical gap={12}>
        <EntryEvidence entry={entry} />
        {entry.partyKind === 'employer' && entry.status === 'notified' && <Typography.Text type="secondary">{t('credit.employerNotice')}</Typography.Text>}
        <Descriptions size="small" column={{ xs: 1, sm: 2 }} items={rows} />
        {actions.length > 0 && (
          <Flex wrap gap={8} align="center">
            {actions.map((a) => (
              <Button key={a} size="small" danger={a === 'list'} type={a === 'repair' ? 'primary' : 'default'} onClick={() => onAct(entry, a)} data-testid={`credit-action-${a}`}>
                {t(`credit.actions.${a}`)}
              </Button>
            ))}
            {early && (
              <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                {t('credit.actions.repairFrom', { date: entry.repairableOn })}
              </Typography.Text>
            )}
          </Flex>
        )}
      </Flex>
    </Card>
  );
}

/** A party: who, the history of ratings (each naming its rule version), and its dishonesty entries with their actions. */
export function PartyDrawer({ party, onClose }: { party: { kind: PartyKind; id: string } | null; onClose: () => void }) {
  const { t } = useTranslation();
  const labels = useCreditLabels();
  const { data: me } = useMe();
  const screens = Grid.useBreakpoint();
  const canManage = allowed(me?.roles ?? [], CREDIT_MANAGE_ROLES);
  const [acting, setActing] = useState<{ entry: DishonestyEntry; action: EntryAction } | null>(null);
  const query = useQuery({
    queryKey: creditKeys.party(party?.kind ?? 'employer', party?.id ?? ''),
    queryFn: () => creditApi.party(party!.kind, party!.id),
    enabled: party !== null,
  });
  const p = query.data && party && query.data.partyId === party.id ? query.data : undefined;
  const latest = p?.ratings[0];
  return (
    <Drawer
      open={party !== null}
      onClose={onClose}
      size={screens.md === false ? '100%' : 760}
      title={
        <Flex wrap gap={8} align="center">
          <span>{p ? p.name : t('credit.drawer.titleEmpty')}</span>
          {latest && <GradeTag grade={latest.grade} />}
        </Flex>
      }
      destroyOnHidden
    >
      <div data-testid="credit-party">
        {party === null ? null : !p && query.isFetching ? (
          <Skeleton active />
        ) : !p ? (
          <Result status="error" title={t('credit.drawer.loadFailed')} extra={<Button onClick={() => void query.refetch()}>{t('common.retry')}</Button>}>
            <ErrorAlert error={query.error} />
          </Result>
        ) : (
          <Flex vertical gap={16}>
            <Descriptions
              size="small"
              bordered
              column={{ xs: 1, sm: 2 }}
              items={[
                { key: 'kind', label: t('credit.kind'), children: labels.kind(p.partyKind) },
                { key: 'name', label: t('credit.party'), children: p.name },
                p.creditCode
                  ? { key: 'code', label: t('credit.creditCode'), children: <span style={mono}>{p.creditCode}</span> }
                  : { key: 'id', label: t('credit.idNumber'), children: <span style={mono}>{p.idNumberMasked ?? '—'}</span> },
                { key: 'region', label: t('credit.region'), children: <RegionName code={p.region} fullName={p.regionName} /> },
                { key: 'score', label: t('credit.score'), children: latest ? `${latest.score}` : '—' },
                { key: 'version', label: t('credit.version'), children: latest ? <VersionTag version={latest.ruleVersion} /> : '—' },
              ]}
            />
            {!canManage && p.entries.some((e) => actionsFor[e.status]) && <Alert type="info" showIcon title={t('credit.actions.readOnly')} />}
            <Divider titlePlacement="start" style={{ margin: '4px 0' }}>
              {t('credit.drawer.entries')}
            </Divider>
            {p.entries.length === 0 ? (
              <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('credit.drawer.noEntries')} />
            ) : (
              p.entries.map((e) => <EntryCard key={e.id} entry={e} canManage={canManage} onAct={(entry, action) => setActing({ entry, action })} />)
            )}
            <Divider titlePlacement="start" style={{ margin: '4px 0' }}>
              {t('credit.drawer.history')}
            </Divider>
            <Table<Rating>
              rowKey="id"
              size="small"
              pagination={false}
              dataSource={p.ratings}
              scroll={{ x: 'max-content' }}
              columns={[
                { title: t('credit.ratedAt'), dataIndex: 'ratedAt', render: (v: string) => <span style={{ whiteSpace: 'nowrap' }}>{formatDateTime(v)}</span> },
                { title: t('credit.version'), dataIndex: 'ruleVersion', render: (v: number) => <VersionTag version={v} /> },
                { title: t('credit.score'), dataIndex: 'score', align: 'right' },
                { title: t('credit.grade'), dataIndex: 'grade', render: (v: string) => <GradeTag grade={v} /> },
                { title: t('credit.reasons'), dataIndex: 'reasons', render: (_: unknown, r) => <Reasons reasons={r.reasons} /> },
              ]}
              data-testid="credit-history"
            />
            {acting && <EntryActionModal entry={acting.entry} action={acting.action} onClose={() => setActing(null)} />}
          </Flex>
        )}
      </div>
    </Drawer>
  );
}
