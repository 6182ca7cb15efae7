import { Suspense, useState, type ReactNode } from 'react';
import { Button, Flex, Grid, Layout, Menu, Result, Typography, type MenuProps } from 'antd';
import { LogoutOutlined, MenuOutlined } from '@ant-design/icons';
import { Navigate, Outlet, useLocation, useNavigate } from 'react-router-dom';
import { useTranslation } from 'react-i18next';
import { useLogout, useMe } from '../api/auth';
import type { Me } from '../api/types';
import { Brand, BRAND_RED } from '../components/Brand';
import { ErrorAlert } from '../components/ErrorAlert';
import { LanguageSwitch } from '../components/LanguageSwitch';
import { PageSpin } from '../components/PageSpin';
import { RoleTags } from '../components/RoleTags';
import { Forbidden } from '../pages/errors';
import { allowed, consoleNav, navGroups } from './consoleNav';

function selectedItem(pathname: string) {
  return [...consoleNav].sort((a, b) => b.path.length - a.path.length).find((n) => pathname === n.path || pathname.startsWith(`${n.path}/`));
}

interface MenuEntry {
  key: string;
  icon: ReactNode;
  label: string;
}
type MenuItems = NonNullable<MenuProps['items']>;

/** The pages my roles allow, in order; a group's pages under the group, placed where its first page is. */
function menuItems(roles: readonly string[], label: (key: string) => string): MenuItems {
  const entries: (MenuEntry & { children?: MenuEntry[] })[] = [];
  for (const n of consoleNav.filter((item) => allowed(roles, item.roles))) {
    const entry = { key: n.key, icon: n.icon, label: label(n.labelKey) };
    const group = n.group ? navGroups.find((g) => g.key === n.group) : undefined;
    if (!group) {
      entries.push(entry);
      continue;
    }
    const parent = entries.find((e) => e.key === group.key);
    if (parent) parent.children?.push(entry);
    else entries.push({ key: group.key, icon: group.icon, label: label(group.labelKey), children: [entry] });
  }
  return entries.map(({ children, ...e }) => (children ? { ...e, children } : e));
}

function UserBox({ me }: { me: Me }) {
  const dept = me.department;
  return (
    <Flex vertical style={{ lineHeight: 1.4, minWidth: 0 }} data-testid="console-user">
      <Flex align="center" wrap gap={4}>
        <Typography.Text strong>{me.displayName}</Typography.Text>
        <RoleTags roles={me.roles} />
      </Flex>
      {dept && (
        <Typography.Text type="secondary" style={{ fontSize: 12 }} ellipsis>
          {dept.name} · {dept.regionName}
        </Typography.Text>
      )}
    </Flex>
  );
}

/** The staff console frame: role-filtered side menu, header with the account, and the page. */
export default function ConsoleLayout() {
  const { t } = useTranslation();
  const location = useLocation();
  const navigate = useNavigate();
  const logout = useLogout();
  const { data: me, isPending, error, refetch } = useMe();
  const [collapsed, setCollapsed] = useState(false);
  const current = selectedItem(location.pathname);
  // The group of the page first shown starts open; the user opens and closes groups from there.
  const [openGroups, setOpenGroups] = useState<string[]>(current?.group ? [current.group] : []);
  const screens = Grid.useBreakpoint();
  const narrow = screens.sm === false;

  if (isPending) return <PageSpin />;
  if (error) {
    return (
      <Result status="error" title={t('errors.loadFailed')} extra={<Button onClick={() => void refetch()}>{t('common.retry')}</Button>}>
        <ErrorAlert error={error} />
      </Result>
    );
  }
  if (!me) return <Navigate to="/login" replace state={{ from: location.pathname + location.search }} />;
  if (me.kind !== 'staff') return <Forbidden />;

  const items = menuItems(me.roles, (key) => t(key));

  const onLogout = async () => {
    await logout();
    void navigate('/login', { replace: true });
  };

  return (
    <Layout style={{ minHeight: '100vh' }} data-testid="console">
      <Layout.Sider
        theme="light"
        breakpoint="lg"
        collapsedWidth={0}
        collapsed={collapsed}
        onCollapse={setCollapsed}
        trigger={null}
        width={216}
        style={{ borderRight: '1px solid #f0f0f0' }}
      >
        <div style={{ padding: '16px 16px 12px', borderTop: `3px solid ${BRAND_RED}` }}>
          <Brand compact />
          <Typography.Text strong style={{ marginInlineStart: 10 }}>
            {t('console.title')}
          </Typography.Text>
        </div>
        <Menu
          mode="inline"
          selectedKeys={[current?.key ?? 'dashboard']}
          openKeys={openGroups}
          onOpenChange={setOpenGroups}
          items={items}
          onClick={({ key }) => {
            const target = consoleNav.find((n) => n.key === key);
            if (target) void navigate(target.path);
            if (window.matchMedia('(max-width: 991px)').matches) setCollapsed(true);
          }}
          style={{ borderInlineEnd: 0 }}
        />
      </Layout.Sider>
      <Layout>
        <Layout.Header
          style={{
            background: '#fff',
            borderBottom: '1px solid #f0f0f0',
            paddingInline: 16,
            height: 'auto',
            minHeight: 64,
            lineHeight: 'normal',
            display: 'flex',
            alignItems: 'center',
            gap: 12,
            flexWrap: 'wrap',
          }}
        >
          <Button type="text" icon={<MenuOutlined />} aria-label="menu" onClick={() => setCollapsed((c) => !c)} />
          <div style={{ flex: 1, minWidth: 0, padding: '8px 0' }}>
            <UserBox me={me} />
          </div>
          <LanguageSwitch />
          <Button icon={<LogoutOutlined />} onClick={() => void onLogout()} data-testid="logout" aria-label={t('common.logout')}>
            {narrow ? null : t('common.logout')}
          </Button>
        </Layout.Header>
        <Layout.Content style={{ padding: 16, background: '#f5f6f8' }}>
          <Suspense fallback={<PageSpin />}>
            <Outlet />
          </Suspense>
        </Layout.Content>
      </Layout>
    </Layout>
  );
}
