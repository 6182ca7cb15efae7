import { Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { useMe } from '../../api/auth';
import { PageSpin } from '../../components/PageSpin';
import { FactorsCard } from './FactorsCard';
import { SessionsCard } from './SessionsCard';

/** /console/security: my second factors and sessions. */
export default function MySecurity() {
  const { t } = useTranslation();
  const { data: me } = useMe();
  if (!me) return <PageSpin />;
  return (
    <div>
      <Typography.Title level={4} style={{ marginTop: 0 }}>
        {t('console.security.title')}
      </Typography.Title>
      <FactorsCard me={me} />
      <SessionsCard />
    </div>
  );
}
