import type { ReactNode } from 'react';
import { AccountBookOutlined, EyeOutlined, FolderOpenOutlined, FormOutlined, HomeOutlined, SafetyCertificateOutlined } from '@ant-design/icons';
import { Link, useLocation } from 'react-router-dom';
import { useTranslation } from 'react-i18next';
import type { Me } from '../../api/types';
import { CitizenGate } from './CitizenGate';

const items: readonly { key: string; path: string; icon: ReactNode; labelKey?: string }[] = [
  { key: 'home', path: '/portal', icon: <HomeOutlined /> },
  { key: 'dossier', path: '/portal/dossier', icon: <FolderOpenOutlined /> },
  { key: 'contributions', path: '/portal/contributions', icon: <AccountBookOutlined />, labelKey: 'transparency.nav.contributions' },
  { key: 'dataAccess', path: '/portal/data-access', icon: <EyeOutlined /> },
  { key: 'corrections', path: '/portal/corrections', icon: <FormOutlined /> },
  { key: 'certification', path: '/portal/certification', icon: <SafetyCertificateOutlined /> },
];

/**
 * The citizen's own pages: home, my dossier, my contributions, who looked at my data, corrections, certification. Plain links in
 * a row that scrolls sideways on a phone, so that no entry hides behind an overflow menu.
 */
export function PortalNav() {
  const { t } = useTranslation();
  const { pathname } = useLocation();
  const selected = [...items].reverse().find((i) => pathname === i.path || (i.path !== '/portal' && pathname.startsWith(`${i.path}/`)));
  return (
    <nav className="no-print portal-nav" aria-label={t('portal.services')} data-testid="portal-nav">
      {items.map((i) => (
        <Link key={i.key} to={i.path} className={i.key === selected?.key ? 'active' : undefined} aria-current={i.key === selected?.key ? 'page' : undefined}>
          {i.icon}
          <span>{t(i.labelKey ?? `portal.nav.${i.key}`)}</span>
        </Link>
      ))}
    </nav>
  );
}

/** A logged-in citizen's page: the portal navigation above it, at the portal's width. */
export function PortalPage({ children, width = 960 }: { children: (me: Me) => ReactNode; width?: number }) {
  return (
    <CitizenGate>
      {(me) => (
        <div style={{ maxWidth: width, margin: '0 auto' }}>
          <PortalNav />
          {children(me)}
        </div>
      )}
    </CitizenGate>
  );
}
