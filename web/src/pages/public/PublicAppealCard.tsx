import { Card, Flex, Tag, Typography } from 'antd';
import { LockOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import type { PublicAppeal } from '../../api/appeals';
import { shortRegion, useAppealLabels } from '../../components/appeals/labels';
import { StatusTag } from '../../components/appeals/StatusTag';
import { formatDate, formatDateTime } from '../../lib/format';

const mono = { fontFamily: 'ui-monospace, Menlo, Consolas, monospace' };

function Reply({ appeal: a }: { appeal: PublicAppeal }) {
  const { t } = useTranslation();
  if (!a.publicReply) {
    return (
      <Typography.Text type="secondary" style={{ fontSize: 13 }}>
        {t('appeals.fields.department')}：{a.departmentName || '—'} · {t('appeals.fields.replyDueAt')}：{formatDate(a.replyDueAt)}
      </Typography.Text>
    );
  }
  return (
    <div style={{ background: '#f6ffed', borderInlineStart: '3px solid #52c41a', padding: '8px 12px', borderRadius: 4 }} data-testid="public-reply">
      <Typography.Text strong>
        {t('appeals.reply.title')} · {a.repliedBy ?? a.departmentName}
      </Typography.Text>
      <Typography.Paragraph style={{ whiteSpace: 'pre-wrap', margin: '4px 0' }} ellipsis={{ rows: 4, expandable: true }}>
        {a.publicReply}
      </Typography.Paragraph>
      {a.repliedAt && (
        <Typography.Text type="secondary" style={{ fontSize: 12 }} data-testid="handling-hours">
          {formatDateTime(a.repliedAt)}
          {a.handlingHours !== null && ` · ${a.handlingHours < 1 ? t('appeals.wall.handlingUnderHour') : t('appeals.wall.handlingHours', { hours: a.handlingHours })}`}
        </Typography.Text>
      )}
    </div>
  );
}

/** One appeal as the public sees it: masked text, the family name at most, and the reply. */
export function PublicAppealCard({ appeal: a }: { appeal: PublicAppeal }) {
  const { t } = useTranslation();
  const labels = useAppealLabels();
  return (
    <Card size="small" data-testid="public-appeal" data-tracking-no={a.trackingNo}>
      <Flex justify="space-between" align="start" gap={8} wrap>
        <Typography.Text strong style={{ fontSize: 16, minWidth: 0, flex: '1 1 200px' }}>
          {a.title ?? (
            <Typography.Text type="secondary">
              <LockOutlined /> {t('appeals.wall.private')}
            </Typography.Text>
          )}
        </Typography.Text>
        <StatusTag status={a.status} />
      </Flex>
      <Flex wrap gap={4} style={{ margin: '6px 0' }}>
        <Tag>{labels.kind(a.kind)}</Tag>
        <Tag color="blue">{labels.category(a.categoryCode)}</Tag>
      </Flex>
      {a.body && (
        <Typography.Paragraph style={{ whiteSpace: 'pre-wrap' }} ellipsis={{ rows: 3, expandable: true }}>
          {a.body}
        </Typography.Paragraph>
      )}
      <Typography.Paragraph type="secondary" style={{ fontSize: 12, marginBottom: 8 }}>
        {t('appeals.fields.filer')}：{a.filer ?? t('appeals.wall.anonymousFiler')} · {shortRegion(a.regionName)} · {formatDate(a.createdAt)} ·{' '}
        <span style={mono}>{a.trackingNo}</span>
      </Typography.Paragraph>
      <Reply appeal={a} />
    </Card>
  );
}
