import { Alert, Button, Modal, Space, Typography } from 'antd';
import { CopyOutlined, DownloadOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';

/** Shows new recovery codes once; the only way out is "I have saved them". */
export function RecoveryCodesModal({ codes, onDone }: { codes: string[] | null | undefined; onDone: () => void }) {
  const { t } = useTranslation();
  const open = !!codes && codes.length > 0;
  const text = (codes ?? []).join('\n');

  const download = () => {
    const blob = new Blob([`${t('recovery.fileHeader')}\n\n${text}\n`], { type: 'text/plain;charset=utf-8' });
    const url = URL.createObjectURL(blob);
    const a = document.createElement('a');
    a.href = url;
    a.download = 'minsheng-recovery-codes.txt';
    a.click();
    URL.revokeObjectURL(url);
  };

  return (
    <Modal
      open={open}
      title={t('recovery.title')}
      closable={false}
      mask={{ closable: false }}
      keyboard={false}
      footer={
        <Button type="primary" data-testid="recovery-saved" onClick={onDone}>
          {t('recovery.saved')}
        </Button>
      }
    >
      <Alert type="warning" showIcon title={t('recovery.intro')} style={{ marginBottom: 16 }} />
      <div
        data-testid="recovery-codes"
        style={{
          display: 'grid',
          gridTemplateColumns: 'repeat(auto-fill, minmax(140px, 1fr))',
          gap: 8,
          fontFamily: 'ui-monospace, SFMono-Regular, Menlo, Consolas, monospace',
          fontSize: 15,
          padding: 12,
          background: '#fafafa',
          border: '1px solid #f0f0f0',
          borderRadius: 6,
        }}
      >
        {(codes ?? []).map((c) => (
          <span key={c}>{c}</span>
        ))}
      </div>
      <Space style={{ marginTop: 12 }} wrap>
        <Typography.Text copyable={{ text, icon: [<CopyOutlined key="c" />, <CopyOutlined key="d" />] }}>{t('recovery.copy')}</Typography.Text>
        <Button size="small" icon={<DownloadOutlined />} onClick={download}>
          {t('recovery.download')}
        </Button>
      </Space>
    </Modal>
  );
}
