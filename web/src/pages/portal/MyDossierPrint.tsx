import { Button, Flex, Table, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { ArrowLeftOutlined, PrinterOutlined } from '@ant-design/icons';
import { useQuery } from '@tanstack/react-query';
import { Link } from 'react-router-dom';
import { useTranslation } from 'react-i18next';
import { isNotInRegistry, myDataApi, myDataKeys } from '../../api/myData';
import type { PersonRecords } from '../../api/records';
import { PageSpin } from '../../components/PageSpin';
import { DossierTimeline } from '../../components/registry/DossierTimeline';
import { payerNamesOf, useBankColumns, useCardColumns, useEmploymentColumns, useEnrolmentColumns, useIncomeColumns } from '../../components/registry/recordColumns';
import { formatDateTime } from '../../lib/format';
import { CitizenGate } from './CitizenGate';
import { PersonFacts } from './MyDossier';
import { LoadFailed, NotInRegistry } from './myDataParts';

/** The most the server sends in one page; older entries are in the downloadable copy. */
const PRINTED_ENTRIES = 200;

function Section<T extends { id: string }>({ title, rows, columns, empty }: { title: string; rows: T[]; columns: ColumnsType<T>; empty: string }) {
  return (
    <section className="print-section">
      <Typography.Title level={5}>{title}</Typography.Title>
      <Table<T> rowKey="id" size="small" bordered columns={columns} dataSource={rows} pagination={false} locale={{ emptyText: empty }} />
    </section>
  );
}

function RecordSections({ records: r }: { records: PersonRecords }) {
  const { t } = useTranslation();
  const cardColumns = useCardColumns(r.cards);
  const bankColumns = useBankColumns();
  const enrolmentColumns = useEnrolmentColumns();
  const employmentColumns = useEmploymentColumns();
  const incomeColumns = useIncomeColumns(payerNamesOf(r.employments));
  return (
    <>
      <Section title={t('myData.cards')} rows={r.cards} columns={cardColumns} empty={t('myData.noCard')} />
      <Section title={t('myData.bankAccounts')} rows={r.bankAccounts} columns={bankColumns} empty={t('myData.noBankAccount')} />
      <Section title={t('myData.enrolments')} rows={r.enrolments} columns={enrolmentColumns} empty={t('myData.noEnrolment')} />
      <Section title={t('myData.employment')} rows={r.employments} columns={employmentColumns} empty={t('myData.noEmployment')} />
      <Section title={t('myData.income')} rows={r.income} columns={incomeColumns} empty={t('myData.noIncome')} />
    </>
  );
}

function Printable() {
  const { t } = useTranslation();
  const dossier = useQuery({ queryKey: [...myDataKeys.dossier, 'print'], queryFn: () => myDataApi.dossier({ page: 1, pageSize: PRINTED_ENTRIES }) });
  if (dossier.isPending) return <PageSpin />;
  if (isNotInRegistry(dossier.error)) return <NotInRegistry error={dossier.error} />;
  if (!dossier.data) return <LoadFailed error={dossier.error} onRetry={() => void dossier.refetch()} />;
  const d = dossier.data;
  return (
    <article className="print-page" data-testid="dossier-print">
      <header style={{ textAlign: 'center', marginBottom: 16 }}>
        <Typography.Title level={3} style={{ marginBottom: 4 }}>
          {t('myData.printTitle')}
        </Typography.Title>
        <Typography.Text type="secondary">{t('myData.printedAt', { time: formatDateTime(new Date().toISOString()) })}</Typography.Text>
      </header>
      <section className="print-section">
        <Typography.Title level={5}>{t('myData.person')}</Typography.Title>
        <PersonFacts person={d.person} bordered />
      </section>
      <RecordSections records={d.records} />
      <section className="print-section">
        <Typography.Title level={5}>{t('myData.timeline')}</Typography.Title>
        {d.timeline.total > d.timeline.items.length && (
          <Typography.Paragraph type="secondary">{t('myData.printTruncated', { total: d.timeline.total, n: d.timeline.items.length })}</Typography.Paragraph>
        )}
        <DossierTimeline entries={d.timeline.items} audience="citizen" testId="print-timeline" />
      </section>
      <footer>
        <Typography.Paragraph type="secondary" style={{ fontSize: 12, marginTop: 16 }}>
          {t('myData.printNotice')}
        </Typography.Paragraph>
      </footer>
    </article>
  );
}

/** /portal/dossier/print: my whole dossier on plain paper, with a print button that does not print itself. */
export default function MyDossierPrint() {
  const { t } = useTranslation();
  return (
    <CitizenGate>
      {() => (
        <div style={{ maxWidth: 900, margin: '0 auto', background: '#fff', padding: 24, borderRadius: 6 }} className="print-sheet">
          <Flex justify="space-between" align="center" wrap gap={8} className="no-print" style={{ marginBottom: 16 }}>
            <Link to="/portal/dossier">
              <ArrowLeftOutlined /> {t('myData.backToDossier')}
            </Link>
            <Button type="primary" icon={<PrinterOutlined />} onClick={() => window.print()} data-testid="print-button">
              {t('common.print')}
            </Button>
          </Flex>
          <Printable />
        </div>
      )}
    </CitizenGate>
  );
}
