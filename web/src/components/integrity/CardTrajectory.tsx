/**
 * 用卡轨迹 of one person for a reviewer: the finding in words, the uses over time and on a
 * longitude/latitude sketch (loaded lazily), and the uses as a table. Shown in the review
 * drawer for card findings; reading it is audited with the person as subject.
 */
import { lazy, Suspense, useEffect, useRef, useState, type CSSProperties, type HTMLAttributes } from 'react';
import { Alert, Button, DatePicker, Empty, Flex, Skeleton, Table, Tag, Typography, type TableColumnsType } from 'antd';
import dayjs from 'dayjs';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { cardsApi, cardsKeys, type CardFinding, type CardUse } from '../../api/cards';
import { ErrorAlert } from '../ErrorAlert';
import { formatDate, formatDateTime } from '../../lib/format';
import { formatFen } from '../../lib/money';
import './cards.i18n';

const CardTrajectoryCharts = lazy(() => import('./CardTrajectoryCharts'));

const RED = '#cf1322';
const MAX_SPAN_DAYS = 730;
const flaggedRow: CSSProperties = { background: '#fff1f0' };

const str = (v: unknown): string => (typeof v === 'string' || typeof v === 'number' ? String(v) : '');
const obj = (v: unknown): Record<string, unknown> => (v && typeof v === 'object' ? (v as Record<string, unknown>) : {});
const shiftDay = (day: string, days: number) => dayjs(day).add(days, 'day').format('YYYY-MM-DD');

/** The China dates a finding is about: its uses, or its peer window. */
function datesOf(flag: CardFinding): string[] {
  const e = flag.evidence;
  return [str(obj(e.from).usedAt), str(obj(e.to).usedAt), str(obj(e.use).usedAt), str(e.windowStart), str(e.windowEnd)].filter(Boolean).map((d) => formatDate(d));
}

/** 用卡行程不可能 · 死亡后用卡 …, in red: card findings are about suspected misuse. */
export function CardFlagKindTag({ kind }: { kind: string }) {
  const { t } = useTranslation();
  return (
    <Tag color="red" style={{ margin: 0 }} data-testid="card-flag-kind" data-kind={kind}>
      {t(`cards.flagKinds.${kind}`, { defaultValue: kind })}
    </Tag>
  );
}

/** What a card finding says, in one sentence from its evidence. */
export function CardFindingText({ flag }: { flag: CardFinding }) {
  const { t } = useTranslation();
  const e = flag.evidence;
  const from = obj(e.from);
  const to = obj(e.to);
  const use = obj(e.use);
  const peers = {
    days: str(e.windowDays),
    start: str(e.windowStart),
    end: str(e.windowEnd),
    band: str(e.ageBand),
    group: str(e.conditionGroup) || t('cards.noGroup'),
    peers: str(e.peerCount),
    pct: str(e.percentile),
  };
  switch (flag.kind) {
    case 'card_impossible_travel':
      return (
        <>
          {e.speedKmh === null
            ? t('cards.journeySimultaneous', { from: str(from.institutionName), to: str(to.institutionName), distance: str(e.distanceKm) })
            : t('cards.journey', { from: str(from.institutionName), to: str(to.institutionName), distance: str(e.distanceKm), hours: str(e.hours), speed: str(e.speedKmh), max: str(e.maxSpeedKmh) })}
        </>
      );
    case 'card_frequency':
      return <>{t('cards.peerVisits', { ...peers, value: str(e.visits), median: str(e.peerMedian), p99: str(e.peerP99) })}</>;
    case 'card_amount':
      return <>{t('cards.peerAmount', { ...peers, value: formatFen(Number(e.amountFen)), median: formatFen(Number(e.peerMedianFen)), p99: formatFen(Number(e.peerP99Fen)) })}</>;
    case 'card_after_death':
      return <>{t('cards.afterDeath', { date: str(e.diedOn), place: str(use.institutionName), at: formatDateTime(str(use.usedAt)) })}</>;
    case 'card_after_lost':
      return (
        <>
          {t('cards.afterLost', {
            lostAt: formatDateTime(str(e.reportedLostAt)),
            found: e.foundAt ? t('cards.foundAgain', { at: formatDateTime(str(e.foundAt)) }) : '',
            place: str(use.institutionName),
            at: formatDateTime(str(use.usedAt)),
          })}
        </>
      );
    default:
      return <>{flag.kind}</>;
  }
}

function UsesTable({ uses, focus }: { uses: CardUse[]; focus: Set<number> }) {
  const { t } = useTranslation();
  const columns: TableColumnsType<CardUse> = [
    {
      key: 'usedAt',
      title: t('cards.column.usedAt'),
      width: 160,
      render: (_, u) => <span style={{ color: u.flagIds.length ? RED : undefined, fontWeight: focus.has(u.id) ? 600 : undefined }}>{formatDateTime(u.usedAt)}</span>,
    },
    {
      key: 'institution',
      title: t('cards.column.institution'),
      render: (_, u) => (
        <Flex vertical>
          <span>{u.institution.name}</span>
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {t(`cards.kinds.${u.kind}`, { defaultValue: u.kind })} · <span title={u.institution.regionName}>{u.institution.regionName.split(' ').slice(-2).join(' ')}</span>
          </Typography.Text>
        </Flex>
      ),
    },
    { key: 'amount', title: t('cards.column.amount'), align: 'right', width: 110, render: (_, u) => formatFen(u.amountFen) },
    { key: 'card', title: t('cards.column.card'), width: 110, responsive: ['md'], render: (_, u) => <Typography.Text style={{ fontSize: 12 }}>{u.cardNumberMasked}</Typography.Text> },
  ];
  return (
    <Table<CardUse>
      size="small"
      rowKey="id"
      columns={columns}
      dataSource={[...uses].reverse()}
      pagination={uses.length > 8 ? { pageSize: 8, size: 'small', showSizeChanger: false } : false}
      onRow={(u) => ({ style: u.flagIds.length ? flaggedRow : undefined, 'data-flagged': u.flagIds.length > 0 || undefined }) as HTMLAttributes<HTMLElement>}
      data-testid="card-uses-table"
    />
  );
}

/**
 * A person's card trajectory. With `flagId` (a card finding under review) that finding is
 * described on top, its uses are drawn outlined, and the period widens to include them.
 */
export function CardTrajectory({ personId, flagId }: { personId: string; flagId?: number }) {
  const { t } = useTranslation();
  const [period, setPeriod] = useState<{ from: string; to: string } | undefined>(undefined);
  const widened = useRef(false);
  const query = useQuery({
    queryKey: cardsKeys.trajectory(personId, period?.from, period?.to),
    queryFn: () => cardsApi.trajectory(personId, period ?? {}),
    placeholderData: (previous) => (previous?.personId === personId ? previous : undefined),
  });
  const data = query.data?.personId === personId ? query.data : undefined;
  const focus = data?.flags.find((f) => f.id === flagId);

  // The finding's own dates may lie before the default 90 days: widen the period once to show them.
  useEffect(() => {
    if (!data || !focus || widened.current) return;
    widened.current = true;
    const dates = datesOf(focus).sort();
    if (dates.length === 0 || (dates[0]! >= data.from && dates.at(-1)! <= data.to)) return;
    const to = dates.at(-1)! > data.to ? dates.at(-1)! : data.to;
    const earliest = shiftDay(dates[0]!, -7) < data.from ? shiftDay(dates[0]!, -7) : data.from;
    const limit = shiftDay(to, -MAX_SPAN_DAYS);
    setPeriod({ from: earliest > limit ? earliest : limit, to });
  }, [data, focus]);

  if (!data) {
    return query.isError ? (
      <Alert type="error" showIcon title={t('cards.loadFailed')} description={<ErrorAlert error={query.error} style={{ marginBottom: 0 }} />} action={<Button onClick={() => void query.refetch()}>{t('common.retry')}</Button>} />
    ) : (
      <Skeleton active />
    );
  }
  const focusUses = new Set(focus?.useIds ?? []);
  const others = data.flags.filter((f) => f.id !== flagId);
  return (
    <Flex vertical gap={12} data-testid="card-trajectory" data-person={personId}>
      <Flex wrap gap={8} align="center" justify="space-between">
        <Typography.Title level={5} style={{ margin: 0 }}>
          {t('cards.title')}
        </Typography.Title>
        <Flex wrap gap={8} align="center">
          <Typography.Text type="secondary">
            {t('cards.uses', { count: data.uses.length })} · {t('cards.places', { count: new Set(data.uses.map((u) => u.institution.code)).size })}
          </Typography.Text>
          <DatePicker.RangePicker
            size="small"
            allowClear={false}
            value={[dayjs(data.from), dayjs(data.to)]}
            disabledDate={(d) => d.isAfter(dayjs(), 'day')}
            onChange={(range) => {
              const [a, b] = range ?? [];
              if (a && b) setPeriod({ from: a.format('YYYY-MM-DD'), to: b.format('YYYY-MM-DD') });
            }}
            aria-label={t('cards.period')}
            data-testid="card-period"
          />
        </Flex>
      </Flex>
      {focus && (
        <Alert
          type="error"
          showIcon
          title={
            <Flex wrap gap={8} align="center">
              <span>{t('cards.findingTitle')}</span>
              <CardFlagKindTag kind={focus.kind} />
            </Flex>
          }
          description={<CardFindingText flag={focus} />}
          data-testid="card-finding"
        />
      )}
      <ErrorAlert error={query.error} style={{ marginBottom: 0 }} />
      {data.truncated && <Alert type="warning" showIcon title={t('cards.truncated', { count: data.uses.length })} />}
      {data.uses.length === 0 ? (
        <Empty description={t('cards.empty')} />
      ) : (
        <>
          <Suspense fallback={<Skeleton active />}>
            <CardTrajectoryCharts uses={data.uses} flags={data.flags} focusFlagId={flagId} />
          </Suspense>
          <UsesTable uses={data.uses} focus={focusUses} />
        </>
      )}
      {others.length > 0 && (
        <Flex vertical gap={4} data-testid="card-other-findings">
          <Typography.Text type="secondary">{t('cards.otherFindings')}</Typography.Text>
          {others.map((f) => (
            <Flex key={f.id} wrap gap={8} align="baseline">
              <CardFlagKindTag kind={f.kind} />
              <Typography.Text style={{ fontSize: 13 }}>
                <CardFindingText flag={f} />
              </Typography.Text>
              <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                {formatDate(f.createdAt)}
              </Typography.Text>
            </Flex>
          ))}
        </Flex>
      )}
    </Flex>
  );
}
