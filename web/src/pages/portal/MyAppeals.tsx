import { useState } from 'react';
import { Button, Card, Empty, Flex, Pagination, Tag, Typography } from 'antd';
import { EditOutlined, MessageOutlined, RightOutlined } from '@ant-design/icons';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { Link, useNavigate } from 'react-router-dom';
import { useTranslation } from 'react-i18next';
import { appealsApi, type Appeal } from '../../api/appeals';
import { useAppealLabels } from '../../components/appeals/labels';
import { StatusTag } from '../../components/appeals/StatusTag';
import { ErrorAlert } from '../../components/ErrorAlert';
import { formatDate } from '../../lib/format';

export const myAppealsKey = ['my-appeals'] as const;
const PAGE_SIZE = 5;

function Item({ appeal }: { appeal: Appeal }) {
  const { t } = useTranslation();
  const labels = useAppealLabels();
  const open = appeal.status !== 'closed' && appeal.status !== 'replied';
  return (
    <Link to={`/portal/appeals/${appeal.id}`} data-testid="my-appeal" data-tracking-no={appeal.trackingNo} style={{ color: 'inherit' }}>
      <Card size="small" hoverable>
        <Flex justify="space-between" align="start" gap={8}>
          <div style={{ minWidth: 0 }}>
            <Typography.Text strong ellipsis style={{ display: 'block' }}>
              {appeal.title}
            </Typography.Text>
            <Typography.Text type="secondary" style={{ fontSize: 12 }}>
              {appeal.trackingNo} · {labels.category(appeal.categoryCode)} · {formatDate(appeal.createdAt)}
            </Typography.Text>
          </div>
          <RightOutlined style={{ color: '#bfbfbf', marginTop: 4 }} />
        </Flex>
        <Flex wrap gap={4} align="center" style={{ marginTop: 6 }}>
          <StatusTag status={appeal.status} overdue={appeal.overdue} />
          {appeal.status === 'replied' && <Tag color="volcano">{t('appeals.mine.toRate')}</Tag>}
          {open && (
            <Typography.Text type={appeal.overdue ? 'danger' : 'secondary'} style={{ fontSize: 12 }}>
              {t('appeals.mine.dueBy', { date: formatDate(appeal.replyDueAt) })}
            </Typography.Text>
          )}
        </Flex>
      </Card>
    </Link>
  );
}

/** The citizen's appeals, newest first, with the way to file a new one. */
export function MyAppeals() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const [page, setPage] = useState(1);
  const list = useQuery({
    queryKey: [...myAppealsKey, page],
    queryFn: () => appealsApi.mine({ page, pageSize: PAGE_SIZE }),
    placeholderData: keepPreviousData,
  });
  const items = list.data?.items ?? [];
  return (
    <Card
      size="small"
      title={
        <>
          <MessageOutlined /> {t('appeals.mine.title')}
        </>
      }
      extra={
        <Button type="primary" icon={<EditOutlined />} onClick={() => navigate('/portal/appeals/new')} data-testid="new-appeal">
          {t('appeals.mine.new')}
        </Button>
      }
      data-testid="my-appeals"
    >
      <Typography.Paragraph type="secondary" style={{ fontSize: 13 }}>
        {t('appeals.mine.intro')}
      </Typography.Paragraph>
      <ErrorAlert error={list.error} />
      {list.isSuccess && items.length === 0 ? (
        <Empty description={t('appeals.mine.empty')} image={Empty.PRESENTED_IMAGE_SIMPLE} />
      ) : (
        <Flex vertical gap={8}>
          {items.map((a) => (
            <Item key={a.id} appeal={a} />
          ))}
        </Flex>
      )}
      {(list.data?.total ?? 0) > PAGE_SIZE && (
        <Pagination
          size="small"
          style={{ marginTop: 12, justifyContent: 'center' }}
          current={page}
          pageSize={PAGE_SIZE}
          total={list.data?.total}
          onChange={setPage}
          showSizeChanger={false}
        />
      )}
    </Card>
  );
}
