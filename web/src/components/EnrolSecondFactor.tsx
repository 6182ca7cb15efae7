import { useState } from 'react';
import { Button, Card, Col, Row, Typography } from 'antd';
import { ArrowLeftOutlined, KeyOutlined, MobileOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import type { WithMe } from '../api/types';
import { TotpEnrol } from './TotpEnrol';
import { PasskeyEnrol } from './PasskeyEnrol';

export type EnrolMethod = 'totp' | 'passkey';

/** Choose and set up a second factor; used at first login and from the security pages. */
export function EnrolSecondFactor({
  methods = ['totp', 'passkey'],
  onEnrolled,
}: {
  methods?: EnrolMethod[];
  onEnrolled: (result: WithMe) => void;
}) {
  const { t } = useTranslation();
  const [chosen, setChosen] = useState<EnrolMethod | null>(methods.length === 1 ? (methods[0] ?? null) : null);

  if (chosen) {
    return (
      <div>
        {methods.length > 1 && (
          <Button type="link" icon={<ArrowLeftOutlined />} onClick={() => setChosen(null)} style={{ paddingInline: 0, marginBottom: 8 }}>
            {t('enrol.choose')}
          </Button>
        )}
        {methods.length > 1 && (
          <Typography.Title level={5} style={{ marginTop: 0 }}>
            {t(`enrol.${chosen}.title`)}
          </Typography.Title>
        )}
        {chosen === 'totp' ? <TotpEnrol onEnrolled={onEnrolled} /> : <PasskeyEnrol onEnrolled={onEnrolled} />}
      </div>
    );
  }

  const icons = { totp: <MobileOutlined />, passkey: <KeyOutlined /> };
  return (
    <div>
      <Typography.Paragraph>{t('enrol.choose')}</Typography.Paragraph>
      <Row gutter={[16, 16]}>
        {methods.map((m) => (
          <Col xs={24} sm={12} key={m}>
            <Card hoverable data-testid={`enrol-${m}`} onClick={() => setChosen(m)} style={{ height: '100%' }}>
              <Card.Meta
                avatar={<span style={{ fontSize: 28, color: '#1554ad' }}>{icons[m]}</span>}
                title={t(`enrol.${m}.title`)}
                description={t(`enrol.${m}.desc`)}
              />
            </Card>
          </Col>
        ))}
      </Row>
    </div>
  );
}
