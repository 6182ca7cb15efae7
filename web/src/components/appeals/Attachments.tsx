import { useState } from 'react';
import { Alert, App, Button, Empty, Flex, List, Typography, Upload } from 'antd';
import { FileImageOutlined, FilePdfOutlined, UploadOutlined } from '@ant-design/icons';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { appealsApi, ATTACHMENT_ACCEPT, attachmentHref, MAX_ATTACHMENT_BYTES, MAX_ATTACHMENTS, type Attachment } from '../../api/appeals';
import { formatDateTime } from '../../lib/format';
import { ErrorAlert } from '../ErrorAlert';

const ALLOWED_TYPES = new Set(['image/jpeg', 'image/png', 'image/webp', 'application/pdf']);
const ALLOWED_EXT = /\.(jpe?g|png|webp|pdf)$/i;

export function formatSize(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KB`;
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}

export const attachmentsKey = (appealId: string, staff: boolean) => ['appeal-attachments', staff ? 'staff' : 'mine', appealId] as const;

function FileList({ appealId, staff, items }: { appealId: string; staff: boolean; items: Attachment[] }) {
  const { t } = useTranslation();
  if (items.length === 0) return <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('appeals.attachments.none')} style={{ margin: '8px 0' }} />;
  return (
    <List
      size="small"
      data-testid="attachments-list"
      dataSource={items}
      renderItem={(a) => (
        <List.Item key={a.id} data-testid="attachment-item">
          <Flex gap={8} align="center" style={{ minWidth: 0, width: '100%' }}>
            {a.contentType === 'application/pdf' ? <FilePdfOutlined style={{ color: '#cf1322' }} /> : <FileImageOutlined style={{ color: '#1677ff' }} />}
            <a href={attachmentHref(appealId, a.id, staff)} download={a.filename} style={{ minWidth: 0, overflow: 'hidden', textOverflow: 'ellipsis', whiteSpace: 'nowrap', flex: 1 }} data-testid="attachment-link">
              {a.filename}
            </a>
            <Typography.Text type="secondary" style={{ fontSize: 12, whiteSpace: 'nowrap' }} title={formatDateTime(a.createdAt)}>
              {formatSize(a.size)}
            </Typography.Text>
          </Flex>
        </List.Item>
      )}
    />
  );
}

/** Uploads one file to my appeal, with the type and size checked before anything is sent. */
export function AttachmentUpload({ appealId, count }: { appealId: string; count: number }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const [localError, setLocalError] = useState<string | null>(null);
  const send = useMutation({
    mutationFn: (file: File) => appealsApi.attach(appealId, file),
    onSuccess: (a) => {
      void message.success(t('appeals.attachments.uploaded', { name: a.filename }));
      void queryClient.invalidateQueries({ queryKey: attachmentsKey(appealId, false) });
    },
  });
  const full = count >= MAX_ATTACHMENTS;
  return (
    <div>
      {localError && <Alert type="error" showIcon role="alert" data-testid="attachment-local-error" title={localError} style={{ marginBottom: 12 }} closable={{ onClose: () => setLocalError(null) }} />}
      <ErrorAlert error={send.error} style={{ marginBottom: 12 }} />
      <Upload
        accept={ATTACHMENT_ACCEPT}
        showUploadList={false}
        maxCount={1}
        disabled={full || send.isPending}
        beforeUpload={(file) => {
          setLocalError(null);
          send.reset();
          if (!ALLOWED_TYPES.has(file.type) && !ALLOWED_EXT.test(file.name)) {
            setLocalError(t('appeals.attachments.typeHint', { name: file.name }));
          } else if (file.size > MAX_ATTACHMENT_BYTES) {
            setLocalError(t('appeals.attachments.tooLarge', { name: file.name, size: formatSize(file.size) }));
          } else {
            send.mutate(file);
          }
          return false;
        }}
      >
        <Button icon={<UploadOutlined />} loading={send.isPending} disabled={full} data-testid="attachment-upload">
          {t('appeals.attachments.upload')}
        </Button>
      </Upload>
      <Typography.Text type="secondary" style={{ display: 'block', marginTop: 6, fontSize: 12 }}>
        {full ? t('appeals.attachments.full', { max: MAX_ATTACHMENTS }) : t('appeals.attachments.hint', { max: MAX_ATTACHMENTS })}
      </Typography.Text>
    </div>
  );
}

/** An appeal's attachments with download links; the citizen (not staff) may add more. */
export function AppealAttachments({ appealId, staff, canUpload = false, hideEmpty = false }: { appealId: string; staff: boolean; canUpload?: boolean; hideEmpty?: boolean }) {
  const { t } = useTranslation();
  const files = useQuery({
    queryKey: attachmentsKey(appealId, staff),
    queryFn: () => (staff ? appealsApi.staffAttachments(appealId) : appealsApi.attachments(appealId)),
  });
  return (
    <div data-testid="appeal-attachments">
      <ErrorAlert error={files.error} />
      {files.data && !(hideEmpty && files.data.length === 0) && <FileList appealId={appealId} staff={staff} items={files.data} />}
      {files.isPending && <Typography.Text type="secondary">{t('common.loading')}</Typography.Text>}
      {canUpload && files.data && (
        <div style={{ marginTop: 12 }}>
          <AttachmentUpload appealId={appealId} count={files.data.length} />
        </div>
      )}
    </div>
  );
}
