import { lazy, Suspense, useCallback, useState } from 'react';
import { App, Badge, Button, Card, Col, Empty, Flex, Input, Popconfirm, Row, Segmented, Skeleton, Table, Tabs, Tag, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { ThunderboltOutlined } from '@ant-design/icons';
import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useSearchParams } from 'react-router-dom';
import { useTranslation } from 'react-i18next';
import { useMe } from '../../../api/auth';
import {
  CREDIT_GRADES,
  creditApi,
  creditKeys,
  DISHONESTY_STATUSES,
  PARTY_KINDS,
  type CreditGrade,
  type DishonestyEntry,
  type DishonestyQuery,
  type DishonestyStatus,
  type PartyKind,
  type RatingQuery,
  type RatingRow,
} from '../../../api/credit';
import { ErrorAlert } from '../../../components/ErrorAlert';
import { mono, RegionName } from '../../../components/registry/parts';
import { allowed, CREDIT_MANAGE_ROLES } from '../../../layouts/consoleNav';
import { formatDate, formatDateTime } from '../../../lib/format';
import { useDebounced } from '../../../lib/useDebounced';
import { useIdempotencyKey } from '../../../lib/useIdempotencyKey';
import { PartyDrawer } from './PartyDrawer';
import { RulesTab } from './RulesTab';
import { EntryEvidence, EntryStatusTag, gradeColors, GradeTag, Reasons, useCreditLabels, VersionTag } from './parts';

const GradeChart = lazy(() => import('./GradeChart'));

type Party = { kind: PartyKind; id: string };

/** The open party lives in the address (?party=employer:<id>), so a reload keeps it and Back closes it. */
function useOpenParty() {
  const [params, setParams] = useSearchParams();
  const set = (p: Party | null) =>
    setParams((prev) => {
      const next = new URLSearchParams(prev);
      if (p) next.set('party', `${p.kind}:${p.id}`);
      else next.delete('party');
      return next;
    });
  const [kind, id] = (params.get('party') ?? '').split(':');
  const party: Party | null = (PARTY_KINDS as readonly string[]).includes(kind ?? '') && id ? { kind: kind as PartyKind, id } : null;
  return [party, set] as const;
}

/** Who: an employer's name and credit code, or a person's masked name and ID number. */
function Who({ r }: { r: { name: string; creditCode: string | null; idNumberMasked: string | null } }) {
  return (
    <Flex vertical>
      <span style={{ whiteSpace: 'nowrap' }}>{r.name || '—'}</span>
      <Typography.Text type="secondary" style={{ ...mono, fontSize: 12, whiteSpace: 'nowrap' }}>
        {r.creditCode ?? r.idNumberMasked ?? ''}
      </Typography.Text>
    </Flex>
  );
}

/** Rates the region under the latest rules (department heads): the summary comes back as a message. */
function RunButton() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const idem = useIdempotencyKey();
  const run = useMutation({
    // A new key per run: running again later is a new run, not a retry.
    mutationFn: () => creditApi.run(idem.keyFor({ at: Date.now() })),
    onSuccess: (s) => {
      void queryClient.invalidateQueries({ queryKey: creditKeys.all });
      void message.success(t('credit.runDone', { version: s.ruleVersion, employers: s.employers, persons: s.persons, entries: s.entriesCreated }));
    },
    onError: (e) => void message.error(e instanceof Error ? e.message : String(e)),
  });
  return (
    <Popconfirm title={t('credit.runConfirm')} okText={t('credit.run')} cancelText={t('common.cancel')} onConfirm={() => run.mutate()}>
      <Button type="primary" icon={<ThunderboltOutlined />} loading={run.isPending} data-testid="credit-run">
        {t('credit.run')}
      </Button>
    </Popconfirm>
  );
}

function RatingsTab({ onOpen }: { onOpen: (p: Party) => void }) {
  const { t } = useTranslation();
  const labels = useCreditLabels();
  const [kind, setKind] = useState<PartyKind | 'all'>('all');
  const [grade, setGrade] = useState<CreditGrade | undefined>();
  const [text, setText] = useState('');
  const q = useDebounced(text.trim(), 300);
  const [paging, setPaging] = useState({ page: 1, pageSize: 20 });
  const query: RatingQuery = { partyKind: kind === 'all' ? undefined : kind, grade, q: q || undefined, ...paging };
  const list = useQuery({ queryKey: [...creditKeys.ratings, query], queryFn: () => creditApi.ratings(query), placeholderData: keepPreviousData });
  const counts = list.data?.byGrade;
  const pick = useCallback((g: CreditGrade) => {
    setGrade((prev) => (prev === g ? undefined : g));
    setPaging((p) => ({ ...p, page: 1 }));
  }, []);

  const columns: ColumnsType<RatingRow> = [
    { title: t('credit.party'), key: 'party', render: (_, r) => <Who r={r} /> },
    { title: t('credit.kind'), dataIndex: 'partyKind', render: (v: string) => labels.kind(v) },
    { title: t('credit.score'), dataIndex: 'score', align: 'right', render: (v: number) => <Typography.Text strong>{v}</Typography.Text> },
    { title: t('credit.grade'), dataIndex: 'grade', render: (v: string) => <GradeTag grade={v} /> },
    { title: t('credit.reasons'), dataIndex: 'reasons', render: (_: unknown, r) => <Reasons reasons={r.reasons} /> },
    { title: t('credit.dishonesty'), dataIndex: 'dishonesty', render: (v: string | null) => (v ? <EntryStatusTag status={v} /> : '—') },
    { title: t('credit.version'), dataIndex: 'ruleVersion', render: (v: number) => <VersionTag version={v} /> },
    { title: t('credit.region'), dataIndex: 'regionName', render: (v: string, r) => <RegionName code={r.region} fullName={v || undefined} /> },
    { title: t('credit.ratedAt'), dataIndex: 'ratedAt', render: (v: string) => <span title={formatDateTime(v)} style={{ whiteSpace: 'nowrap' }}>{formatDate(v)}</span> },
  ];

  return (
    <Flex vertical gap={16}>
      <Row gutter={[16, 16]}>
        <Col xs={24} lg={9}>
          <Card size="small" title={t('credit.distribution')} data-testid="credit-distribution">
            {!counts ? (
              <Skeleton active />
            ) : Object.values(counts).every((n) => n === 0) ? (
              <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('credit.empty')} />
            ) : (
              <Suspense fallback={<Skeleton active />}>
                <GradeChart counts={counts} onPick={pick} />
              </Suspense>
            )}
          </Card>
        </Col>
        <Col xs={24} lg={15}>
          <Flex vertical gap={12}>
            <Segmented
              value={kind}
              onChange={(v) => {
                setKind(v as PartyKind | 'all');
                setPaging((p) => ({ ...p, page: 1 }));
              }}
              options={[{ value: 'all', label: t('credit.allKinds') }, ...PARTY_KINDS.map((k) => ({ value: k, label: labels.kind(k) }))]}
              data-testid="credit-kind-filter"
            />
            <Flex wrap gap={8} align="center" data-testid="credit-grade-filter">
              <Typography.Text type="secondary">{t('credit.grade')}</Typography.Text>
              <Tag.CheckableTag checked={grade === undefined} onChange={() => setGrade(undefined)}>
                {t('credit.allGrades')}
              </Tag.CheckableTag>
              {CREDIT_GRADES.map((g) => (
                <Tag.CheckableTag key={g} checked={grade === g} onChange={() => pick(g)} data-testid={`credit-grade-${g}`} data-count={counts?.[g] ?? 0}>
                  <span style={{ display: 'inline-block', width: 8, height: 8, borderRadius: 4, background: gradeColors[g], marginInlineEnd: 6 }} />
                  {t('credit.gradeLabel', { grade: g })}
                  <Badge count={counts?.[g] ?? 0} size="small" color={gradeColors[g]} showZero style={{ marginInlineStart: 4 }} />
                </Tag.CheckableTag>
              ))}
            </Flex>
            <Input.Search
              allowClear
              value={text}
              onChange={(e) => {
                setText(e.target.value);
                setPaging((p) => ({ ...p, page: 1 }));
              }}
              placeholder={t('credit.searchPlaceholder')}
              style={{ maxWidth: 420 }}
              data-testid="credit-search"
            />
          </Flex>
        </Col>
      </Row>
      <ErrorAlert error={list.error} />
      <Table<RatingRow>
        rowKey={(r) => `${r.partyKind}:${r.partyId}`}
        size="middle"
        columns={columns}
        dataSource={list.data?.items ?? []}
        loading={list.isFetching}
        scroll={{ x: 'max-content' }}
        onRow={(r) => ({ onClick: () => onOpen({ kind: r.partyKind, id: r.partyId }), style: { cursor: 'pointer' } })}
        locale={{ emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('credit.empty')} /> }}
        pagination={{
          current: paging.page,
          pageSize: paging.pageSize,
          total: list.data?.total ?? 0,
          showSizeChanger: true,
          showTotal: (total) => t('common.total', { total }),
          onChange: (page, pageSize) => setPaging((p) => ({ page: pageSize === p.pageSize ? page : 1, pageSize })),
        }}
        data-testid="credit-ratings"
      />
    </Flex>
  );
}

type StatusFilter = DishonestyStatus | 'all';

function DishonestyTab({ onOpen }: { onOpen: (p: Party) => void }) {
  const { t } = useTranslation();
  const labels = useCreditLabels();
  const [status, setStatus] = useState<StatusFilter>('all');
  const [paging, setPaging] = useState({ page: 1, pageSize: 20 });
  const query: DishonestyQuery = { status: status === 'all' ? undefined : status, ...paging };
  const list = useQuery({ queryKey: [...creditKeys.dishonesty, query], queryFn: () => creditApi.dishonesty(query), placeholderData: keepPreviousData });
  const columns: ColumnsType<DishonestyEntry> = [
    { title: t('credit.party'), key: 'party', render: (_, r) => <Who r={r} /> },
    { title: t('credit.kind'), dataIndex: 'partyKind', render: (v: string) => labels.kind(v) },
    {
      title: t('credit.entry.rule'),
      dataIndex: 'ruleCode',
      render: (v: string, r) => (
        <Flex vertical gap={2} align="start">
          <span style={{ whiteSpace: 'nowrap' }}>{labels.ruleCode(v)}</span>
          <VersionTag version={r.ruleVersion} />
        </Flex>
      ),
    },
    { title: t('credit.entry.evidence'), key: 'evidence', render: (_, r) => <EntryEvidence entry={r} /> },
    { title: t('credit.entry.status'), dataIndex: 'status', render: (v: string) => <EntryStatusTag status={v} /> },
    { title: t('credit.entry.notifiedAt'), dataIndex: 'notifiedAt', render: (v: string) => <span style={{ whiteSpace: 'nowrap' }}>{formatDate(v)}</span> },
    { title: t('credit.entry.repairableOn'), dataIndex: 'repairableOn', render: (v: string | null) => formatDate(v) },
  ];
  return (
    <Flex vertical gap={12}>
      <Segmented
        value={status}
        onChange={(v) => {
          setStatus(v as StatusFilter);
          setPaging((p) => ({ ...p, page: 1 }));
        }}
        options={[{ value: 'all', label: t('credit.allStatuses') }, ...DISHONESTY_STATUSES.map((s) => ({ value: s, label: labels.status(s) }))]}
        data-testid="credit-status-filter"
      />
      <ErrorAlert error={list.error} />
      <Table<DishonestyEntry>
        rowKey="id"
        size="middle"
        columns={columns}
        dataSource={list.data?.items ?? []}
        loading={list.isFetching}
        scroll={{ x: 'max-content' }}
        onRow={(r) => ({ onClick: () => onOpen({ kind: r.partyKind, id: r.partyId }), style: { cursor: 'pointer' } })}
        locale={{ emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('credit.dishonestyEmpty')} /> }}
        pagination={{
          current: paging.page,
          pageSize: paging.pageSize,
          total: list.data?.total ?? 0,
          showSizeChanger: true,
          showTotal: (total) => t('common.total', { total }),
          onChange: (page, pageSize) => setPaging((p) => ({ page: pageSize === p.pageSize ? page : 1, pageSize })),
        }}
        data-testid="credit-dishonesty"
      />
    </Flex>
  );
}

/** /console/credit (信用): ratings with their distribution, the dishonesty list, and the rules by version. */
export default function CreditPage() {
  const { t } = useTranslation();
  const { data: me } = useMe();
  const canManage = allowed(me?.roles ?? [], CREDIT_MANAGE_ROLES);
  const [party, openParty] = useOpenParty();
  const [tab, setTab] = useState('ratings');
  return (
    <Flex vertical gap={16}>
      <Card>
        <Flex wrap gap={12} justify="space-between" align="start">
          <div style={{ maxWidth: 760 }}>
            <Typography.Title level={4} style={{ marginTop: 0 }}>
              {t('credit.title')}
            </Typography.Title>
            <Typography.Paragraph type="secondary" style={{ marginBottom: 0 }}>
              {t('credit.intro')}
            </Typography.Paragraph>
          </div>
          {canManage && <RunButton />}
        </Flex>
        <Tabs
          activeKey={tab}
          onChange={setTab}
          items={[
            { key: 'ratings', label: <span data-testid="credit-tab-ratings">{t('credit.tabs.ratings')}</span>, children: <RatingsTab onOpen={openParty} /> },
            { key: 'dishonesty', label: <span data-testid="credit-tab-dishonesty">{t('credit.tabs.dishonesty')}</span>, children: <DishonestyTab onOpen={openParty} /> },
            { key: 'rules', label: <span data-testid="credit-tab-rules">{t('credit.tabs.rules')}</span>, children: <RulesTab /> },
          ]}
        />
      </Card>
      <PartyDrawer party={party} onClose={() => openParty(null)} />
    </Flex>
  );
}
