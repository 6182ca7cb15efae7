import type { CSSProperties, ReactNode } from 'react';
import { Tag, Tooltip, Typography } from 'antd';
import { ArrowDownOutlined, ArrowUpOutlined, CheckCircleOutlined, CloseCircleOutlined, ExclamationCircleOutlined, MinusCircleOutlined } from '@ant-design/icons';
import { useExchangeLabels } from './labels';

export const mono: CSSProperties = { fontFamily: 'ui-monospace, Menlo, Consolas, monospace' };

const departmentColors: Record<string, string> = {
  public_security: 'blue',
  civil_affairs: 'cyan',
  health: 'green',
  tax: 'gold',
  bank: 'purple',
  education: 'geekblue',
};
const partnerColors: Record<string, string> = { active: 'success', suspended: 'warning' };
export const messageStatusColors: Record<string, string> = {
  applied: 'success',
  answered: 'success',
  rejected: 'error',
  refused: 'volcano',
  duplicate: 'default',
  failed: 'warning',
};
const recordColors: Record<string, string> = { accepted: 'success', valid: 'processing', rejected: 'error' };

function CodeTag({ code, label, colors, testId, title }: { code: string; label: string; colors: Record<string, string>; testId: string; title?: ReactNode }) {
  const tag = (
    <Tag color={colors[code] ?? 'default'} style={{ margin: 0 }} data-testid={testId} data-status={code}>
      {label}
    </Tag>
  );
  return title ? <Tooltip title={title}>{tag}</Tooltip> : tag;
}

/** 公安 · 民政 · 卫健 · 税务 · 银行 · 教育 */
export function DepartmentTag({ department }: { department: string }) {
  const labels = useExchangeLabels();
  return <CodeTag code={department} label={labels.department(department)} colors={departmentColors} testId="partner-department" />;
}

/** 正常 · 已暂停; the reason of the last change on hover. */
export function PartnerStatusTag({ status, reason }: { status: string; reason?: string | null }) {
  const labels = useExchangeLabels();
  return <CodeTag code={status} label={labels.partnerStatus(status)} colors={partnerColors} testId="partner-status" title={reason || undefined} />;
}

/** 已入库 · 整批退回 · 拒绝受理 …; the problem code on hover. */
export function MessageStatusTag({ status, problemCode }: { status: string; problemCode?: string | null }) {
  const labels = useExchangeLabels();
  return (
    <CodeTag
      code={status}
      label={labels.status(status)}
      colors={messageStatusColors}
      testId="message-status"
      title={problemCode ? `${labels.problem(problemCode)} (${problemCode})` : undefined}
    />
  );
}

export function RecordStatusTag({ status }: { status: string }) {
  const labels = useExchangeLabels();
  return <CodeTag code={status} label={labels.recordStatus(status)} colors={recordColors} testId="record-status" />;
}

/** 接收 ↓ · 发送 ↑ */
export function Direction({ direction }: { direction: string }) {
  const labels = useExchangeLabels();
  const icon = direction === 'in' ? <ArrowDownOutlined /> : <ArrowUpOutlined />;
  return (
    <Typography.Text type="secondary" style={{ whiteSpace: 'nowrap' }}>
      {icon} {labels.direction(direction)}
    </Typography.Text>
  );
}

/** What checking the signature found: valid, invalid, missing, expired, or not checked. */
export function Verification({ result }: { result: string }) {
  const labels = useExchangeLabels();
  const [icon, type] =
    result === 'valid'
      ? [<CheckCircleOutlined key="i" />, 'success' as const]
      : result === 'invalid' || result === 'expired'
        ? [<CloseCircleOutlined key="i" />, 'danger' as const]
        : result === 'missing'
          ? [<ExclamationCircleOutlined key="i" />, 'warning' as const]
          : [<MinusCircleOutlined key="i" />, 'secondary' as const];
  return (
    <Typography.Text type={type} style={{ whiteSpace: 'nowrap' }} data-testid="message-verification" data-result={result}>
      {icon} {labels.verification(result)}
    </Typography.Text>
  );
}

/** A dataset by its name in the current language, with its `name@version` on hover. */
export function DatasetName({ dataset }: { dataset: string }) {
  const labels = useExchangeLabels();
  const title = labels.dataset(dataset);
  return title === dataset ? <span style={mono}>{dataset}</span> : <span title={dataset}>{title}</span>;
}

/** A long hex or base64 value (or a PEM block, `preformatted`): monospace, wrapped anywhere, with a copy button. */
export function LongValue({ value, testId, preformatted }: { value: string | null | undefined; testId?: string; preformatted?: boolean }) {
  if (!value) return <>—</>;
  return (
    <Typography.Paragraph
      copyable={{ text: value }}
      style={{ ...mono, fontSize: 12, wordBreak: 'break-all', whiteSpace: preformatted ? 'pre-wrap' : undefined, margin: 0 }}
      data-testid={testId}
    >
      {value}
    </Typography.Paragraph>
  );
}

/** The last part of a region's full name (银川市), the full name and code on hover. */
export function RegionShort({ code, fullName }: { code: string; fullName: string }) {
  const last = fullName.split(/\s+/).filter(Boolean).pop();
  return <span title={`${fullName} (${code})`}>{last ?? code}</span>;
}
