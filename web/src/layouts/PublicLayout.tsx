import { Suspense } from 'react';
import { Button, Flex, Grid, Layout, Typography } from 'antd';
import { FundOutlined } from '@ant-design/icons';
import { Link, Outlet } from 'react-router-dom';
import { useTranslation } from 'react-i18next';
import { Brand, BRAND_RED } from '../components/Brand';
import { HealthBadge } from '../components/HealthBadge';
import { LanguageSwitch } from '../components/LanguageSwitch';
import { NotificationBell } from '../components/NotificationBell';
import { PageSpin } from '../components/PageSpin';

/** Header, content and footer (with the health badge) for every page outside the console. */
export function PublicLayout() {
  const { t } = useTranslation();
  const wide = Grid.useBreakpoint().sm !== false;
  return (
    <Layout style={{ minHeight: '100vh', background: '#f5f6f8' }}>
      <Layout.Header
        className="no-print"
        style={{
          background: '#fff',
          borderTop: `3px solid ${BRAND_RED}`,
          borderBottom: '1px solid #e8e8e8',
          paddingInline: 16,
          display: 'flex',
          alignItems: 'center',
          justifyContent: 'space-between',
          gap: 8,
        }}
      >
        <Brand />
        <Flex align="center" gap={8}>
          <Link to="/public/funds" data-testid="nav-funds" aria-label={t('transparency.headerLink')}>
            <Button type="text" icon={<FundOutlined />}>
              {wide && t('transparency.headerLink')}
            </Button>
          </Link>
          <NotificationBell />
          <LanguageSwitch />
        </Flex>
      </Layout.Header>
      <Layout.Content style={{ padding: '24px 16px', width: '100%', maxWidth: 1100, margin: '0 auto' }}>
        <Suspense fallback={<PageSpin />}>
          <Outlet />
        </Suspense>
      </Layout.Content>
      <Layout.Footer className="no-print" style={{ background: '#f0f1f3', borderTop: '1px solid #e4e4e4', padding: '16px' }}>
        <Flex justify="space-between" align="center" wrap gap={8} style={{ maxWidth: 1100, margin: '0 auto' }}>
          <Typography.Text type="secondary">
            {t('app.fullName')} · {t('app.openSource')}
          </Typography.Text>
          <HealthBadge />
        </Flex>
      </Layout.Footer>
    </Layout>
  );
}
