import { useState } from 'react';
import { Button, Pagination, Result, Skeleton, Spin, Typography } from 'antd';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { recordsApi, recordsKeys } from '../../../api/records';
import { ErrorAlert } from '../../../components/ErrorAlert';
import { DossierTimeline } from '../../../components/registry/DossierTimeline';

const PAGE_SIZE = 20;

/** 档案: every change to the person and their records, newest first, a page at a time. */
export function DossierTab({ personId }: { personId: string }) {
  const { t } = useTranslation();
  const [page, setPage] = useState(1);
  const dossier = useQuery({
    queryKey: [...recordsKeys.dossier(personId), page],
    queryFn: () => recordsApi.dossier(personId, { page, pageSize: PAGE_SIZE }),
    placeholderData: keepPreviousData,
    // Each read is audited with the person as its subject; a minute-old copy is good enough.
    staleTime: 60_000,
  });
  if (dossier.isPending) return <Skeleton active />;
  if (!dossier.data) {
    return (
      <Result status="error" title={t('console.person.loadFailed')} extra={<Button onClick={() => void dossier.refetch()}>{t('common.retry')}</Button>}>
        <ErrorAlert error={dossier.error} />
      </Result>
    );
  }
  const { items, total } = dossier.data;
  return (
    <Spin spinning={dossier.isFetching && dossier.isPlaceholderData}>
      <Typography.Paragraph type="secondary" style={{ fontSize: 13 }}>
        {t('console.person.dossier.intro')}
      </Typography.Paragraph>
      <ErrorAlert error={dossier.error} />
      <DossierTimeline entries={items} testId="person-dossier" />
      {total > PAGE_SIZE && (
        <Pagination
          size="small"
          align="center"
          current={page}
          pageSize={PAGE_SIZE}
          total={total}
          onChange={setPage}
          showSizeChanger={false}
          showTotal={(n) => t('common.total', { total: n })}
        />
      )}
    </Spin>
  );
}
