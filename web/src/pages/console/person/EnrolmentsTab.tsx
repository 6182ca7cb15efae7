import { useState } from 'react';
import { Button, Form, Select } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { PlusOutlined } from '@ant-design/icons';
import type { Dayjs } from 'dayjs';
import { useTranslation } from 'react-i18next';
import { useMe } from '../../../api/auth';
import type { PersonDetail } from '../../../api/registry';
import { EMPLOYEE_SCHEMES, INSURANCE_SCHEMES, recordsApi, type Employment, type Enrolment, type EnrolmentStatus, type InsuranceScheme } from '../../../api/records';
import { RegionCascader, regionPath } from '../../../components/appeals/RegionCascader';
import { useRegistryLabels } from '../../../components/registry/labels';
import { useEnrolmentColumns } from '../../../components/registry/recordColumns';
import { EmployerSelect } from '../EmployerPicker';
import { dayOf, DayField, ReasonField, todayInChina, todayValue } from './fields';
import { FormModal } from './FormModal';
import { RecordTable, RowActions, WithRecords } from './RecordsPane';
import { useRecordChange } from './useRecords';

type Change = Exclude<EnrolmentStatus, 'active'> | 'resume';
type Open = { kind: 'add' } | { kind: 'status'; enrolment: Enrolment; change: Change } | null;

interface AddValues {
  scheme: InsuranceScheme;
  region: string[];
  startedOn: Dayjs;
  employerId?: string;
}

/** 参保登记: a scheme, where, from when; employee schemes name the employer that pays in. */
function AddModal({ person, employments, open, onClose }: { person: PersonDetail; employments: Employment[]; open: boolean; onClose: () => void }) {
  const { t } = useTranslation();
  const labels = useRegistryLabels();
  const { data: me } = useMe();
  const [form] = Form.useForm<AddValues>();
  const scheme = Form.useWatch('scheme', form);
  const employeeScheme = !!scheme && EMPLOYEE_SCHEMES.includes(scheme);
  const currentJobs = employments.filter((e) => !e.endedOn);
  const run = useRecordChange(
    person.id,
    (v: AddValues, keyFor) => {
      const body = {
        scheme: v.scheme,
        region: v.region[v.region.length - 1] ?? '',
        startedOn: dayOf(v.startedOn),
        ...(EMPLOYEE_SCHEMES.includes(v.scheme) && v.employerId ? { employerId: v.employerId } : {}),
      };
      return recordsApi.enrol(person.id, body, keyFor(body));
    },
    t('console.person.enrolments.added'),
    onClose,
  );
  return (
    <FormModal<AddValues>
      open={open}
      title={t('console.person.enrolments.addTitle', { name: person.name })}
      name="enrolment-add"
      form={form}
      {...run}
      initialValues={{ region: regionPath(person.householdRegion), startedOn: todayValue(), employerId: currentJobs[0]?.employerId }}
    >
      <Form.Item name="scheme" label={t('registry.scheme')} rules={[{ required: true, message: t('console.person.enrolments.schemeRequired') }]}>
        <Select<InsuranceScheme> options={INSURANCE_SCHEMES.map((s) => ({ value: s, label: labels.scheme(s) }))} data-testid="enrolment-scheme" />
      </Form.Item>
      <Form.Item name="region" label={t('registry.region')} rules={[{ required: true, type: 'array', min: 1, message: t('console.person.enrolments.regionRequired') }]}>
        <RegionCascader within={me?.department?.regionCode} placeholder={t('console.registry.regionPlaceholder')} />
      </Form.Item>
      <DayField name="startedOn" label={t('registry.startedOn')} min={person.birthDate} max={todayInChina()} />
      <Form.Item
        name="employerId"
        label={t('registry.employer')}
        extra={t('console.person.enrolments.employerHint')}
        rules={[{ required: employeeScheme, message: t('console.person.enrolments.employerRequired') }]}
        hidden={!employeeScheme}
      >
        <EmployerSelect
          placeholder={t('console.person.employment.employerPlaceholder')}
          known={currentJobs.map((e) => ({ id: e.employerId, name: e.employerName, creditCode: e.employerCreditCode }))}
        />
      </Form.Item>
    </FormModal>
  );
}

const changeTitles: Record<Change, string> = {
  suspended: 'console.person.enrolments.suspendTitle',
  resume: 'console.person.enrolments.resumeTitle',
  ended: 'console.person.enrolments.endTitle',
};

/** 暂停 · 恢复 · 终止, from a date, with a reason. */
function StatusModal({ person, enrolment, change, onClose }: { person: PersonDetail; enrolment: Enrolment | null; change: Change; onClose: () => void }) {
  const { t } = useTranslation();
  const labels = useRegistryLabels();
  const [form] = Form.useForm<{ on: Dayjs; reason: string }>();
  const run = useRecordChange(
    person.id,
    (v: { on: Dayjs; reason: string }) =>
      recordsApi.changeEnrolmentStatus(person.id, enrolment?.id ?? '', { status: change === 'resume' ? 'active' : change, on: dayOf(v.on), reason: v.reason.trim() }),
    t('console.person.enrolments.changed'),
    onClose,
  );
  return (
    <FormModal<{ on: Dayjs; reason: string }>
      open={!!enrolment}
      title={t(changeTitles[change], { scheme: enrolment ? labels.scheme(enrolment.scheme) : '' })}
      name="enrolment-status"
      form={form}
      {...run}
      warning={change === 'ended' ? t('console.person.enrolments.endHint') : undefined}
      danger={change === 'ended'}
      initialValues={{ on: todayValue() }}
    >
      <DayField name="on" label={t('console.person.enrolments.effectiveOn')} min={enrolment?.startedOn} max={todayInChina()} />
      <ReasonField />
    </FormModal>
  );
}

function EnrolmentsPanel({ person, enrolments, employments, canWrite }: { person: PersonDetail; enrolments: Enrolment[]; employments: Employment[]; canWrite: boolean }) {
  const { t } = useTranslation();
  const [open, setOpen] = useState<Open>(null);
  const close = () => setOpen(null);
  const columns: ColumnsType<Enrolment> = [...useEnrolmentColumns()];
  const link = { type: 'link' as const, size: 'small' as const, style: { padding: 0 } };
  if (canWrite) {
    columns.push({
      title: t('common.actions'),
      key: 'actions',
      render: (_, e) =>
        e.status === 'ended' ? null : (
          <RowActions>
            {e.status === 'active' ? (
              <Button {...link} onClick={() => setOpen({ kind: 'status', enrolment: e, change: 'suspended' })} data-testid="enrolment-suspend">
                {t('console.person.enrolments.suspend')}
              </Button>
            ) : (
              <Button {...link} onClick={() => setOpen({ kind: 'status', enrolment: e, change: 'resume' })} data-testid="enrolment-resume">
                {t('console.person.enrolments.resume')}
              </Button>
            )}
            <Button {...link} danger onClick={() => setOpen({ kind: 'status', enrolment: e, change: 'ended' })} data-testid="enrolment-end">
              {t('console.person.enrolments.end')}
            </Button>
          </RowActions>
        ),
    });
  }
  return (
    <>
      <RecordTable<Enrolment>
        rows={enrolments}
        columns={columns}
        empty={t('console.person.enrolments.empty')}
        testId="person-enrolments"
        toolbar={
          canWrite &&
          person.status === 'alive' && (
            <Button type="primary" icon={<PlusOutlined />} onClick={() => setOpen({ kind: 'add' })} data-testid="enrolment-add">
              {t('console.person.enrolments.add')}
            </Button>
          )
        }
      />
      <AddModal person={person} employments={employments} open={open?.kind === 'add'} onClose={close} />
      <StatusModal person={person} enrolment={open?.kind === 'status' ? open.enrolment : null} change={open?.kind === 'status' ? open.change : 'suspended'} onClose={close} />
    </>
  );
}

/** 参保: schemes with their status; enrol, suspend, resume, end. */
export function EnrolmentsTab({ person, canWrite }: { person: PersonDetail; canWrite: boolean }) {
  return (
    <WithRecords personId={person.id}>
      {(records) => <EnrolmentsPanel person={person} enrolments={records.enrolments} employments={records.employments} canWrite={canWrite} />}
    </WithRecords>
  );
}
