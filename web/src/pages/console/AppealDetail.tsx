import { Button, Card, Col, Descriptions, Flex, Rate, Result, Row, Tag, Typography } from 'antd';
import { ArrowLeftOutlined } from '@ant-design/icons';
import { useQuery } from '@tanstack/react-query';
import { Link, useNavigate, useParams } from 'react-router-dom';
import { useTranslation } from 'react-i18next';
import { appealsApi, type StaffAppeal } from '../../api/appeals';
import { isApiError } from '../../api/client';
import { AppealAttachments } from '../../components/appeals/Attachments';
import { AppealTimeline } from '../../components/appeals/AppealTimeline';
import { shortRegion, useAppealLabels } from '../../components/appeals/labels';
import { StatusTag } from '../../components/appeals/StatusTag';
import { ErrorAlert } from '../../components/ErrorAlert';
import { PageSpin } from '../../components/PageSpin';
import { formatDateTime } from '../../lib/format';
import { AppealActions } from './AppealActions';

const mono = { fontFamily: 'ui-monospace, Menlo, Consolas, monospace' };

function Due({ at, done, late }: { at: string | null; done: string | null; late: boolean }) {
  if (!at) return <>—</>;
  return (
    <Typography.Text type={late && !done ? 'danger' : undefined} strong={late && !done}>
      {formatDateTime(at)}
    </Typography.Text>
  );
}

function Facts({ appeal: a }: { appeal: StaffAppeal }) {
  const { t } = useTranslation();
  const labels = useAppealLabels();
  const items = [
    { key: 'kind', label: t('appeals.fields.kind'), children: labels.kind(a.kind) },
    {
      key: 'category',
      label: t('appeals.fields.category'),
      children: (
        <>
          {labels.category(a.categoryCode)}
          {a.categoryConfidence !== null && (
            <Tag style={{ marginInlineStart: 8 }} color={a.categoryConfidence < 0.5 ? 'warning' : 'default'} data-testid="category-confidence">
              {t('appeals.fields.confidence')} {Math.round(a.categoryConfidence * 100)}%
            </Tag>
          )}
        </>
      ),
    },
    { key: 'region', label: t('appeals.fields.region'), children: <span title={a.regionName}>{shortRegion(a.regionName)}</span> },
    { key: 'channel', label: t('appeals.fields.channel'), children: labels.channel(a.channel) },
    {
      key: 'contact',
      label: t('appeals.fields.contactName'),
      children: a.anonymous ? <Tag>{t('appeals.staff.contactHidden')}</Tag> : (a.contactName ?? '—'),
    },
    { key: 'phone', label: t('appeals.fields.contactPhone'), children: <span style={mono}>{a.contactPhoneMasked ?? '—'}</span> },
    {
      key: 'visibility',
      label: t('appeals.fields.visibility'),
      children: a.isPublic ? t('appeals.fields.isPublic') : t('appeals.fields.private'),
    },
    { key: 'created', label: t('appeals.fields.createdAt'), children: formatDateTime(a.createdAt) },
  ];
  if (a.duplicateOf) {
    items.push({
      key: 'dup',
      label: t('appeals.fields.duplicateOf'),
      children: <Link to={`/console/appeals/${a.duplicateOf}`}>{a.duplicateOf.slice(0, 8)}</Link>,
    });
  }
  return (
    <>
      <Typography.Paragraph style={{ whiteSpace: 'pre-wrap' }} ellipsis={{ rows: 8, expandable: true }} data-testid="appeal-body">
        {a.body}
      </Typography.Paragraph>
      <Descriptions column={{ xs: 1, sm: 2 }} size="small" items={items} />
    </>
  );
}

function Handling({ appeal: a }: { appeal: StaffAppeal }) {
  const { t } = useTranslation();
  const labels = useAppealLabels();
  const items = [
    { key: 'dept', label: t('appeals.fields.department'), children: a.departmentName || '—' },
    { key: 'ackDue', label: t('appeals.fields.ackDueAt'), children: <Due at={a.ackDueAt} done={a.acknowledgedAt} late={new Date(a.ackDueAt) < new Date()} /> },
    { key: 'ack', label: t('appeals.fields.acknowledgedAt'), children: formatDateTime(a.acknowledgedAt) },
    { key: 'replyDue', label: t('appeals.fields.replyDueAt'), children: <Due at={a.replyDueAt} done={a.repliedAt ?? a.closedAt} late={a.overdue} /> },
    { key: 'replied', label: t('appeals.fields.repliedAt'), children: formatDateTime(a.repliedAt) },
    {
      key: 'counters',
      label: t('appeals.fields.counters'),
      children: (
        <span data-testid="appeal-counters">
          {a.redoCount} / {a.transferCount} / {a.escalationLevel} / {a.extensionCount}
        </span>
      ),
    },
  ];
  if (a.rating !== null) {
    items.push({
      key: 'rating',
      label: t('appeals.fields.rating'),
      children: (
        <span>
          <Rate disabled value={a.rating} style={{ fontSize: 14 }} /> {labels.rating(a.rating)}
          {a.ratingComment && <div>{a.ratingComment}</div>}
        </span>
      ),
    });
  }
  if (a.callbackDueAt) {
    items.push({ key: 'cbDue', label: t('appeals.fields.callbackDueAt'), children: <Due at={a.callbackDueAt} done={a.callbackDoneAt} late={new Date(a.callbackDueAt) < new Date()} /> });
    items.push({ key: 'cb', label: t('appeals.fields.callbackDoneAt'), children: formatDateTime(a.callbackDoneAt) });
  }
  if (a.closedAt) items.push({ key: 'closed', label: t('appeals.fields.closedAt'), children: formatDateTime(a.closedAt) });
  return <Descriptions column={1} size="small" items={items} />;
}

/** /console/appeals/:id: the whole appeal, its full history and the actions its status allows. */
export default function AppealDetail() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const { id = '' } = useParams();
  const one = useQuery({ queryKey: ['appeals', 'one', id], queryFn: () => appealsApi.get(id) });
  if (one.isPending) return <PageSpin />;
  if (one.error) {
    if (isApiError(one.error) && (one.error.status === 404 || one.error.status === 400)) {
      return (
        <Result
          status="404"
          title={t('appeals.staff.notFound')}
          extra={<Button onClick={() => navigate('/console/appeals')}>{t('appeals.staff.backToList')}</Button>}
        />
      );
    }
    return <ErrorAlert error={one.error} />;
  }
  const { appeal, events } = one.data;
  return (
    <Flex vertical gap={16} data-testid="appeal-detail" data-status={appeal.status}>
      <Link to="/console/appeals">
        <ArrowLeftOutlined /> {t('appeals.staff.backToList')}
      </Link>
      <Card>
        <Flex justify="space-between" align="start" wrap gap={8}>
          <div style={{ minWidth: 0 }}>
            <Typography.Text type="secondary" copyable style={mono} data-testid="detail-tracking-no">
              {appeal.trackingNo}
            </Typography.Text>
            <Typography.Title level={4} style={{ margin: '4px 0 0' }}>
              {appeal.title}
            </Typography.Title>
          </div>
          <StatusTag status={appeal.status} overdue={appeal.overdue} />
        </Flex>
        <div style={{ marginTop: 16 }}>
          <AppealActions appeal={appeal} />
        </div>
      </Card>
      <Row gutter={[16, 16]}>
        <Col xs={24} lg={14}>
          <Flex vertical gap={16}>
            <Card size="small" title={t('appeals.staff.facts')}>
              <Facts appeal={appeal} />
            </Card>
            {appeal.publicReply && (
              <Card size="small" title={t('appeals.fields.publicReply')}>
                <Typography.Paragraph style={{ whiteSpace: 'pre-wrap', margin: 0 }} data-testid="appeal-reply">
                  {appeal.publicReply}
                </Typography.Paragraph>
              </Card>
            )}
            <Card size="small" title={t('appeals.staff.handling')}>
              <Handling appeal={appeal} />
            </Card>
            <Card size="small" title={t('appeals.attachments.title')}>
              <AppealAttachments appealId={appeal.id} staff />
            </Card>
          </Flex>
        </Col>
        <Col xs={24} lg={10}>
          <Card size="small" title={t('appeals.fields.timeline')}>
            <AppealTimeline events={events} />
          </Card>
        </Col>
      </Row>
    </Flex>
  );
}
