import type { ReactNode } from 'react';
import { Button, Card, Col, Flex, Row, Typography } from 'antd';
import { BarChartOutlined, EyeOutlined, FileSearchOutlined, FundOutlined, IdcardOutlined, MessageOutlined, SafetyCertificateOutlined, TeamOutlined } from '@ant-design/icons';
import { useNavigate } from 'react-router-dom';
import { useTranslation } from 'react-i18next';
import { BRAND_RED } from '../components/Brand';

interface Entry {
  key: 'citizen' | 'staff' | 'public';
  to: string;
  icon: ReactNode;
  /** Other ways in from the same card. */
  more?: { to: string; labelKey: string; icon: ReactNode; testId: string }[];
}

const entries: Entry[] = [
  { key: 'citizen', to: '/portal', icon: <IdcardOutlined /> },
  { key: 'staff', to: '/login', icon: <TeamOutlined /> },
  {
    key: 'public',
    to: '/public',
    icon: <FileSearchOutlined />,
    more: [
      { to: '/public/kpis', labelKey: 'home.public.kpis', icon: <BarChartOutlined />, testId: 'entry-public-more' },
      { to: '/public/funds', labelKey: 'transparency.homeLink', icon: <FundOutlined />, testId: 'entry-public-funds' },
    ],
  },
];

const pillars = [
  { key: 'participation', icon: <MessageOutlined /> },
  { key: 'transparency', icon: <SafetyCertificateOutlined /> },
  { key: 'privacy', icon: <EyeOutlined /> },
] as const;

function EntryCard({ entry }: { entry: Entry }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const more = entry.more;
  return (
    <Card hoverable style={{ height: '100%' }} onClick={() => navigate(entry.to)} data-testid={`entry-${entry.key}`}>
      <div style={{ fontSize: 32, color: BRAND_RED, marginBottom: 8 }}>{entry.icon}</div>
      <Typography.Title level={4} style={{ marginTop: 0 }}>
        {t(`home.${entry.key}.title`)}
      </Typography.Title>
      <Typography.Paragraph type="secondary" style={{ minHeight: 44 }}>
        {t(`home.${entry.key}.desc`)}
      </Typography.Paragraph>
      <Flex wrap gap={8}>
        <Button type={entry.key === 'citizen' ? 'primary' : 'default'}>{t(`home.${entry.key}.action`)}</Button>
        {more?.map((m) => (
          <Button
            key={m.to}
            icon={m.icon}
            onClick={(e) => {
              e.stopPropagation();
              void navigate(m.to);
            }}
            data-testid={m.testId}
          >
            {t(m.labelKey)}
          </Button>
        ))}
      </Flex>
    </Card>
  );
}

/** Public landing page: what the platform is, and the three ways in. */
export default function Home() {
  const { t } = useTranslation();
  return (
    <div>
      <section
        style={{
          background: 'linear-gradient(135deg, #9e0b22 0%, #c8102e 60%, #d8433f 100%)',
          color: '#fff',
          borderRadius: 8,
          padding: '40px 24px',
          marginBottom: 24,
        }}
      >
        <Typography.Title level={1} style={{ color: '#fff', marginTop: 0, fontSize: 'clamp(26px, 5vw, 38px)' }}>
          {t('home.heroTitle')}
        </Typography.Title>
        <Typography.Paragraph style={{ color: 'rgba(255,255,255,0.92)', fontSize: 16, maxWidth: 760, marginBottom: 0 }}>
          {t('home.heroText')}
        </Typography.Paragraph>
      </section>
      <Row gutter={[16, 16]}>
        {entries.map((e) => (
          <Col xs={24} md={8} key={e.key}>
            <EntryCard entry={e} />
          </Col>
        ))}
      </Row>
      <Row gutter={[16, 16]} style={{ marginTop: 24 }}>
        {pillars.map((p) => (
          <Col xs={24} md={8} key={p.key}>
            <div style={{ display: 'flex', gap: 12 }}>
              <span style={{ fontSize: 20, color: '#1554ad' }}>{p.icon}</span>
              <div>
                <Typography.Text strong>{t(`home.pillars.${p.key}`)}</Typography.Text>
                <Typography.Paragraph type="secondary" style={{ marginBottom: 0 }}>
                  {t(`home.pillars.${p.key}Desc`)}
                </Typography.Paragraph>
              </div>
            </div>
          </Col>
        ))}
      </Row>
    </div>
  );
}
