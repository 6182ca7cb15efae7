import type { ReactNode } from 'react';
import { Button, Result } from 'antd';
import { useNavigate } from 'react-router-dom';
import { useTranslation } from 'react-i18next';
import { useMe } from '../../api/auth';
import type { Me } from '../../api/types';
import { ErrorAlert } from '../../components/ErrorAlert';
import { PageSpin } from '../../components/PageSpin';
import { PortalAuth } from './PortalAuth';

/** Portal pages: the citizen's page once logged in, else the login/sign-up (or a note for staff). */
export function CitizenGate({ children }: { children: (me: Me) => ReactNode }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const { data: me, isPending, error } = useMe();
  if (isPending) return <PageSpin />;
  if (error) return <ErrorAlert error={error} />;
  if (me?.kind === 'citizen') return <>{children(me)}</>;
  if (me?.kind === 'staff') {
    return (
      <Result
        status="info"
        title={t('portal.staffNotice')}
        extra={
          <Button type="primary" onClick={() => navigate('/console')}>
            {t('portal.goConsole')}
          </Button>
        }
      />
    );
  }
  return <PortalAuth />;
}
