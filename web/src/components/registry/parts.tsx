import { Tag, Tooltip } from 'antd';
import { useRegion } from '../../api/appeals';
import { shortRegion } from '../appeals/labels';
import { useRegistryLabels } from './labels';

export const mono = { fontFamily: 'ui-monospace, Menlo, Consolas, monospace' };

/** A region code as its name without the province and city (the full name on hover). */
export function RegionName({ code, fullName }: { code: string; fullName?: string }) {
  const region = useRegion(fullName ? undefined : code);
  const name = fullName ?? region.data?.fullName;
  return name ? <span title={name}>{shortRegion(name)}</span> : <span style={mono}>{code}</span>;
}

const cardColors: Record<string, string> = { active: 'success', reported_lost: 'warning', replaced: 'default', cancelled: 'error' };
const enrolmentColors: Record<string, string> = { active: 'success', suspended: 'warning', ended: 'default' };
const bankColors: Record<string, string> = { active: 'success', closed: 'default' };
const employerColors: Record<string, string> = { active: 'success', suspended: 'warning', closed: 'default' };
const correctionColors: Record<string, string> = { open: 'processing', done: 'success', refused: 'default' };

function StatusTag({ status, colors, label, testId }: { status: string; colors: Record<string, string>; label: string; testId: string }) {
  return (
    <Tag color={colors[status] ?? 'default'} style={{ margin: 0 }} data-testid={testId} data-status={status}>
      {label}
    </Tag>
  );
}

/** 正常 · 挂失 · 已补换 · 已注销 */
export function CardStatusTag({ status }: { status: string }) {
  const labels = useRegistryLabels();
  return <StatusTag status={status} colors={cardColors} label={labels.cardStatus(status)} testId="card-status" />;
}

/** 参保中 · 暂停 · 终止 */
export function EnrolmentStatusTag({ status }: { status: string }) {
  const labels = useRegistryLabels();
  return <StatusTag status={status} colors={enrolmentColors} label={labels.enrolmentStatus(status)} testId="enrolment-status" />;
}

/** 在用 · 已撤销 */
export function BankStatusTag({ status }: { status: string }) {
  const labels = useRegistryLabels();
  return <StatusTag status={status} colors={bankColors} label={labels.bankStatus(status)} testId="bank-status" />;
}

/** 正常 · 停业 · 注销 */
export function EmployerStatusTag({ status }: { status: string }) {
  const labels = useRegistryLabels();
  return <StatusTag status={status} colors={employerColors} label={labels.employerStatus(status)} testId="employer-status" />;
}

/** 办理中 · 已更正 · 不予更正; an open request past its due time says so. */
export function CorrectionStatusTag({ status, overdue, dueLabel }: { status: string; overdue?: boolean; dueLabel?: string }) {
  const labels = useRegistryLabels();
  const tag = <StatusTag status={status} colors={overdue ? { open: 'error' } : correctionColors} label={labels.correctionStatus(status)} testId="correction-status" />;
  return dueLabel ? <Tooltip title={dueLabel}>{tag}</Tooltip> : tag;
}
