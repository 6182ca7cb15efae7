import { Badge, Tooltip } from 'antd';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { authApi } from '../api/auth';
import { isApiError } from '../api/client';

/** Server health from GET /api/health, polled every 30 s. */
export function HealthBadge() {
  const { t } = useTranslation();
  const { data, isPending, isError, error } = useQuery({
    queryKey: ['health'],
    queryFn: authApi.health,
    refetchInterval: 30_000,
    retry: false,
  });
  if (isPending) return <Badge status="processing" text={t('health.checking')} />;
  if (isApiError(error) && error.status === 503) return <Badge status="warning" text={t('health.degraded')} data-testid="health" />;
  if (isError || !data) return <Badge status="error" text={t('health.unreachable')} data-testid="health" />;
  const ok = data.status === 'ok' && data.database?.ok !== false;
  const details = t('health.details', {
    kind: data.database?.kind ?? '?',
    latency: data.database?.latencyMs ?? '?',
    version: data.version ?? '?',
  });
  return (
    <Tooltip title={details}>
      <Badge status={ok ? 'success' : 'warning'} text={ok ? t('health.ok') : t('health.degraded')} data-testid="health" />
    </Tooltip>
  );
}
