import type { ReactNode } from 'react';
import { Card, Col, Flex, Progress, Row, Statistic, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import type { Kpi } from '../../api/kpis';
import { BRAND_RED } from '../Brand';
import { FRACTIONS, type RateKey } from './format';

const caption = { fontSize: 12 } as const;
const suffix = { marginInlineStart: 2 } as const;

function Caption({ children }: { children: ReactNode }) {
  return (
    <Typography.Text type="secondary" style={caption}>
      {children}
    </Typography.Text>
  );
}

/** A rate as a Statistic: "97.1 %", or "—" when there is nothing to measure. */
function RateStatistic({ kpi, rateKey, big, testId }: { kpi: Kpi; rateKey: RateKey; big?: boolean; testId?: string }) {
  const { t } = useTranslation();
  const rate = kpi[rateKey];
  const { n, d } = FRACTIONS[rateKey](kpi);
  return (
    <Flex vertical gap={2}>
      <Statistic
        title={t(`kpi.metrics.${rateKey}`)}
        // A string, so it is rounded like the table (antd's precision truncates).
        value={rate === null ? '—' : (rate * 100).toFixed(1)}
        suffix={rate === null ? undefined : '%'}
        styles={{ suffix, ...(big ? { content: { fontSize: 44, fontWeight: 600, color: BRAND_RED, lineHeight: 1.2 } } : {}) }}
        data-testid={testId}
        data-value={rate ?? ''}
      />
      <Caption>
        <span data-testid={testId ? `${testId}-fraction` : undefined}>{t(`kpi.fractions.${rateKey}`, { n, d })}</span>
      </Caption>
    </Flex>
  );
}

/** The headline numbers of a report: on-time resolution first and largest. */
export function KpiStats({ kpi }: { kpi: Kpi }) {
  const { t } = useTranslation();
  const small = { flex: '1 1 120px', minWidth: 0 };
  return (
    <Flex vertical gap={16}>
      <Row gutter={[16, 16]}>
        <Col xs={24} md={12}>
          <Card style={{ height: '100%', borderTop: `3px solid ${BRAND_RED}` }}>
            <RateStatistic kpi={kpi} rateKey="onTimeResolutionRate" big testId="kpi-on-time" />
            <Progress
              percent={kpi.onTimeResolutionRate === null ? 0 : kpi.onTimeResolutionRate * 100}
              showInfo={false}
              strokeColor={BRAND_RED}
              style={{ margin: '8px 0 4px' }}
              aria-label={t('kpi.metrics.onTimeResolutionRate')}
            />
            <Caption>{t('kpi.headlineNote')}</Caption>
          </Card>
        </Col>
        <Col xs={12} md={6}>
          <Card style={{ height: '100%' }}>
            <Flex vertical gap={2}>
              <Statistic title={t('kpi.metrics.filed')} value={kpi.filed} data-testid="kpi-filed" data-value={kpi.filed} styles={{ content: { fontWeight: 600 } }} />
              <Caption>{t('kpi.fractions.filed', { replied: kpi.replied })}</Caption>
            </Flex>
          </Card>
        </Col>
        <Col xs={12} md={6}>
          <Card style={{ height: '100%' }}>
            <RateStatistic kpi={kpi} rateKey="satisfactionRate" testId="kpi-satisfaction" />
          </Card>
        </Col>
      </Row>
      <Card>
        <Flex wrap gap={16}>
          <div style={small}>
            <RateStatistic kpi={kpi} rateKey="onTimeAckRate" testId="kpi-ack" />
          </div>
          <div style={small}>
            <RateStatistic kpi={kpi} rateKey="resolutionRate" testId="kpi-resolution" />
          </div>
          <div style={small}>
            <RateStatistic kpi={kpi} rateKey="redoRate" testId="kpi-redo" />
          </div>
          <div style={small}>
            <Flex vertical gap={2}>
              <Statistic
                title={t('kpi.metrics.avgHandlingHours')}
                value={kpi.avgHandlingHours === null ? '—' : kpi.avgHandlingHours.toFixed(1)}
                suffix={kpi.avgHandlingHours === null ? undefined : t('kpi.hoursUnit')}
                styles={{ suffix }}
                data-testid="kpi-hours"
              />
              <Caption>{t('kpi.fractions.avgHandlingHours')}</Caption>
            </Flex>
          </div>
          <div style={small}>
            <Flex vertical gap={2}>
              <Statistic
                title={t('kpi.metrics.overdue')}
                value={kpi.overdue}
                styles={kpi.overdue > 0 ? { content: { color: '#cf1322' } } : undefined}
                data-testid="kpi-overdue"
              />
              <Caption>{t('kpi.fractions.overdue')}</Caption>
            </Flex>
          </div>
        </Flex>
      </Card>
    </Flex>
  );
}
