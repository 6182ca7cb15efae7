import type { ReactNode } from 'react';
import { Card, Col, Row, Skeleton, Statistic, Typography } from 'antd';
import { AuditOutlined, EnvironmentOutlined, TeamOutlined, UserOutlined } from '@ant-design/icons';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { consoleApi } from '../../api/console';
import { useMe } from '../../api/auth';
import { ErrorAlert } from '../../components/ErrorAlert';

const known: Record<string, ReactNode> = {
  citizensInScope: <UserOutlined />,
  staffInScope: <TeamOutlined />,
  auditEntriesToday: <AuditOutlined />,
};
const skip = new Set(['regionCode', 'regionName', 'region']);

function regionText(data: Record<string, unknown>): string | undefined {
  const name = data.regionName ?? data.region;
  const code = data.regionCode;
  if (typeof name === 'string' && typeof code === 'string') return `${name} · ${code}`;
  if (typeof name === 'string') return name;
  if (typeof code === 'string') return code;
  return undefined;
}

/** Counts for my region, shown from whatever fields the server returns. */
export default function Dashboard() {
  const { t } = useTranslation();
  const { data: me } = useMe();
  const overview = useQuery({ queryKey: ['console', 'overview'], queryFn: consoleApi.overview });
  const data = overview.data ?? {};
  const numbers = Object.entries(data).filter(([k, v]) => typeof v === 'number' && !skip.has(k));
  numbers.sort(([a], [b]) => (a in known ? 0 : 1) - (b in known ? 0 : 1));
  const region = regionText(data);

  return (
    <div>
      <Typography.Title level={3} style={{ marginTop: 0 }}>
        {t('console.dashboard.welcome', { name: me?.displayName ?? '' })}
      </Typography.Title>
      <Typography.Paragraph type="secondary">{t('console.dashboard.intro')}</Typography.Paragraph>
      <ErrorAlert error={overview.error} />
      {overview.isPending ? (
        <Skeleton active />
      ) : (
        <Row gutter={[16, 16]} data-testid="overview">
          {region && (
            <Col xs={24} sm={12} xl={6}>
              <Card>
                <Statistic
                  title={
                    <>
                      <EnvironmentOutlined /> {t('console.dashboard.region')}
                    </>
                  }
                  value={region}
                  styles={{ content: { fontSize: 18, lineHeight: '38px' } }}
                />
              </Card>
            </Col>
          )}
          {numbers.map(([key, value]) => (
            <Col xs={24} sm={12} xl={6} key={key}>
              <Card>
                <Statistic title={t(`console.dashboard.${key}`, { defaultValue: key })} value={value as number} prefix={known[key]} />
              </Card>
            </Col>
          ))}
        </Row>
      )}
    </div>
  );
}
