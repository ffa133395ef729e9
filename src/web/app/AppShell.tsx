import { useState } from 'react';
import { Link, Outlet, useLocation, useNavigate } from 'react-router';
import { Avatar, Button, Drawer, Dropdown, Flex, Layout, Menu, Typography, theme, type MenuProps } from 'antd';
import { AppstoreOutlined, BarChartOutlined, CloudUploadOutlined, DiffOutlined, GlobalOutlined, InboxOutlined, LogoutOutlined, MenuOutlined, SettingOutlined, ShoppingCartOutlined, TeamOutlined } from '@ant-design/icons';
import { useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { logout, useMe, usePermissions } from '../api/auth.ts';
import { useIsMobile } from '../components/hooks.ts';
import { NotificationBell } from '../components/NotificationBell.tsx';
import { changeLanguage, currentLanguage, type Language } from './i18n.ts';

const { Header, Sider, Content } = Layout;

function Brand({ collapsed }: { collapsed: boolean }) {
  const { t } = useTranslation();
  return (
    <Flex align="center" gap={10} style={{ height: 64, padding: collapsed ? '0 24px' : '0 20px', overflow: 'hidden' }}>
      <span
        aria-hidden
        style={{
          flex: 'none',
          width: 32,
          height: 32,
          borderRadius: 8,
          background: '#1677ff',
          color: '#fff',
          display: 'grid',
          placeItems: 'center',
          fontWeight: 700,
        }}
      >
        脉
      </span>
      {!collapsed && (
        <Typography.Text strong style={{ color: '#fff', fontSize: 17, whiteSpace: 'nowrap' }}>
          {t('app.brand')}
        </Typography.Text>
      )}
    </Flex>
  );
}

// Menu entries are real links, so they open in a new tab and crawlers and screen readers see them.
function NavMenu({ onNavigate }: { onNavigate?: () => void }) {
  const { t } = useTranslation();
  const { can } = usePermissions();
  const { pathname } = useLocation();
  const link = (to: string, label: string) => (
    <Link to={to} onClick={onNavigate}>
      {label}
    </Link>
  );
  const items: MenuProps['items'] = [
    { key: '/customers', icon: <TeamOutlined />, label: link('/customers', t('app.menu.customers')) },
    { key: '/pool', icon: <InboxOutlined />, label: link('/pool', t('app.menu.pool')) },
    { key: '/duplicates', icon: <DiffOutlined />, label: link('/duplicates', t('app.menu.duplicates')) },
    ...(can('customers.write') ? [{ key: '/imports', icon: <CloudUploadOutlined />, label: link('/imports', t('app.menu.imports')) }] : []),
    ...(can('orders.read') ? [{ key: '/orders', icon: <ShoppingCartOutlined />, label: link('/orders', t('app.menu.orders')) }] : []),
    ...(can('orders.read') || can('products.manage') ? [{ key: '/products', icon: <AppstoreOutlined />, label: link('/products', t('app.menu.products')) }] : []),
    ...(can('analytics.read') ? [{ key: '/analytics', icon: <BarChartOutlined />, label: link('/analytics', t('app.menu.analytics')) }] : []),
    ...(can('users.manage') ? [{ key: '/settings', icon: <SettingOutlined />, label: link('/settings', t('app.menu.settings')) }] : []),
  ];
  const selected = `/${pathname.split('/')[1] ?? ''}`;
  return <Menu theme="dark" mode="inline" selectedKeys={[selected]} items={items} />;
}

function LanguageSwitch({ compact }: { compact: boolean }) {
  const { t, i18n } = useTranslation();
  const lang = currentLanguage();
  const items: MenuProps['items'] = [
    { key: 'zh-CN', label: t('app.langZh') },
    { key: 'en', label: t('app.langEn') },
  ];
  return (
    <Dropdown
      menu={{ items, selectable: true, selectedKeys: [lang], onClick: ({ key }) => void changeLanguage(key as Language) }}
      trigger={['click']}
    >
      <Button type="text" icon={<GlobalOutlined />} aria-label={t('app.language')} data-lang={i18n.language}>
        {compact ? null : lang === 'en' ? t('app.langEn') : t('app.langZh')}
      </Button>
    </Dropdown>
  );
}

export function AppShell() {
  const { t } = useTranslation();
  const { token } = theme.useToken();
  const isMobile = useIsMobile();
  const [collapsed, setCollapsed] = useState(false);
  const [drawerOpen, setDrawerOpen] = useState(false);
  const { data: me } = useMe();
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  const [loggingOut, setLoggingOut] = useState(false);

  const onLogout = async () => {
    setLoggingOut(true);
    try {
      await logout();
    } catch {
      // The session is dropped client-side either way.
    } finally {
      queryClient.clear();
      setLoggingOut(false);
      void navigate('/login', { replace: true });
    }
  };

  return (
    <Layout style={{ minHeight: '100vh' }}>
      {isMobile ? (
        <Drawer
          placement="left"
          open={drawerOpen}
          onClose={() => setDrawerOpen(false)}
          size={240}
          closable={false}
          styles={{ body: { padding: 0, background: '#001529' } }}
        >
          <Brand collapsed={false} />
          <NavMenu onNavigate={() => setDrawerOpen(false)} />
        </Drawer>
      ) : (
        <Sider
          collapsible
          collapsed={collapsed}
          onCollapse={setCollapsed}
          width={208}
          style={{ position: 'sticky', top: 0, height: '100vh', overflow: 'auto' }}
        >
          <Brand collapsed={collapsed} />
          <NavMenu />
        </Sider>
      )}
      <Layout>
        <Header
          style={{
            position: 'sticky',
            top: 0,
            zIndex: 10,
            display: 'flex',
            alignItems: 'center',
            gap: 8,
            padding: isMobile ? '0 12px' : '0 24px',
            background: token.colorBgContainer,
            borderBottom: `1px solid ${token.colorBorderSecondary}`,
          }}
        >
          {isMobile && (
            <>
              <Button type="text" icon={<MenuOutlined />} aria-label={t('app.openMenu')} onClick={() => setDrawerOpen(true)} />
              <Typography.Text strong>{t('app.brand')}</Typography.Text>
            </>
          )}
          <div style={{ flex: 1 }} />
          <NotificationBell />
          <LanguageSwitch compact={isMobile} />
          {me && (
            <Flex align="center" gap={8}>
              <Avatar size="small" style={{ background: token.colorPrimary }}>
                {me.user.name.slice(0, 1)}
              </Avatar>
              {!isMobile && (
                <Typography.Text data-testid="current-user">
                  {me.user.name}
                  <Typography.Text type="secondary"> · {t(`roles.${me.user.role.key}`)}</Typography.Text>
                </Typography.Text>
              )}
            </Flex>
          )}
          <Button
            type="text"
            icon={<LogoutOutlined />}
            aria-label={t('app.logout')}
            loading={loggingOut}
            onClick={() => void onLogout()}
          >
            {isMobile ? null : t('app.logout')}
          </Button>
        </Header>
        <Content style={{ padding: isMobile ? 12 : 24, minWidth: 0 }}>
          <Outlet />
        </Content>
      </Layout>
    </Layout>
  );
}
