import { useState, type ReactNode } from 'react';
import { Alert, App, Button, DatePicker, Descriptions, Divider, Drawer, Flex, Form, Grid, Input, Modal, Result, Skeleton, Switch, Tag, Typography } from 'antd';
import { PauseCircleOutlined, PlayCircleOutlined, SafetyCertificateOutlined, StopOutlined } from '@ant-design/icons';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import dayjs, { type Dayjs } from 'dayjs';
import { Link } from 'react-router-dom';
import { useTranslation } from 'react-i18next';
import { useMe } from '../../../api/auth';
import { fundsApi, fundsKeys, type Pension, type PensionStatus } from '../../../api/funds';
import { integrityApi, integrityKeys } from '../../../api/integrity';
import { ErrorAlert } from '../../../components/ErrorAlert';
import { useErrorText } from '../../../components/errorText';
import { Money, PensionStatusTag } from '../../../components/funds/parts';
import { mono, RegionName } from '../../../components/registry/parts';
import { allowed, INTEGRITY_ROLES, PENSION_MANAGE_ROLES, REGISTRY_ROLES } from '../../../layouts/consoleNav';
import { formatFen } from '../../../lib/money';
import { useIdempotencyKey } from '../../../lib/useIdempotencyKey';
import { todayInChina } from '../person/fields';
import { PensionRelatives } from './PensionRelatives';

/** Months from `from` up to, not including, `to` (both YYYY-MM), as the server counts arrears. */
export function monthsBetween(from: string, to: string): number {
  const [fy, fm] = from.split('-').map(Number) as [number, number];
  const [ty, tm] = to.split('-').map(Number) as [number, number];
  return (ty - fy) * 12 + (tm - fm);
}

/** Integer division rounded half up, like the server's calculators. */
const roundDiv = (n: number, d: number) => Math.floor((2 * n + d) / (2 * d));

const num = (v: unknown): number | undefined => (typeof v === 'number' && Number.isFinite(v) ? v : undefined);

function Source({ value }: { value: unknown }) {
  const { t } = useTranslation();
  if (typeof value !== 'string' || !value) return null;
  const year = /^average wage (\d{4})$/.exec(value)?.[1];
  const text = year ? t('funds.pensions.sources.averageWageYear', { year }) : t(`funds.pensions.sources.${value.replace(/\s+/g, '_')}`, { defaultValue: value });
  return (
    <Tag color={value === 'entered' ? 'orange' : 'blue'} style={{ marginInlineStart: 8 }} data-testid="basis-source">
      {text}
    </Tag>
  );
}

function Line({ label, children, testId }: { label: ReactNode; children: ReactNode; testId?: string }) {
  return (
    <Flex justify="space-between" align="baseline" gap={12} wrap style={{ padding: '6px 0', borderBottom: '1px dashed #f0f0f0' }} data-testid={testId}>
      <Typography.Text type="secondary">{label}</Typography.Text>
      <span style={{ textAlign: 'right', fontVariantNumeric: 'tabular-nums' }}>{children}</span>
    </Flex>
  );
}

/**
 * 计发依据: the formula of 国发〔2005〕38号 with this pension's inputs and where each came from,
 * so that anyone can check the amount by hand.
 */
function Basis({ pension: p }: { pension: Pension }) {
  const { t } = useTranslation();
  const b = p.basis;
  const wage = num(b.averageWageFen);
  const index = num(b.indexBp4);
  const months = num(b.contributionMonths);
  const balance = num(b.accountBalanceFen);
  const divisor = num(b.monthsDivisor);
  const indexed = wage !== undefined && index !== undefined ? roundDiv(wage * index, 10_000) : undefined;
  const years = months !== undefined ? months / 12 : undefined;
  const yearsText = years === undefined ? '—' : Number.isInteger(years) ? String(years) : years.toFixed(2);
  return (
    <Flex vertical gap={12} data-testid="pension-basis">
      <div>
        <Line label={t('funds.pensions.basis.averageWage')} testId="basis-average-wage">
          <Money fen={wage} />
          <Source value={b.averageWageSource} />
        </Line>
        <Line label={t('funds.pensions.basis.index')}>
          {index === undefined ? '—' : (index / 10_000).toFixed(4)}
          <Source value={b.indexSource} />
        </Line>
        <Line label={t('funds.pensions.basis.indexedWage')}>
          <Typography.Text type="secondary" style={{ fontSize: 12, marginInlineEnd: 8 }}>
            {wage !== undefined && index !== undefined ? `${formatFen(wage)} × ${(index / 10_000).toFixed(4)} =` : ''}
          </Typography.Text>
          <Money fen={indexed} />
        </Line>
        <Line label={t('funds.pensions.basis.contributionMonths')}>
          {months === undefined ? '—' : t('funds.pensions.basis.monthsYears', { months, years: yearsText })}
          <Source value={b.monthsSource} />
        </Line>
        <Line label={t('funds.pensions.basis.accountBalance')}>
          <Money fen={balance} />
        </Line>
        <Line label={t('funds.pensions.basis.divisor', { age: p.retirementAge })}>{divisor === undefined ? '—' : t('funds.pensions.basis.divisorMonths', { n: divisor })}</Line>
      </div>
      <div style={{ background: '#fafafa', border: '1px solid #f0f0f0', borderRadius: 6, padding: '8px 12px' }}>
        <Line label={<strong>{t('funds.pensions.basic')}</strong>} testId="basis-basic">
          <Typography.Text type="secondary" style={{ fontSize: 12, marginInlineEnd: 8 }}>
            {wage !== undefined && indexed !== undefined ? `(${formatFen(wage)} + ${formatFen(indexed)}) ÷ 2 × ${yearsText} × 1% =` : ''}
          </Typography.Text>
          <Money fen={p.basicFen} strong />
        </Line>
        <Line label={<strong>{t('funds.pensions.account')}</strong>} testId="basis-account">
          <Typography.Text type="secondary" style={{ fontSize: 12, marginInlineEnd: 8 }}>
            {balance !== undefined && divisor !== undefined ? `${formatFen(balance)} ÷ ${divisor} =` : ''}
          </Typography.Text>
          <Money fen={p.accountFen} strong />
        </Line>
        <Flex justify="space-between" align="baseline" style={{ paddingTop: 8 }} data-testid="basis-monthly">
          <Typography.Text strong>{t('funds.pensions.monthly')}</Typography.Text>
          <span style={{ fontSize: 18 }}>
            <Money fen={p.monthlyFen} strong />
          </span>
        </Flex>
      </div>
      <Typography.Text type="secondary" style={{ fontSize: 12 }}>
        {t('funds.pensions.basis.formula')}
      </Typography.Text>
    </Flex>
  );
}

type Change = PensionStatus;
interface ChangeValues {
  period: Dayjs;
  reason: string;
  payArrears: boolean;
}

/** 暂停 · 恢复 · 终止 with the month it takes effect and a reason; resuming may owe the suspended months (补发). */
function StatusModal({ pension: p, to, onClose }: { pension: Pension; to: Change | null; onClose: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const [form] = Form.useForm<ChangeValues>();
  const idem = useIdempotencyKey();
  const period = Form.useWatch('period', form);
  const payArrears = Form.useWatch('payArrears', form);
  const thisMonth = todayInChina().slice(0, 7);
  const run = useMutation({
    mutationFn: (v: ChangeValues) => {
      const body = { to: to ?? 'suspended', period: v.period.format('YYYY-MM'), reason: v.reason.trim(), ...(to === 'active' ? { payArrears: v.payArrears } : {}) };
      return fundsApi.changeStatus(p.id, body, idem.keyFor(body));
    },
    onSuccess: (updated) => {
      queryClient.setQueryData(fundsKeys.pension(p.id), updated);
      void queryClient.invalidateQueries({ queryKey: fundsKeys.pensions });
      void message.success(t(`funds.pensions.changed.${to ?? 'suspended'}`));
      close();
    },
  });
  function close() {
    idem.reset();
    run.reset();
    onClose();
  }
  const arrearsMonths = to === 'active' && payArrears && p.suspendedFrom && period ? Math.max(0, monthsBetween(p.suspendedFrom, period.format('YYYY-MM'))) : 0;
  return (
    <Modal
      open={to !== null}
      title={t(`funds.pensions.changeTitles.${to ?? 'suspended'}`, { name: p.name })}
      onCancel={close}
      onOk={() => form.submit()}
      okText={t(`funds.pensions.actions.${to ?? 'suspended'}`)}
      cancelText={t('common.cancel')}
      okButtonProps={{ danger: to === 'stopped', 'data-testid': 'pension-status-submit' }}
      confirmLoading={run.isPending}
      destroyOnHidden
      width={560}
    >
      {to === 'stopped' && <Alert type="warning" showIcon title={t('funds.pensions.stopWarning')} style={{ marginBottom: 16 }} />}
      <ErrorAlert error={run.error} />
      <Form<ChangeValues> form={form} name="pension-status" layout="vertical" initialValues={{ period: dayjs(`${thisMonth}-01`), reason: '', payArrears: true }} onFinish={run.mutate}>
        <Form.Item name="period" label={t(to === 'active' ? 'funds.pensions.resumeFrom' : 'funds.pensions.effectiveFrom')} rules={[{ required: true, message: t('funds.pensions.periodRequired') }]}>
          <DatePicker picker="month" allowClear={false} style={{ width: 160 }} disabledDate={(d) => (to === 'active' && !!p.suspendedFrom && d.format('YYYY-MM') < p.suspendedFrom) || d.format('YYYY-MM') < p.startPeriod} />
        </Form.Item>
        {to === 'active' && (
          <Form.Item
            name="payArrears"
            label={t('funds.pensions.payArrears')}
            valuePropName="checked"
            extra={
              p.suspendedFrom
                ? payArrears
                  ? t('funds.pensions.arrearsPreview', { from: p.suspendedFrom, months: arrearsMonths, amount: formatFen(arrearsMonths * p.monthlyFen) })
                  : t('funds.pensions.noArrears')
                : t('funds.pensions.noSuspendedFrom')
            }
          >
            <Switch data-testid="pension-pay-arrears" />
          </Form.Item>
        )}
        <Form.Item name="reason" label={t('funds.pensions.reason')} rules={[{ required: true, whitespace: true, message: t('funds.pensions.reasonRequired') }]}>
          <Input.TextArea name="reason" maxLength={500} showCount autoSize={{ minRows: 2, maxRows: 6 }} placeholder={t(`funds.pensions.reasonPlaceholders.${to ?? 'suspended'}`)} data-testid="pension-reason" />
        </Form.Item>
      </Form>
    </Modal>
  );
}

/** 窗口认证: the pensioner stands at the counter; certifying also releases a hold for an overdue certification. */
function CertifyAtCounter({ pension: p }: { pension: Pension }) {
  const { t } = useTranslation();
  const { message, modal } = App.useApp();
  const describe = useErrorText();
  const queryClient = useQueryClient();
  const certify = useMutation({
    mutationFn: () => integrityApi.certifyAtCounter(p.personId),
    onSuccess: (c) => {
      void queryClient.invalidateQueries({ queryKey: integrityKeys.all });
      void message.success(t('funds.pensions.certified', { until: c.validUntil ?? '—' }));
    },
    onError: (error) => void message.error(describe(error).title),
  });
  return (
    <Button
      icon={<SafetyCertificateOutlined />}
      loading={certify.isPending}
      onClick={() =>
        modal.confirm({
          title: t('funds.pensions.certifyConfirmTitle', { name: p.name }),
          content: t('funds.pensions.certifyConfirm'),
          okText: t('funds.pensions.certify'),
          cancelText: t('common.cancel'),
          onOk: () => certify.mutate(),
        })
      }
      data-testid="pension-certify"
    >
      {t('funds.pensions.certify')}
    </Button>
  );
}

function Actions({ pension: p, onChange }: { pension: Pension; onChange: (to: Change) => void }) {
  const { t } = useTranslation();
  if (p.status === 'stopped') return <Alert type="info" showIcon title={t('funds.pensions.stoppedNote')} style={{ marginBottom: 0 }} />;
  return (
    <Flex wrap gap={8}>
      {p.status === 'active' && (
        <Button icon={<PauseCircleOutlined />} onClick={() => onChange('suspended')} data-testid="pension-suspend">
          {t('funds.pensions.actions.suspended')}
        </Button>
      )}
      {p.status === 'suspended' && (
        <Button type="primary" icon={<PlayCircleOutlined />} onClick={() => onChange('active')} data-testid="pension-resume">
          {t('funds.pensions.actions.active')}
        </Button>
      )}
      <Button danger icon={<StopOutlined />} onClick={() => onChange('stopped')} data-testid="pension-stop">
        {t('funds.pensions.actions.stopped')}
      </Button>
      {p.status === 'active' && <CertifyAtCounter pension={p} />}
    </Flex>
  );
}

function Facts({ pension: p }: { pension: Pension }) {
  const { t } = useTranslation();
  const { data: me } = useMe();
  const canOpenPerson = allowed(me?.roles ?? [], REGISTRY_ROLES);
  const canSeeFlags = allowed(me?.roles ?? [], INTEGRITY_ROLES);
  const items = [
    {
      key: 'name',
      label: t('funds.pensions.person'),
      children: canOpenPerson ? <Link to={`/console/registry?person=${encodeURIComponent(p.personId)}`}>{p.name}</Link> : p.name,
    },
    { key: 'id', label: t('funds.pensions.idNumber'), children: <span style={mono}>{p.idNumberMasked}</span> },
    { key: 'region', label: t('funds.pensions.region'), children: <RegionName code={p.region} fullName={p.regionName} /> },
    { key: 'status', label: t('funds.pensions.status'), children: <PensionStatusTag status={p.status} /> },
    { key: 'start', label: t('funds.pensions.startPeriod'), children: p.startPeriod },
    { key: 'age', label: t('funds.pensions.retirementAge'), children: t('funds.pensions.ageN', { n: p.retirementAge }) },
    { key: 'monthly', label: t('funds.pensions.monthly'), children: <Money fen={p.monthlyFen} strong /> },
    { key: 'arrears', label: t('funds.pensions.arrears'), children: p.arrearsFen > 0 ? <Money fen={p.arrearsFen} type="warning" /> : '—' },
    {
      key: 'bank',
      label: t('funds.pensions.bank'),
      span: 2,
      children: p.bankName ? (
        <Flex wrap gap={8} align="center">
          <span>{p.bankName}</span>
          <span style={mono}>{p.accountNumberMasked}</span>
          {p.accountVerified ? <Tag color="success">{t('funds.pensions.accountVerified')}</Tag> : <Tag color="warning">{t('funds.pensions.accountUnverified')}</Tag>}
        </Flex>
      ) : (
        <Typography.Text type="warning">{t('funds.pensions.noAccount')}</Typography.Text>
      ),
    },
  ];
  if (p.status !== 'active' || p.statusReason) {
    items.push({
      key: 'reason',
      label: t('funds.pensions.statusReason'),
      span: 2,
      children: (
        <span style={{ whiteSpace: 'pre-wrap' }}>
          {p.suspendedFrom ? `${t('funds.pensions.suspendedFrom', { period: p.suspendedFrom })} · ` : ''}
          {p.statusReason ?? '—'}
        </span>
      ),
    });
  }
  return (
    <>
      <Descriptions column={{ xs: 1, sm: 2 }} size="small" bordered items={items} data-testid="pension-facts" />
      {canSeeFlags && (
        <Link to={`/console/integrity?person=${encodeURIComponent(p.personId)}`} style={{ fontSize: 13 }} data-testid="pension-flags">
          {t('funds.pensions.toReview')}
        </Link>
      )}
    </>
  );
}

/** One pension: the facts, the formula basis, and the changes my roles allow. */
export function PensionDrawer({ id, onClose }: { id: string | null; onClose: () => void }) {
  const { t } = useTranslation();
  const { data: me } = useMe();
  const screens = Grid.useBreakpoint();
  const canManage = allowed(me?.roles ?? [], PENSION_MANAGE_ROLES);
  const [changing, setChanging] = useState<Change | null>(null);
  const pension = useQuery({ queryKey: fundsKeys.pension(id ?? ''), queryFn: () => fundsApi.pension(id ?? ''), enabled: !!id });
  const p = pension.data?.id === id ? pension.data : undefined;
  return (
    <Drawer
      open={!!id}
      onClose={onClose}
      size={screens.md === false ? '100%' : 760}
      title={
        <Flex wrap gap={8} align="center">
          <span>{p ? p.name : t('funds.pensions.detailTitle')}</span>
          {p && <PensionStatusTag status={p.status} reason={p.statusReason} />}
        </Flex>
      }
      destroyOnHidden
    >
      <div data-testid="pension-detail">
        {!id ? null : !p && pension.isFetching ? (
          <Skeleton active />
        ) : !p ? (
          <Result status="error" title={t('funds.pensions.loadFailed')} extra={<Button onClick={() => void pension.refetch()}>{t('common.retry')}</Button>}>
            <ErrorAlert error={pension.error} />
          </Result>
        ) : (
          <Flex vertical gap={16}>
            <ErrorAlert error={pension.error} style={{ marginBottom: 0 }} />
            {canManage ? <Actions pension={p} onChange={setChanging} /> : <Alert type="info" showIcon title={t('funds.pensions.readOnly')} style={{ marginBottom: 0 }} />}
            <Facts pension={p} />
            <Divider titlePlacement="start" style={{ margin: '4px 0' }}>
              {t('funds.pensions.basisTitle')}
            </Divider>
            <Basis pension={p} />
            {canManage && p.status !== 'stopped' && <PensionRelatives pensionerId={p.personId} name={p.name} />}
            {canManage && <StatusModal pension={p} to={changing} onClose={() => setChanging(null)} />}
          </Flex>
        )}
      </div>
    </Drawer>
  );
}
