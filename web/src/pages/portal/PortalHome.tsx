import { useState } from 'react';
import { App, Button, Card, Col, Descriptions, Flex, Modal, Row, Typography } from 'antd';
import { CheckCircleFilled, DownloadOutlined, EyeOutlined, FolderOpenOutlined, FormOutlined, LogoutOutlined, MobileOutlined, RightOutlined, SafetyOutlined } from '@ant-design/icons';
import { Link } from 'react-router-dom';
import { useTranslation } from 'react-i18next';
import { useLogout } from '../../api/auth';
import type { Me, WithMe } from '../../api/types';
import { EnrolSecondFactor } from '../../components/EnrolSecondFactor';
import { RecoveryCodesModal } from '../../components/RecoveryCodesModal';
import { useAcceptMe } from '../../components/useAcceptMe';
import { formatDate } from '../../lib/format';
import { MyAppeals } from './MyAppeals';
import { DownloadMyData } from './myDataParts';
import { PortalNav } from './PortalNav';

const services = [
  { key: 'dossier', path: '/portal/dossier', icon: <FolderOpenOutlined /> },
  { key: 'accessLog', path: '/portal/data-access', icon: <EyeOutlined /> },
  { key: 'corrections', path: '/portal/corrections', icon: <FormOutlined /> },
] as const;

function Profile({ me }: { me: Me }) {
  const { t } = useTranslation();
  const items = [
    { key: 'id', label: t('portal.idNumberMasked'), children: <span style={{ fontFamily: 'ui-monospace, Menlo, Consolas, monospace' }}>{me.idNumberMasked ?? '—'}</span> },
    { key: 'birth', label: t('portal.birthDate'), children: formatDate(me.birthDate) },
    { key: 'sex', label: t('portal.sex'), children: me.sex ? t(`sex.${me.sex}`, { defaultValue: me.sex }) : '—' },
    { key: 'region', label: t('portal.region'), children: me.regionName ?? me.regionCode ?? '—' },
    ...(me.phoneMasked ? [{ key: 'phone', label: t('portal.phoneMasked'), children: me.phoneMasked }] : []),
  ];
  return (
    <Card title={t('portal.profile')} size="small">
      <Descriptions column={1} size="small" items={items} data-testid="portal-profile" />
    </Card>
  );
}

function Services() {
  const { t } = useTranslation();
  return (
    <Card title={t('portal.services')} size="small">
      <Row gutter={[12, 12]}>
        {services.map((s) => (
          <Col xs={24} sm={12} lg={6} key={s.key}>
            <Link to={s.path} style={{ color: 'inherit' }} data-testid={`service-${s.key}`}>
              <Card size="small" hoverable style={{ height: '100%' }}>
                <Flex justify="space-between" align="start" gap={8}>
                  <span style={{ fontSize: 22, color: '#1554ad' }}>{s.icon}</span>
                  <RightOutlined style={{ color: '#bfbfbf', marginTop: 6 }} />
                </Flex>
                <Typography.Text strong style={{ display: 'block', marginTop: 8 }}>
                  {t(`portal.${s.key}`)}
                </Typography.Text>
                <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                  {t(`portal.${s.key}Desc`)}
                </Typography.Text>
              </Card>
            </Link>
          </Col>
        ))}
        <Col xs={24} sm={12} lg={6}>
          <Card size="small" style={{ height: '100%' }} data-testid="service-download">
            <span style={{ fontSize: 22, color: '#1554ad' }}>
              <DownloadOutlined />
            </span>
            <Typography.Text strong style={{ display: 'block', marginTop: 8 }}>
              {t('portal.download')}
            </Typography.Text>
            <Typography.Paragraph type="secondary" style={{ fontSize: 12, marginBottom: 8 }}>
              {t('portal.downloadDesc')}
            </Typography.Paragraph>
            <DownloadMyData block />
          </Card>
        </Col>
      </Row>
    </Card>
  );
}

function Security({ me }: { me: Me }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const acceptMe = useAcceptMe();
  const [open, setOpen] = useState(false);
  const [codes, setCodes] = useState<string[] | null>(null);
  const f = me.secondFactors;

  const onEnrolled = (result: WithMe) => {
    setOpen(false);
    acceptMe(result.me);
    if (result.recoveryCodes?.length) setCodes(result.recoveryCodes);
    else void message.success(t('enrol.done'));
  };

  return (
    <Card title={<><SafetyOutlined /> {t('portal.security')}</>} size="small">
      {f?.totp ? (
        <Typography.Paragraph>
          <CheckCircleFilled style={{ color: '#52c41a' }} /> {t('portal.totpOn')}
        </Typography.Paragraph>
      ) : (
        <>
          <Typography.Paragraph style={{ marginBottom: 4 }}>{t('portal.totpOff')}</Typography.Paragraph>
          <Typography.Paragraph type="secondary" style={{ fontSize: 13 }}>
            {t('portal.totpOffHint')}
          </Typography.Paragraph>
          <Button icon={<MobileOutlined />} onClick={() => setOpen(true)} data-testid="enable-totp">
            {t('portal.enableTotp')}
          </Button>
        </>
      )}
      {(f?.passkeys?.length ?? 0) > 0 && <Typography.Paragraph type="secondary">{t('portal.passkeysCount', { n: f.passkeys.length })}</Typography.Paragraph>}
      {(f?.totp || (f?.passkeys?.length ?? 0) > 0) && (
        <Typography.Paragraph type="secondary" style={{ marginBottom: 0 }}>
          {t('portal.recoveryLeft', { n: f.recoveryCodesLeft })}
        </Typography.Paragraph>
      )}
      <Modal open={open} title={t('portal.enableTotp')} footer={null} onCancel={() => setOpen(false)} destroyOnHidden>
        <EnrolSecondFactor methods={['totp']} onEnrolled={onEnrolled} />
      </Modal>
      <RecoveryCodesModal codes={codes} onDone={() => setCodes(null)} />
    </Card>
  );
}

/** Logged-in citizen home: my appeals, who I am, my account security, my services. */
export function PortalHome({ me }: { me: Me }) {
  const { t } = useTranslation();
  const logout = useLogout();
  return (
    <div data-testid="portal-home" style={{ maxWidth: 960, margin: '0 auto' }}>
      <PortalNav />
      <Flex justify="space-between" align="center" wrap gap={8} style={{ marginBottom: 16 }}>
        <Typography.Title level={3} style={{ margin: 0 }}>
          {t('portal.greeting', { name: me.displayName })}
        </Typography.Title>
        <Button icon={<LogoutOutlined />} onClick={() => void logout()} data-testid="logout">
          {t('common.logout')}
        </Button>
      </Flex>
      <Row gutter={[16, 16]}>
        <Col span={24}>
          <MyAppeals />
        </Col>
        <Col span={24}>
          <Services />
        </Col>
        <Col xs={24} md={10}>
          <Profile me={me} />
        </Col>
        <Col xs={24} md={14}>
          <Security me={me} />
        </Col>
      </Row>
    </div>
  );
}
