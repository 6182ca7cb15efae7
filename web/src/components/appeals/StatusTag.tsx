import { Tag } from 'antd';
import { ClockCircleOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { useAppealLabels } from './labels';

const colors: Record<string, string> = {
  submitted: 'gold',
  in_progress: 'processing',
  replied: 'cyan',
  closed: 'success',
  returned: 'magenta',
};

/** The appeal's status, with a red "overdue" tag next to it when the reply deadline passed. */
export function StatusTag({ status, overdue }: { status: string; overdue?: boolean }) {
  const { t } = useTranslation();
  const labels = useAppealLabels();
  return (
    <span style={{ whiteSpace: 'nowrap' }} data-testid="appeal-status" data-status={status}>
      <Tag color={colors[status] ?? 'default'}>{labels.status(status)}</Tag>
      {overdue && (
        <Tag color="error" icon={<ClockCircleOutlined />}>
          {t('appeals.overdue')}
        </Tag>
      )}
    </span>
  );
}
