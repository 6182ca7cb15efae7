import { Card, Empty, Typography } from 'antd';
import { ApiOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';

/** The transparency area; content arrives with the appeals and funds modules. */
export default function PublicInfo() {
  const { t } = useTranslation();
  return (
    <div>
      <Typography.Title level={2} style={{ marginTop: 0 }}>
        {t('publicInfo.title')}
      </Typography.Title>
      <Typography.Paragraph type="secondary">{t('publicInfo.intro')}</Typography.Paragraph>
      <Card style={{ marginBottom: 16 }}>
        <Empty description={t('publicInfo.empty')} data-testid="public-empty" />
      </Card>
      <Card>
        <Typography.Paragraph style={{ marginBottom: 4 }}>{t('publicInfo.apiDocsHint')}</Typography.Paragraph>
        <a href="/api/docs" target="_blank" rel="noopener">
          <ApiOutlined /> {t('publicInfo.apiDocs')}
        </a>
      </Card>
    </div>
  );
}
