import { useState } from 'react';
import { App, Button, Card, Descriptions, Dropdown, Empty, Flex, Result, Space, Table, Tag, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { DownOutlined, PlusOutlined } from '@ant-design/icons';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { exchangeApi, exchangeKeys, type Partner, type PartnerWithCredential } from '../../../api/exchange';
import { ErrorAlert } from '../../../components/ErrorAlert';
import { useExchangeLabels } from '../../../components/exchange/labels';
import { DepartmentTag, LongValue, mono, PartnerStatusTag, RegionShort } from '../../../components/exchange/parts';
import { formatDateTime } from '../../../lib/format';
import { CredentialModal } from './CredentialModal';
import { GrantsModal, RegisterPartnerModal, RotateKeyModal, StatusModal } from './PartnerForms';
import { PageHeader } from '../../../components/layout/ConsolePage';

type Open = { kind: 'grants' | 'key' | 'status'; partner: Partner } | null;

/** The key's fingerprint, when it took over, and the previous key while it is still accepted. */
function KeyCell({ partner: p }: { partner: Partner }) {
  const { t } = useTranslation();
  const previousValid = p.previousKeyId && p.previousKeyExpiresAt && new Date(p.previousKeyExpiresAt) > new Date();
  return (
    <Flex vertical gap={2}>
      <Typography.Text style={{ ...mono, fontSize: 12 }} title={t('console.exchange.partners.keyIdHint')} data-testid="partner-key-id">
        {p.keyId}
      </Typography.Text>
      <Typography.Text type="secondary" style={{ fontSize: 12 }}>
        {t('console.exchange.partners.keySince', { time: formatDateTime(p.keyActivatedAt).slice(0, 16) })}
      </Typography.Text>
      {previousValid && (
        <Typography.Text type="warning" style={{ fontSize: 12 }}>
          {t('console.exchange.partners.previousKeyUntil', { keyId: p.previousKeyId, time: formatDateTime(p.previousKeyExpiresAt).slice(0, 16) })}
        </Typography.Text>
      )}
    </Flex>
  );
}

/** What the table leaves out: purposes, the full key, the adapter and the dates. */
function PartnerDetails({ partner: p }: { partner: Partner }) {
  const { t } = useTranslation();
  const labels = useExchangeLabels();
  return (
    <Descriptions
      size="small"
      column={{ xs: 1, md: 2 }}
      bordered
      data-testid="partner-details"
      items={[
        {
          key: 'purposes',
          label: t('console.exchange.partners.purposes'),
          span: 2,
          children: (
            <Flex wrap gap={4}>
              {p.purposes.map((code) => (
                <Tag key={code} style={{ margin: 0 }} title={code}>
                  {labels.purpose(code)}
                </Tag>
              ))}
            </Flex>
          ),
        },
        { key: 'key', label: t('console.exchange.partners.publicKey'), span: 2, children: <LongValue value={p.publicKeyPem} preformatted /> },
        { key: 'adapter', label: t('console.exchange.partners.adapter'), children: p.adapter ? <span style={mono}>{p.adapter}</span> : t('console.exchange.partners.noAdapterShort') },
        { key: 'credential', label: t('console.exchange.partners.credentialIssuedAt'), children: formatDateTime(p.credentialIssuedAt) },
        { key: 'jurisdiction', label: t('console.exchange.partners.jurisdiction'), children: `${p.jurisdictionName} (${p.jurisdiction})` },
        { key: 'reason', label: t('console.exchange.partners.statusReason'), children: p.statusReason ?? '—' },
        { key: 'created', label: t('console.exchange.partners.createdAt'), children: formatDateTime(p.createdAt) },
        { key: 'updated', label: t('console.exchange.partners.updatedAt'), children: formatDateTime(p.updatedAt) },
      ]}
    />
  );
}

/** /console/exchange/partners (system administrator): partner systems of my region, their keys and grants. */
export default function ExchangePartners() {
  const { t } = useTranslation();
  const { modal } = App.useApp();
  const labels = useExchangeLabels();
  const queryClient = useQueryClient();
  const partners = useQuery({ queryKey: exchangeKeys.partners, queryFn: exchangeApi.partners });
  const [registering, setRegistering] = useState(false);
  const [open, setOpen] = useState<Open>(null);
  const [credential, setCredential] = useState<PartnerWithCredential | null>(null);
  const close = () => setOpen(null);
  const newCredential = useMutation({
    mutationFn: (p: Partner) => exchangeApi.newCredential(p.id),
    onSuccess: (result) => {
      void queryClient.invalidateQueries({ queryKey: exchangeKeys.partners });
      setCredential(result);
    },
  });
  const confirmNewCredential = (p: Partner) =>
    modal.confirm({
      title: t('console.exchange.partners.newCredentialConfirm', { name: p.name }),
      content: t('console.exchange.partners.newCredentialHint'),
      okText: t('console.exchange.partners.newCredential'),
      okButtonProps: { danger: true, 'data-testid': 'new-credential-confirm' },
      cancelText: t('common.cancel'),
      onOk: () => newCredential.mutateAsync(p).then(() => undefined),
    });

  const columns: ColumnsType<Partner> = [
    {
      title: t('console.exchange.partners.nameAndCode'),
      dataIndex: 'name',
      render: (v: string, p) => (
        <Flex vertical gap={0} style={{ maxWidth: 200 }}>
          <Typography.Text strong>{v}</Typography.Text>
          <Typography.Text type="secondary" style={{ ...mono, fontSize: 12 }} data-testid="partner-code">
            {p.code}
          </Typography.Text>
        </Flex>
      ),
    },
    { title: t('console.exchange.partners.department'), dataIndex: 'department', render: (v: string) => <DepartmentTag department={v} /> },
    { title: t('console.exchange.partners.jurisdiction'), dataIndex: 'jurisdictionName', render: (v: string, p) => <RegionShort code={p.jurisdiction} fullName={v} /> },
    { title: t('console.exchange.partners.status'), dataIndex: 'status', render: (v: string, p) => <PartnerStatusTag status={v} reason={p.statusReason} /> },
    {
      title: t('console.exchange.partners.datasets'),
      dataIndex: 'datasets',
      render: (v: string[]) =>
        v.length === 0 ? (
          '—'
        ) : (
          <Flex vertical gap={2} style={{ maxWidth: 210 }}>
            {v.map((ref) => (
              <Typography.Text key={ref} ellipsis={{ tooltip: `${labels.dataset(ref)} · ${ref}` }} style={{ fontSize: 13, maxWidth: 210 }}>
                {labels.dataset(ref)}
              </Typography.Text>
            ))}
          </Flex>
        ),
    },
    {
      title: t('console.exchange.partners.queryKinds'),
      dataIndex: 'queryKinds',
      render: (v: string[]) =>
        v.length === 0 ? (
          '—'
        ) : (
          <Flex vertical gap={2} style={{ maxWidth: 140 }}>
            {v.map((k) => (
              <span key={k} style={{ fontSize: 13 }}>
                {labels.queryKind(k)}
              </span>
            ))}
          </Flex>
        ),
    },
    { title: t('console.exchange.partners.key'), key: 'key', render: (_, p) => <KeyCell partner={p} /> },
    {
      title: t('common.actions'),
      key: 'actions',
      fixed: 'right',
      render: (_, p) => (
        <Space size={4} onClick={(e) => e.stopPropagation()}>
          <Button type="link" size="small" style={{ paddingInline: 0 }} onClick={() => setOpen({ kind: 'grants', partner: p })} data-testid="partner-edit-grants">
            {t('console.exchange.partners.editGrants')}
          </Button>
          <Dropdown
            trigger={['click']}
            menu={{
              items: [
                { key: 'key', label: t('console.exchange.partners.rotateKey') },
                { key: 'credential', label: t('console.exchange.partners.newCredential') },
                { type: 'divider' },
                p.status === 'active'
                  ? { key: 'status', label: t('console.exchange.partners.suspend'), danger: true }
                  : { key: 'status', label: t('console.exchange.partners.reactivate') },
              ],
              onClick: ({ key }) => {
                if (key === 'credential') confirmNewCredential(p);
                else if (key === 'key' || key === 'status') setOpen({ kind: key, partner: p });
              },
            }}
          >
            <Button type="link" size="small" style={{ paddingInline: 0 }} data-testid="partner-more">
              {t('console.exchange.partners.more')} <DownOutlined />
            </Button>
          </Dropdown>
        </Space>
      ),
    },
  ];

  return (
    <Card>
      <PageHeader
        title={t('console.exchange.partners.title')}
        intro={t('console.exchange.partners.intro')}
        action={
          <Button type="primary" icon={<PlusOutlined />} onClick={() => setRegistering(true)} data-testid="register-partner">
            {t('console.exchange.partners.register')}
          </Button>
        }
      />
      <ErrorAlert error={newCredential.error} />
      {partners.error && !partners.data ? (
        <Result status="error" title={t('console.exchange.partners.loadFailed')} extra={<Button onClick={() => void partners.refetch()}>{t('common.retry')}</Button>}>
          <ErrorAlert error={partners.error} />
        </Result>
      ) : (
        <Table<Partner>
          rowKey="id"
          size="middle"
          columns={columns}
          dataSource={partners.data ?? []}
          loading={partners.isFetching}
          scroll={{ x: 'max-content' }}
          pagination={false}
          expandable={{ expandedRowRender: (p) => <PartnerDetails partner={p} />, expandRowByClick: true }}
          locale={{
            emptyText: (
              <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('console.exchange.partners.empty')}>
                <Typography.Text type="secondary" style={{ fontSize: 13 }}>
                  {t('console.exchange.partners.emptyHint')}
                </Typography.Text>
              </Empty>
            ),
          }}
          data-testid="partners"
        />
      )}
      <RegisterPartnerModal open={registering} onClose={() => setRegistering(false)} onRegistered={setCredential} />
      <GrantsModal partner={open?.kind === 'grants' ? open.partner : null} onClose={close} />
      <RotateKeyModal partner={open?.kind === 'key' ? open.partner : null} onClose={close} />
      <StatusModal partner={open?.kind === 'status' ? open.partner : null} onClose={close} />
      <CredentialModal result={credential} onDone={() => setCredential(null)} />
    </Card>
  );
}
