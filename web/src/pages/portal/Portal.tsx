import { Button, Result } from 'antd';
import { useNavigate } from 'react-router-dom';
import { useTranslation } from 'react-i18next';
import { useMe } from '../../api/auth';
import { ErrorAlert } from '../../components/ErrorAlert';
import { PageSpin } from '../../components/PageSpin';
import { PortalAuth } from './PortalAuth';
import { PortalHome } from './PortalHome';

/** /portal: the citizen's login/sign-up, or their home once logged in. */
export default function Portal() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const { data: me, isPending, error } = useMe();
  if (isPending) return <PageSpin />;
  if (error) return <ErrorAlert error={error} />;
  if (me?.kind === 'citizen') return <PortalHome me={me} />;
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
