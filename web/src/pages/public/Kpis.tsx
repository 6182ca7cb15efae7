import { Button } from 'antd';
import { MessageOutlined } from '@ant-design/icons';
import { Link } from 'react-router-dom';
import { useTranslation } from 'react-i18next';
import { DEFAULT_CITY, useRegion } from '../../api/appeals';
import { kpiApi } from '../../api/kpis';
import { KpiDashboard } from '../../components/kpi/KpiDashboard';
import { useKpiParams } from '../../components/kpi/useKpiParams';

/** /public/kpis: appeal handling KPIs for everyone, by county of 银川市. */
export default function PublicKpis() {
  const { t } = useTranslation();
  const [params, setParams] = useKpiParams();
  const city = useRegion(DEFAULT_CITY);
  return (
    <KpiDashboard
      title={t('kpi.publicTitle')}
      intro={t('kpi.publicIntro')}
      actions={
        <Link to="/public">
          <Button icon={<MessageOutlined />}>{t('kpi.backToWall')}</Button>
        </Link>
      }
      params={params}
      onChange={setParams}
      region={{
        value: params.region,
        options: (city.data?.children ?? []).map((c) => ({ value: c.code, label: c.name })),
        placeholder: t('kpi.allCounties'),
        loading: city.isPending,
        onChange: (region) => setParams({ region }),
      }}
      queryKey={['kpis', 'public']}
      fetch={kpiApi.public}
    />
  );
}
