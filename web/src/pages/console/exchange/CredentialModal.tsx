import { useState } from 'react';
import { Alert, App, Button, Input, Modal, Space, Typography } from 'antd';
import { CheckOutlined, CopyOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import type { PartnerWithCredential } from '../../../api/exchange';
import { mono } from '../../../components/exchange/parts';

/**
 * A partner's API credential, shown this once: the server keeps only its hash. The only way
 * out is "I have handed it over safely", so it is not lost to a stray click outside the dialog.
 */
export function CredentialModal({ result, onDone }: { result: PartnerWithCredential | null; onDone: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [copied, setCopied] = useState(false);
  const credential = result?.credential ?? '';
  const copy = async () => {
    try {
      await navigator.clipboard.writeText(credential);
      setCopied(true);
      setTimeout(() => setCopied(false), 2000);
    } catch {
      // No clipboard (an insecure origin, or permission refused): the text is selectable instead.
      void message.warning(t('console.exchange.credential.copyManually'));
    }
  };
  const done = () => {
    setCopied(false);
    onDone();
  };
  return (
    <Modal
      open={!!result}
      title={t('console.exchange.credential.title', { name: result?.partner.name ?? '' })}
      closable={false}
      mask={{ closable: false }}
      keyboard={false}
      width={640}
      footer={
        <Button type="primary" onClick={done} data-testid="credential-saved">
          {t('console.exchange.credential.saved')}
        </Button>
      }
    >
      <Alert type="warning" showIcon title={t('console.exchange.credential.once')} description={t('console.exchange.credential.onceDetail')} style={{ marginBottom: 16 }} />
      {result && (
        <Typography.Paragraph>
          {t('console.exchange.credential.for')} <Typography.Text strong>{result.partner.name}</Typography.Text>{' '}
          <Typography.Text type="secondary" style={mono}>
            ({result.partner.code})
          </Typography.Text>
        </Typography.Paragraph>
      )}
      <label htmlFor="partner-credential">
        <Typography.Text strong>{t('console.exchange.credential.label')}</Typography.Text>
      </label>
      <Space.Compact style={{ width: '100%', marginTop: 4 }}>
        <Input
          id="partner-credential"
          readOnly
          value={credential}
          onFocus={(e) => e.target.select()}
          style={{ ...mono, fontSize: 14 }}
          data-testid="partner-credential"
        />
        <Button icon={copied ? <CheckOutlined /> : <CopyOutlined />} onClick={() => void copy()} data-testid="credential-copy">
          {copied ? t('console.exchange.credential.copied') : t('console.exchange.credential.copy')}
        </Button>
      </Space.Compact>
      <Typography.Paragraph type="secondary" style={{ marginTop: 12, marginBottom: 0 }}>
        {t('console.exchange.credential.usage')} <Typography.Text code>Authorization: Bearer …</Typography.Text>
      </Typography.Paragraph>
    </Modal>
  );
}
