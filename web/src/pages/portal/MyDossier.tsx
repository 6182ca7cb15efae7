import { useState, type ReactNode } from 'react';
import { Button, Card, Col, Descriptions, Empty, Flex, Pagination, Row, Spin, Table, Tag, Typography } from 'antd';
import { CreditCardOutlined, FormOutlined, PrinterOutlined } from '@ant-design/icons';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useNavigate } from 'react-router-dom';
import { useTranslation } from 'react-i18next';
import { isNotInRegistry, myDataApi, myDataKeys, type MyDossier as Dossier, type OwnPerson } from '../../api/myData';
import type { PersonRecords } from '../../api/records';
import { PageSpin } from '../../components/PageSpin';
import { DossierTimeline } from '../../components/registry/DossierTimeline';
import { useRegistryLabels } from '../../components/registry/labels';
import { BankStatusTag, CardStatusTag, EnrolmentStatusTag, mono, RegionName } from '../../components/registry/parts';
import { payerNamesOf, useIncomeColumns } from '../../components/registry/recordColumns';
import { formatDate } from '../../lib/format';
import { DownloadMyData, LoadFailed, NotInRegistry } from './myDataParts';
import { PortalPage } from './PortalNav';

const TIMELINE_PAGE = 10;

export function PersonFacts({ person: p, bordered }: { person: OwnPerson; bordered?: boolean }) {
  const { t } = useTranslation();
  return (
    <Descriptions
      column={{ xs: 1, sm: 2 }}
      size="small"
      bordered={bordered}
      data-testid="my-person"
      items={[
        { key: 'name', label: t('console.registry.name'), children: p.name },
        { key: 'id', label: t('console.registry.idNumber'), children: <span style={mono}>{p.idNumberMasked}</span> },
        { key: 'sex', label: t('console.registry.sex'), children: t(`sex.${p.sex}`, { defaultValue: p.sex }) },
        { key: 'birth', label: t('console.registry.birthDate'), children: formatDate(p.birthDate) },
        { key: 'region', label: t('console.registry.householdRegion'), children: <RegionName code={p.householdRegion} fullName={p.householdRegionName} /> },
        { key: 'phone', label: t('console.registry.phone'), children: <span style={mono}>{p.phoneMasked ?? '—'}</span> },
        ...(p.status === 'deceased' ? [{ key: 'died', label: t('console.registry.diedOn'), children: formatDate(p.diedOn) }] : []),
      ]}
    />
  );
}

/** One line of a record list: what it is on the left, its status on the right. */
function Line({ title, detail, status, testId }: { title: ReactNode; detail: ReactNode; status: ReactNode; testId: string }) {
  return (
    <Flex justify="space-between" align="start" gap={8} style={{ padding: '8px 0', borderBottom: '1px solid #f5f5f5' }} data-testid={testId}>
      <div style={{ minWidth: 0 }}>
        <div>{title}</div>
        <Typography.Text type="secondary" style={{ fontSize: 12 }}>
          {detail}
        </Typography.Text>
      </div>
      <Flex gap={4} wrap justify="end" style={{ flexShrink: 0 }}>
        {status}
      </Flex>
    </Flex>
  );
}

function None({ text }: { text: string }) {
  return <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={text} style={{ margin: '8px 0' }} />;
}

function Records({ records: r }: { records: PersonRecords }) {
  const { t } = useTranslation();
  const labels = useRegistryLabels();
  const incomeColumns = useIncomeColumns(payerNamesOf(r.employments)).filter((c) => (c as { dataIndex?: string }).dataIndex !== 'source');
  const numberOf = new Map(r.cards.map((c) => [c.id, c.cardNumber]));
  return (
    <Row gutter={[16, 16]}>
      <Col xs={24} md={12}>
        <Card size="small" title={<><CreditCardOutlined /> {t('myData.cards')}</>} style={{ height: '100%' }} data-testid="my-cards">
          {r.cards.length === 0 ? (
            <None text={t('myData.noCard')} />
          ) : (
            r.cards.map((c) => (
              <Line
                key={c.id}
                testId="my-card"
                title={<span style={{ ...mono, fontSize: 16 }}>{c.cardNumber}</span>}
                detail={[c.issuingBank, `${t('registry.issuedOn')} ${formatDate(c.issuedOn)}`, c.replacesId ? t('registry.replaces', { number: numberOf.get(c.replacesId) ?? '—' }) : null]
                  .filter(Boolean)
                  .join(' · ')}
                status={<CardStatusTag status={c.status} />}
              />
            ))
          )}
        </Card>
      </Col>
      <Col xs={24} md={12}>
        <Card size="small" title={t('myData.bankAccounts')} style={{ height: '100%' }} data-testid="my-bank-accounts">
          {r.bankAccounts.length === 0 ? (
            <None text={t('myData.noBankAccount')} />
          ) : (
            r.bankAccounts.map((a) => (
              <Line
                key={a.id}
                testId="my-bank-account"
                title={
                  <>
                    {a.bankName} <span style={{ ...mono, whiteSpace: 'nowrap' }}>{a.accountNumberMasked}</span>
                  </>
                }
                detail={`${t('registry.createdAt')} ${formatDate(a.createdAt)}${a.closedAt ? ` · ${t('registry.closedAt')} ${formatDate(a.closedAt)}` : ''}`}
                status={
                  <>
                    {a.verifiedAt && (
                      <Tag color="blue" style={{ margin: 0 }}>
                        {t('registry.verified')}
                      </Tag>
                    )}
                    <BankStatusTag status={a.status} />
                  </>
                }
              />
            ))
          )}
        </Card>
      </Col>
      <Col xs={24} md={12}>
        <Card size="small" title={t('myData.enrolments')} style={{ height: '100%' }} data-testid="my-enrolments">
          {r.enrolments.length === 0 ? (
            <None text={t('myData.noEnrolment')} />
          ) : (
            r.enrolments.map((e) => (
              <Line
                key={e.id}
                testId="my-enrolment"
                title={labels.scheme(e.scheme)}
                detail={[
                  <RegionName key="r" code={e.region} fullName={e.regionName || undefined} />,
                  ` · ${formatDate(e.startedOn)}${e.endedOn ? ` – ${formatDate(e.endedOn)}` : ''}`,
                  e.employerName ? ` · ${e.employerName}` : '',
                ]}
                status={<EnrolmentStatusTag status={e.status} />}
              />
            ))
          )}
        </Card>
      </Col>
      <Col xs={24} md={12}>
        <Card size="small" title={t('myData.employment')} style={{ height: '100%' }} data-testid="my-employment">
          {r.employments.length === 0 ? (
            <None text={t('myData.noEmployment')} />
          ) : (
            r.employments.map((e) => (
              <Line
                key={e.id}
                testId="my-job"
                title={e.employerName}
                detail={`${formatDate(e.startedOn)} – ${e.endedOn ? formatDate(e.endedOn) : t('registry.current')}`}
                status={
                  e.endedOn ? null : (
                    <Tag color="success" style={{ margin: 0 }}>
                      {t('registry.current')}
                    </Tag>
                  )
                }
              />
            ))
          )}
        </Card>
      </Col>
      <Col span={24}>
        <Card size="small" title={t('myData.income')} data-testid="my-income">
          <Table
            rowKey="id"
            size="small"
            columns={incomeColumns}
            dataSource={r.income}
            pagination={r.income.length > 12 ? { pageSize: 12, size: 'small', showSizeChanger: false } : false}
            scroll={{ x: 'max-content' }}
            locale={{ emptyText: <None text={t('myData.noIncome')} /> }}
          />
        </Card>
      </Col>
    </Row>
  );
}

function Timeline({ dossier, page, onPage, loading }: { dossier: Dossier; page: number; onPage: (p: number) => void; loading: boolean }) {
  const { t } = useTranslation();
  return (
    <Card size="small" title={t('myData.timeline')} data-testid="my-timeline">
      <Typography.Paragraph type="secondary" style={{ fontSize: 13 }}>
        {t('myData.timelineIntro')}
      </Typography.Paragraph>
      <Spin spinning={loading}>
        <DossierTimeline entries={dossier.timeline.items} audience="citizen" testId="my-dossier-timeline" />
      </Spin>
      {dossier.timeline.total > TIMELINE_PAGE && (
        <Pagination size="small" align="center" current={page} pageSize={TIMELINE_PAGE} total={dossier.timeline.total} onChange={onPage} showSizeChanger={false} />
      )}
    </Card>
  );
}

function Content() {
  const { t } = useTranslation();
  const [page, setPage] = useState(1);
  const dossier = useQuery({
    queryKey: [...myDataKeys.dossier, page],
    queryFn: () => myDataApi.dossier({ page, pageSize: TIMELINE_PAGE }),
    placeholderData: keepPreviousData,
  });
  if (dossier.isPending) return <PageSpin />;
  if (isNotInRegistry(dossier.error)) return <NotInRegistry error={dossier.error} />;
  if (!dossier.data) return <LoadFailed error={dossier.error} onRetry={() => void dossier.refetch()} />;
  const d = dossier.data;
  return (
    <Flex vertical gap={16} data-testid="my-dossier">
      <Card size="small" title={t('myData.person')}>
        <PersonFacts person={d.person} />
      </Card>
      <Records records={d.records} />
      <Timeline dossier={d} page={page} onPage={setPage} loading={dossier.isFetching && dossier.isPlaceholderData} />
    </Flex>
  );
}

/** /portal/dossier: my record, cards, bank account, enrolments, employment, income and every change. */
export default function MyDossier() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  return (
    <PortalPage>
      {() => (
        <>
          <Flex justify="space-between" align="center" wrap gap={8} style={{ marginBottom: 8 }}>
            <Typography.Title level={3} style={{ margin: 0 }}>
              {t('myData.dossierTitle')}
            </Typography.Title>
            <Flex wrap gap={8}>
              <DownloadMyData />
              <Button icon={<PrinterOutlined />} onClick={() => navigate('/portal/dossier/print')} data-testid="dossier-print-link">
                {t('myData.print')}
              </Button>
              <Button icon={<FormOutlined />} onClick={() => navigate('/portal/corrections')}>
                {t('myData.correct')}
              </Button>
            </Flex>
          </Flex>
          <Typography.Paragraph type="secondary">{t('myData.dossierIntro')}</Typography.Paragraph>
          <Content />
        </>
      )}
    </PortalPage>
  );
}
