/** What a check matched, in words, per kind of finding; persons other than the payee only masked. */
import type { ReactNode } from 'react';
import { Descriptions, Flex, Typography, type DescriptionsProps } from 'antd';
import { Link } from 'react-router-dom';
import { useTranslation } from 'react-i18next';
import { useMe } from '../../api/auth';
import type { Flag, MaskedPerson } from '../../api/integrity';
import { allowed, REGISTRY_ROLES } from '../../layouts/consoleNav';
import { formatDate } from '../../lib/format';
import { DatasetName } from '../exchange/parts';
import { Money } from './parts';
import { useFundsLabels } from './labels';
import { mono, RegionName } from '../registry/parts';

const str = (v: unknown): string | undefined => (typeof v === 'string' && v !== '' ? v : typeof v === 'number' ? String(v) : undefined);

/** `exchange:<dataset>:<batch>` → the dataset's name and the batch. */
function parseExchange(source: string): { dataset: string; batch: string } | undefined {
  if (!source.startsWith('exchange:')) return undefined;
  const rest = source.slice('exchange:'.length);
  const at = rest.lastIndexOf(':');
  return at < 0 ? { dataset: rest, batch: '' } : { dataset: rest.slice(0, at), batch: rest.slice(at + 1) };
}

/** Who reported a death or an imprisonment: the counter, a partner's batch, or a partner by code. */
export function ReportedBy({ value }: { value: unknown }) {
  const { t } = useTranslation();
  const text = str(value);
  if (!text) return <>—</>;
  if (text === 'staff' || text === 'counter') return <>{t('funds.integrity.reporters.counter')}</>;
  const exchange = parseExchange(text);
  if (exchange) {
    return (
      <span>
        {t('funds.integrity.reporters.exchange')}：<DatasetName dataset={exchange.dataset} />
        {exchange.batch && (
          <Typography.Text type="secondary" style={{ ...mono, fontSize: 12 }}>
            {' '}
            · {exchange.batch}
          </Typography.Text>
        )}
      </span>
    );
  }
  return <>{t('funds.integrity.reporters.partner', { code: text })}</>;
}

/** Where a finding came from: a payroll run's checks, a partner's record, or the data-quality sweep. */
export function FlagSource({ source }: { source: string }) {
  const { t } = useTranslation();
  if (source.startsWith('run:')) return <>{t('funds.integrity.sources.run', { period: source.slice(4) })}</>;
  if (source.startsWith('sweep:')) return <>{t('funds.integrity.sources.sweep', { date: source.slice(6) })}</>;
  const exchange = parseExchange(source);
  if (exchange) return <>{t('funds.integrity.sources.exchange')}</>;
  return <span style={mono}>{source}</span>;
}

/** Another person the evidence names: masked, linked to the registry for those who may open it. */
export function PersonRef({ person }: { person: MaskedPerson }) {
  const { data: me } = useMe();
  const canOpen = allowed(me?.roles ?? [], REGISTRY_ROLES);
  const name = person.name || '—';
  return (
    <Flex wrap gap={8} align="center" data-testid="related-person">
      {canOpen ? <Link to={`/console/registry?person=${encodeURIComponent(person.personId)}`}>{name}</Link> : <span>{name}</span>}
      <Typography.Text type="secondary" style={{ ...mono, fontSize: 12 }}>
        {person.idNumberMasked || '—'}
      </Typography.Text>
    </Flex>
  );
}

/** The evidence of one finding as labelled facts, chosen by its kind; unknown fields follow as they are. */
export function Evidence({ flag }: { flag: Flag }) {
  const { t } = useTranslation();
  const labels = useFundsLabels();
  const e = flag.evidence;
  const items: NonNullable<DescriptionsProps['items']> = [];
  const add = (key: string, label: string, children: ReactNode) => items.push({ key, label, children });
  const ev = (k: string) => t(`funds.integrity.evidence.${k}`);
  const shown = new Set<string>(['matchedBy']);
  const use = (...keys: string[]) => keys.forEach((k) => shown.add(k));

  switch (flag.kind) {
    case 'deceased':
      use('diedOn', 'reportedBy');
      add('diedOn', ev('diedOn'), <strong>{formatDate(str(e.diedOn))}</strong>);
      add('reportedBy', ev('reportedBy'), <ReportedBy value={e.reportedBy} />);
      break;
    case 'incarcerated':
      use('admittedOn', 'facilityRegion', 'reportedBy');
      add('admittedOn', ev('admittedOn'), <strong>{formatDate(str(e.admittedOn))}</strong>);
      add('facilityRegion', ev('facilityRegion'), str(e.facilityRegion) ? <RegionName code={str(e.facilityRegion)!} /> : '—');
      add('reportedBy', ev('reportedBy'), <ReportedBy value={e.reportedBy} />);
      break;
    case 'duplicate_payee': {
      use('pensions');
      const pensions = Array.isArray(e.pensions) ? (e.pensions as { pensionId?: string; amountFen?: number }[]) : [];
      add(
        'pensions',
        ev('pensions'),
        <Flex vertical gap={2}>
          {pensions.map((p, i) => (
            <span key={p.pensionId ?? i}>
              {t('funds.integrity.evidence.pensionN', { n: i + 1 })} <Money fen={p.amountFen} />{' '}
              <Typography.Text type="secondary" style={{ ...mono, fontSize: 12 }}>
                {p.pensionId?.slice(0, 8)}
              </Typography.Text>
            </span>
          ))}
        </Flex>,
      );
      break;
    }
    case 'duplicate_identity':
      use('otherPersonId', 'birthDate', 'county');
      add(
        'other',
        ev('otherPerson'),
        flag.related.length ? (
          <Flex vertical gap={2}>
            {flag.related.map((p) => (
              <PersonRef key={p.personId} person={p} />
            ))}
          </Flex>
        ) : (
          '—'
        ),
      );
      add('birthDate', ev('birthDate'), formatDate(str(e.birthDate)));
      add('county', ev('county'), str(e.county) ? <RegionName code={str(e.county)!} /> : '—');
      break;
    case 'shared_account':
      use('accountId', 'payees', 'coPayees');
      add('payees', ev('payees'), t('funds.integrity.evidence.payeesN', { n: Number(e.payees ?? flag.related.length + 1) }));
      add(
        'coPayees',
        ev('coPayees'),
        flag.related.length ? (
          <Flex vertical gap={2}>
            {flag.related.map((p) => (
              <PersonRef key={p.personId} person={p} />
            ))}
          </Flex>
        ) : (
          '—'
        ),
      );
      break;
    case 'certification_overdue':
      use('lastCertifiedOn', 'validDays', 'asOf');
      add('lastCertifiedOn', ev('lastCertifiedOn'), str(e.lastCertifiedOn) ? formatDate(str(e.lastCertifiedOn)) : <Typography.Text type="danger">{ev('neverCertified')}</Typography.Text>);
      add('validDays', ev('validDays'), t('funds.integrity.evidence.days', { n: Number(e.validDays ?? 365) }));
      add('asOf', ev('asOf'), formatDate(str(e.asOf)));
      break;
    case 'improbable_age':
      use('birthDate', 'ageAtPeriodEnd');
      add('birthDate', ev('birthDate'), formatDate(str(e.birthDate)));
      add('age', ev('ageAtPeriodEnd'), <strong>{t('funds.integrity.evidence.years', { n: Number(e.ageAtPeriodEnd ?? 0) })}</strong>);
      break;
    case 'account_unverified':
      use('accountId', 'reason');
      add('reason', ev('reason'), t(`funds.integrity.accountReasons.${str(e.reason) ?? 'unknown'}`, { defaultValue: str(e.reason) ?? '—' }));
      break;
    default:
      break;
  }
  // Anything else the server put in the evidence, as it is.
  for (const [k, v] of Object.entries(e)) {
    if (shown.has(k) || k === 'accountId' || k === 'otherPersonId' || k === 'coPayees') continue;
    add(k, k, <span style={mono}>{typeof v === 'string' ? v : JSON.stringify(v)}</span>);
  }
  if (str(e.matchedBy)) add('matchedBy', ev('matchedBy'), labels.matchedBy(str(e.matchedBy)!));
  return <Descriptions column={1} size="small" bordered styles={{ label: { width: 180 } }} items={items} data-testid="flag-evidence" data-kind={flag.kind} />;
}
