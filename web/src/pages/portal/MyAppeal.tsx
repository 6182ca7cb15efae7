import { Alert, Card, Descriptions, Flex, Rate, Typography } from 'antd';
import { ArrowLeftOutlined } from '@ant-design/icons';
import { useQuery } from '@tanstack/react-query';
import { Link, useParams } from 'react-router-dom';
import { useTranslation } from 'react-i18next';
import { appealsApi, type Appeal } from '../../api/appeals';
import { AppealAttachments } from '../../components/appeals/Attachments';
import { AppealTimeline } from '../../components/appeals/AppealTimeline';
import { shortRegion, useAppealLabels } from '../../components/appeals/labels';
import { StatusTag } from '../../components/appeals/StatusTag';
import { ErrorAlert } from '../../components/ErrorAlert';
import { PageSpin } from '../../components/PageSpin';
import { formatDateTime } from '../../lib/format';
import { CitizenGate } from './CitizenGate';
import { myAppealsKey } from './MyAppeals';
import { RateForm } from './RateForm';

const mono = { fontFamily: 'ui-monospace, Menlo, Consolas, monospace' };

function Facts({ appeal }: { appeal: Appeal }) {
  const { t } = useTranslation();
  const labels = useAppealLabels();
  const items = [
    { key: 'no', label: t('appeals.fields.trackingNo'), children: <Typography.Text copyable style={mono}>{appeal.trackingNo}</Typography.Text> },
    { key: 'status', label: t('appeals.fields.status'), children: <StatusTag status={appeal.status} overdue={appeal.overdue} /> },
    { key: 'kind', label: t('appeals.fields.kind'), children: labels.kind(appeal.kind) },
    { key: 'category', label: t('appeals.fields.category'), children: labels.category(appeal.categoryCode) },
    { key: 'region', label: t('appeals.fields.region'), children: shortRegion(appeal.regionName) },
    { key: 'dept', label: t('appeals.fields.department'), children: appeal.departmentName || '—' },
    { key: 'created', label: t('appeals.fields.createdAt'), children: formatDateTime(appeal.createdAt) },
    { key: 'due', label: t('appeals.fields.replyDueAt'), children: formatDateTime(appeal.replyDueAt) },
    {
      key: 'visibility',
      label: t('appeals.fields.visibility'),
      children: [appeal.isPublic ? t('appeals.fields.isPublic') : t('appeals.fields.private'), appeal.anonymous ? t('appeals.fields.anonymous') : null].filter(Boolean).join(' · '),
    },
  ];
  return <Descriptions column={{ xs: 1, sm: 2 }} size="small" items={items} />;
}

function Reply({ appeal }: { appeal: Appeal }) {
  const { t } = useTranslation();
  const labels = useAppealLabels();
  if (!appeal.publicReply) return null;
  return (
    <Alert
      type={appeal.status === 'closed' || appeal.status === 'replied' ? 'success' : 'info'}
      title={`${t('appeals.reply.title')}${appeal.repliedAt ? ` · ${formatDateTime(appeal.repliedAt)}` : ''}`}
      description={
        <>
          <div style={{ whiteSpace: 'pre-wrap' }} data-testid="appeal-reply">
            {appeal.publicReply}
          </div>
          {appeal.rating !== null && appeal.status !== 'replied' && (
            <div style={{ marginTop: 8 }} data-testid="appeal-rating">
              {t('appeals.rate.yours')}: <Rate disabled value={appeal.rating} style={{ fontSize: 14 }} /> {labels.rating(appeal.rating)}
              {appeal.ratingComment && <div style={{ color: '#595959' }}>{appeal.ratingComment}</div>}
            </div>
          )}
        </>
      }
    />
  );
}

function Detail({ id }: { id: string }) {
  const { t } = useTranslation();
  const one = useQuery({ queryKey: [...myAppealsKey, 'one', id], queryFn: () => appealsApi.mineOne(id) });
  if (one.isPending) return <PageSpin />;
  if (one.error) return <ErrorAlert error={one.error} />;
  const { appeal, events } = one.data;
  return (
    <Flex vertical gap={16} data-testid="my-appeal-detail">
      <Card size="small">
        <Typography.Title level={4} style={{ marginTop: 0 }}>
          {appeal.title}
        </Typography.Title>
        <Facts appeal={appeal} />
        <Typography.Paragraph style={{ whiteSpace: 'pre-wrap', marginTop: 12, marginBottom: 0 }} ellipsis={{ rows: 6, expandable: true }}>
          {appeal.body}
        </Typography.Paragraph>
      </Card>
      <Reply appeal={appeal} />
      {appeal.status === 'replied' && <RateForm appeal={appeal} key={appeal.repliedAt ?? ''} />}
      <Card size="small" title={t('appeals.attachments.title')}>
        <AppealAttachments appealId={appeal.id} staff={false} canUpload />
      </Card>
      <Card size="small" title={t('appeals.fields.timeline')}>
        <AppealTimeline events={events} />
      </Card>
    </Flex>
  );
}

/** /portal/appeals/:id: one of my appeals, its public history and, once replied, the rating. */
export default function MyAppeal() {
  const { t } = useTranslation();
  const { id = '' } = useParams();
  return (
    <CitizenGate>
      {() => (
        <div style={{ maxWidth: 720, margin: '0 auto' }}>
          <Link to="/portal" style={{ display: 'inline-block', marginBottom: 12 }}>
            <ArrowLeftOutlined /> {t('appeals.mine.back')}
          </Link>
          <Detail id={id} />
        </div>
      )}
    </CitizenGate>
  );
}
