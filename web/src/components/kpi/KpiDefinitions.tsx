import { Collapse } from 'antd';
import { InfoCircleOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { METRICS } from './format';

/** How each KPI is computed, folded away until asked for. */
export function KpiDefinitions() {
  const { t } = useTranslation();
  return (
    <Collapse
      size="small"
      data-testid="kpi-definitions"
      items={[
        {
          key: 'definitions',
          label: (
            <>
              <InfoCircleOutlined /> {t('kpi.definitions.title')}
            </>
          ),
          children: (
            <ul style={{ margin: 0, paddingInlineStart: 20, lineHeight: 1.8 }}>
              {METRICS.map((m) => (
                <li key={m}>{t(`kpi.definitions.${m}`)}</li>
              ))}
              <li>{t('kpi.definitions.dash')}</li>
            </ul>
          ),
        },
      ]}
    />
  );
}
