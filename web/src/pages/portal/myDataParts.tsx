import { App, Button, Result } from 'antd';
import { DownloadOutlined } from '@ant-design/icons';
import { useMutation } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { saveFile } from '../../api/client';
import { myDataApi } from '../../api/myData';
import { ErrorAlert } from '../../components/ErrorAlert';
import { useErrorText } from '../../components/errorText';

/** 下载我的数据: the JSON copy of everything the bureau holds about me (PIPL art. 45). */
export function DownloadMyData({ block }: { block?: boolean }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const describe = useErrorText();
  const run = useMutation({
    mutationFn: myDataApi.export,
    onSuccess: (file) => {
      saveFile(file, 'minsheng-my-data.json');
      void message.success(t('myData.downloaded'));
    },
    onError: (error) => void message.error(describe(error).title),
  });
  return (
    <Button icon={<DownloadOutlined />} loading={run.isPending} onClick={() => run.mutate()} block={block} data-testid="download-my-data">
      {t('myData.download')}
    </Button>
  );
}

/**
 * The citizen is not in the registry yet: the server's message ("please register at a
 * counter") as an empty state, not as an error page.
 */
export function NotInRegistry({ error }: { error: unknown }) {
  const { t } = useTranslation();
  const describe = useErrorText();
  return <Result status="info" title={t('myData.notInRegistryTitle')} subTitle={describe(error).title} data-testid="not-in-registry" />;
}

/** A load failure with a retry. */
export function LoadFailed({ error, onRetry }: { error: unknown; onRetry: () => void }) {
  const { t } = useTranslation();
  return (
    <Result status="error" title={t('errors.loadFailed')} extra={<Button onClick={onRetry}>{t('common.retry')}</Button>}>
      <ErrorAlert error={error} />
    </Result>
  );
}
