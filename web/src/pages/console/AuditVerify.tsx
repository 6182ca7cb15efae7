import { Button, Result, Typography } from 'antd';
import { SafetyCertificateOutlined } from '@ant-design/icons';
import { useMutation } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { consoleApi } from '../../api/console';
import type { AuditVerification } from '../../api/types';
import { ErrorAlert } from '../../components/ErrorAlert';

function VerifyResult({ r }: { r: AuditVerification }) {
  const { t } = useTranslation();
  if (r.ok) {
    return (
      <Result
        status="success"
        data-testid="audit-verify-ok"
        title={t('console.audit.verifyOk')}
        subTitle={
          <>
            {t('console.audit.verifyOkDetail', { entries: r.entries, checkpoints: r.checkpoints })}
            {!!r.unsealedEntries && <div>{t('console.audit.unsealed', { n: r.unsealedEntries })}</div>}
          </>
        }
      />
    );
  }
  return (
    <Result
      status="error"
      data-testid="audit-verify-bad"
      title={t('console.audit.verifyBad')}
      subTitle={
        <>
          {r.firstBadSeq !== undefined && <div>{t('console.audit.firstBadSeq', { seq: r.firstBadSeq })}</div>}
          {r.badCheckpointId !== undefined && <div>{t('console.audit.badCheckpoint', { id: r.badCheckpointId })}</div>}
          {r.problem && <div>{t('console.audit.problem', { problem: r.problem })}</div>}
          <Typography.Text type="secondary">{t('console.audit.verifyOkDetail', { entries: r.entries, checkpoints: r.checkpoints })}</Typography.Text>
        </>
      }
    />
  );
}

/** The "verify chain" button and its outcome. */
export function AuditVerify() {
  const { t } = useTranslation();
  const verify = useMutation({ mutationFn: consoleApi.auditVerify });
  return (
    <div>
      <Button icon={<SafetyCertificateOutlined />} loading={verify.isPending} onClick={() => verify.mutate()} data-testid="audit-verify">
        {t('console.audit.verify')}
      </Button>
      <ErrorAlert error={verify.error} style={{ marginTop: 16 }} />
      {verify.data && <VerifyResult r={verify.data} />}
    </div>
  );
}
