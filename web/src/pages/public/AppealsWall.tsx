import { useState } from 'react';
import { Button, Card, Col, Empty, Flex, Grid, Input, Pagination, Row, Select, Spin, Typography } from 'antd';
import { ApiOutlined, BarChartOutlined } from '@ant-design/icons';
import { Link } from 'react-router-dom';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { APPEAL_STATUSES, appealsApi, DEFAULT_CITY, useRegion, type AppealStatus } from '../../api/appeals';
import { useAppealLabels } from '../../components/appeals/labels';
import { ErrorAlert } from '../../components/ErrorAlert';
import { PublicAppealCard } from './PublicAppealCard';
import { TrackBox } from './TrackBox';

interface Filters {
  q?: string;
  categoryCode?: string;
  status?: AppealStatus;
  regionCode?: string;
}

function FilterBar({ value, onChange }: { value: Filters; onChange: (f: Filters) => void }) {
  const { t } = useTranslation();
  const labels = useAppealLabels();
  const city = useRegion(DEFAULT_CITY);
  const style = { flex: '1 1 140px', minWidth: 0 };
  return (
    <Flex vertical gap={8}>
      <Input.Search
        name="q"
        allowClear
        enterButton
        placeholder={t('appeals.wall.searchPlaceholder')}
        onSearch={(q) => onChange({ ...value, q: q.trim() || undefined })}
        data-testid="wall-search"
      />
      <Flex wrap gap={8}>
        <Select<string>
          allowClear
          placeholder={t('appeals.staff.allCategories')}
          value={value.categoryCode}
          onChange={(categoryCode) => onChange({ ...value, categoryCode })}
          options={labels.categoryOptions}
          style={style}
        />
        <Select<AppealStatus>
          allowClear
          placeholder={t('appeals.staff.allStatuses')}
          value={value.status}
          onChange={(status) => onChange({ ...value, status })}
          options={APPEAL_STATUSES.map((s) => ({ value: s, label: labels.status(s) }))}
          style={style}
          data-testid="wall-status"
        />
        <Select<string>
          allowClear
          placeholder={t('appeals.wall.allCounties')}
          value={value.regionCode}
          onChange={(regionCode) => onChange({ ...value, regionCode })}
          options={(city.data?.children ?? []).map((c) => ({ value: c.code, label: c.name }))}
          loading={city.isPending}
          style={style}
        />
      </Flex>
    </Flex>
  );
}

const PAGE_SIZE = 10;

function ApiDocs() {
  const { t } = useTranslation();
  return (
    <Card size="small">
      <Typography.Paragraph style={{ marginBottom: 4 }}>{t('publicInfo.apiDocsHint')}</Typography.Paragraph>
      <a href="/api/docs" target="_blank" rel="noopener">
        <ApiOutlined /> {t('publicInfo.apiDocs')}
      </a>
    </Card>
  );
}

/** /public: the appeals wall (问政墙) — public appeals and replies, searchable by anyone. */
export default function AppealsWall() {
  const { t } = useTranslation();
  const [filters, setFilters] = useState<Filters>({});
  const [page, setPage] = useState(1);
  // On a phone the lookup comes before the list and the API link after it.
  const wide = Grid.useBreakpoint().lg === true;
  const wall = useQuery({
    queryKey: ['public-appeals', filters, page],
    queryFn: () => appealsApi.wall({ ...filters, page, pageSize: PAGE_SIZE }),
    placeholderData: keepPreviousData,
  });
  const items = wall.data?.items ?? [];
  return (
    <div data-testid="appeals-wall">
      <Flex justify="space-between" align="center" wrap gap={8} style={{ marginBottom: 8 }}>
        <Typography.Title level={2} style={{ margin: 0 }}>
          {t('appeals.wall.title')}
        </Typography.Title>
        <Link to="/public/kpis" data-testid="wall-kpis">
          <Button icon={<BarChartOutlined />}>{t('kpi.wallLink')}</Button>
        </Link>
      </Flex>
      <Typography.Paragraph type="secondary">{t('appeals.wall.intro')}</Typography.Paragraph>
      <Row gutter={[16, 16]}>
        <Col xs={{ span: 24, order: 2 }} lg={{ span: 16, order: 1 }}>
          <Card size="small" style={{ marginBottom: 16 }}>
            <FilterBar
              value={filters}
              onChange={(f) => {
                setFilters(f);
                setPage(1);
              }}
            />
          </Card>
          <ErrorAlert error={wall.error} />
          <Spin spinning={wall.isFetching}>
            {wall.isSuccess && items.length === 0 ? (
              <Card>
                <Empty description={t('appeals.wall.empty')} data-testid="wall-empty" />
              </Card>
            ) : (
              <Flex vertical gap={12} style={{ minHeight: 120 }}>
                {items.map((a) => (
                  <PublicAppealCard key={a.trackingNo} appeal={a} />
                ))}
              </Flex>
            )}
          </Spin>
          {(wall.data?.total ?? 0) > PAGE_SIZE && (
            <Pagination
              style={{ marginTop: 16, justifyContent: 'center' }}
              current={page}
              pageSize={PAGE_SIZE}
              total={wall.data?.total}
              onChange={setPage}
              showSizeChanger={false}
              showTotal={(total) => t('common.total', { total })}
            />
          )}
        </Col>
        <Col xs={{ span: 24, order: 1 }} lg={{ span: 8, order: 2 }}>
          <Flex vertical gap={16}>
            <Card size="small">
              <TrackBox />
            </Card>
            {wide && <ApiDocs />}
          </Flex>
        </Col>
        {!wide && (
          <Col span={24} order={3}>
            <ApiDocs />
          </Col>
        )}
      </Row>
    </div>
  );
}
