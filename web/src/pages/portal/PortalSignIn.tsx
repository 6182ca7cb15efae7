import { Alert } from 'antd';
import { Navigate, useSearchParams } from 'react-router-dom';
import { useTranslation } from 'react-i18next';
import { safeNext } from '../../components/transparency/AskQuestion';
import { CitizenGate } from './CitizenGate';

/**
 * /portal/signin?next=/public/funds?…: the portal's login (or sign-up), then back to the page
 * the citizen came from — e.g. to ask about a published figure. `next` is a path of this site only.
 */
export default function PortalSignIn() {
  const { t } = useTranslation();
  const [params] = useSearchParams();
  const next = safeNext(params.get('next'));
  return (
    <div style={{ maxWidth: 480, margin: '0 auto' }} data-testid="portal-signin">
      <Alert type="info" showIcon title={t('transparency.signin.hint')} style={{ marginBottom: 16 }} />
      <CitizenGate>{() => <Navigate to={next} replace />}</CitizenGate>
    </div>
  );
}
