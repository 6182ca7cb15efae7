import { useState } from 'react';
import { App, Button, Card, Descriptions, Modal, Popconfirm, Space, Table, Tag, Typography } from 'antd';
import { KeyOutlined, MobileOutlined, ReloadOutlined } from '@ant-design/icons';
import { useMutation } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { authApi } from '../../api/auth';
import type { Me, Passkey, WithMe } from '../../api/types';
import { EnrolSecondFactor, type EnrolMethod } from '../../components/EnrolSecondFactor';
import { ErrorAlert } from '../../components/ErrorAlert';
import { RecoveryCodesModal } from '../../components/RecoveryCodesModal';
import { useAcceptMe } from '../../components/useAcceptMe';
import { formatDateTime } from '../../lib/format';

/** My second factors: authenticator app, passkeys, recovery codes. */
export function FactorsCard({ me }: { me: Me }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const acceptMe = useAcceptMe();
  const [enrolling, setEnrolling] = useState<EnrolMethod | null>(null);
  const [codes, setCodes] = useState<string[] | null>(null);
  const f = me.secondFactors;

  const regenerate = useMutation({
    mutationFn: authApi.regenerateRecoveryCodes,
    onSuccess: (r) => {
      setCodes(r.recoveryCodes);
      acceptMe(undefined);
    },
  });

  const onEnrolled = (result: WithMe) => {
    setEnrolling(null);
    acceptMe(result.me);
    if (result.recoveryCodes?.length) setCodes(result.recoveryCodes);
    else void message.success(t('console.security.enrolled'));
  };

  const status = (on: boolean) => (on ? <Tag color="success">{t('console.security.enabled')}</Tag> : <Tag>{t('console.security.notEnabled')}</Tag>);

  return (
    <Card title={t('console.security.factors')} style={{ marginBottom: 16 }}>
      <ErrorAlert error={regenerate.error} />
      <Descriptions
        column={1}
        size="small"
        items={[
          {
            key: 'totp',
            label: t('console.security.totp'),
            children: (
              <Space wrap>
                {status(f.totp)}
                {!f.totp && (
                  <Button size="small" icon={<MobileOutlined />} onClick={() => setEnrolling('totp')} data-testid="setup-totp">
                    {t('console.security.setupTotp')}
                  </Button>
                )}
              </Space>
            ),
          },
          {
            key: 'recovery',
            label: t('console.security.recoveryCodes'),
            children: (
              <Space wrap>
                <span data-testid="recovery-left">{t('console.security.recoveryLeft', { n: f.recoveryCodesLeft })}</span>
                <Popconfirm title={t('console.security.regenerateConfirm')} onConfirm={() => regenerate.mutate()}>
                  <Button size="small" icon={<ReloadOutlined />} loading={regenerate.isPending} data-testid="regenerate-codes">
                    {t('console.security.regenerate')}
                  </Button>
                </Popconfirm>
              </Space>
            ),
          },
        ]}
      />
      <Space style={{ margin: '16px 0 8px', justifyContent: 'space-between', width: '100%' }} wrap>
        <Typography.Text strong>{t('console.security.passkeys')}</Typography.Text>
        <Button size="small" icon={<KeyOutlined />} onClick={() => setEnrolling('passkey')} data-testid="add-passkey">
          {t('console.security.addPasskey')}
        </Button>
      </Space>
      <Table<Passkey>
        rowKey="id"
        size="small"
        pagination={false}
        dataSource={f.passkeys}
        locale={{ emptyText: t('console.security.noPasskeys') }}
        columns={[
          { title: t('console.security.passkeyName'), dataIndex: 'name' },
          { title: t('console.security.createdAt'), dataIndex: 'createdAt', render: (v: string) => formatDateTime(v) },
        ]}
      />
      <Modal
        open={!!enrolling}
        title={enrolling ? t(`enrol.${enrolling}.title`) : ''}
        footer={null}
        onCancel={() => setEnrolling(null)}
        destroyOnHidden
      >
        {enrolling && <EnrolSecondFactor methods={[enrolling]} onEnrolled={onEnrolled} />}
      </Modal>
      <RecoveryCodesModal codes={codes} onDone={() => setCodes(null)} />
    </Card>
  );
}
