import { useState } from 'react';
import { Button, Form } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { PlusOutlined } from '@ant-design/icons';
import type { Dayjs } from 'dayjs';
import { useTranslation } from 'react-i18next';
import type { PersonDetail } from '../../../api/registry';
import { recordsApi, type Employment } from '../../../api/records';
import { useEmploymentColumns } from '../../../components/registry/recordColumns';
import { EmployerSelect } from '../EmployerPicker';
import { dayOf, DayField, ReasonField, todayInChina, todayValue } from './fields';
import { FormModal } from './FormModal';
import { RecordTable, RowActions, WithRecords } from './RecordsPane';
import { useRecordChange } from './useRecords';

interface StartValues {
  employerId: string;
  startedOn: Dayjs;
}

function StartModal({ person, open, onClose }: { person: PersonDetail; open: boolean; onClose: () => void }) {
  const { t } = useTranslation();
  const [form] = Form.useForm<StartValues>();
  const run = useRecordChange(
    person.id,
    (v: StartValues, keyFor) => {
      const body = { employerId: v.employerId, startedOn: dayOf(v.startedOn) };
      return recordsApi.startEmployment(person.id, body, keyFor(body));
    },
    t('console.person.employment.started'),
    onClose,
  );
  return (
    <FormModal<StartValues>
      open={open}
      title={t('console.person.employment.addTitle', { name: person.name })}
      name="employment-start"
      form={form}
      {...run}
      initialValues={{ startedOn: todayValue() }}
    >
      <Form.Item name="employerId" label={t('registry.employer')} rules={[{ required: true, message: t('console.person.employment.employerRequired') }]}>
        <EmployerSelect placeholder={t('console.person.employment.employerPlaceholder')} />
      </Form.Item>
      <DayField name="startedOn" label={t('registry.startedOn')} min={person.birthDate} max={todayInChina()} />
    </FormModal>
  );
}

function EndModal({ person, employment, onClose }: { person: PersonDetail; employment: Employment | null; onClose: () => void }) {
  const { t } = useTranslation();
  const [form] = Form.useForm<{ endedOn: Dayjs; reason: string }>();
  const run = useRecordChange(
    person.id,
    (v: { endedOn: Dayjs; reason: string }) => recordsApi.endEmployment(person.id, employment?.id ?? '', { endedOn: dayOf(v.endedOn), reason: v.reason.trim() }),
    t('console.person.employment.ended'),
    onClose,
  );
  return (
    <FormModal<{ endedOn: Dayjs; reason: string }>
      open={!!employment}
      title={t('console.person.employment.endTitle', { employer: employment?.employerName ?? '' })}
      name="employment-end"
      form={form}
      {...run}
      initialValues={{ endedOn: todayValue() }}
    >
      <DayField name="endedOn" label={t('registry.endedOn')} min={employment?.startedOn} max={todayInChina()} />
      <ReasonField />
    </FormModal>
  );
}

function EmploymentPanel({ person, employments, canWrite }: { person: PersonDetail; employments: Employment[]; canWrite: boolean }) {
  const { t } = useTranslation();
  const [adding, setAdding] = useState(false);
  const [ending, setEnding] = useState<Employment | null>(null);
  const columns: ColumnsType<Employment> = [...useEmploymentColumns()];
  if (canWrite) {
    columns.push({
      title: t('common.actions'),
      key: 'actions',
      render: (_, e) =>
        e.endedOn ? null : (
          <RowActions>
            <Button type="link" size="small" style={{ padding: 0 }} onClick={() => setEnding(e)} data-testid="employment-end">
              {t('console.person.employment.end')}
            </Button>
          </RowActions>
        ),
    });
  }
  return (
    <>
      <RecordTable<Employment>
        rows={employments}
        columns={columns}
        empty={t('console.person.employment.empty')}
        testId="person-employments"
        toolbar={
          canWrite &&
          person.status === 'alive' && (
            <Button type="primary" icon={<PlusOutlined />} onClick={() => setAdding(true)} data-testid="employment-add">
              {t('console.person.employment.add')}
            </Button>
          )
        }
      />
      <StartModal person={person} open={adding} onClose={() => setAdding(false)} />
      <EndModal person={person} employment={ending} onClose={() => setEnding(null)} />
    </>
  );
}

/** 就业: where the person works and worked; record a start or an end. */
export function EmploymentTab({ person, canWrite }: { person: PersonDetail; canWrite: boolean }) {
  return <WithRecords personId={person.id}>{(records) => <EmploymentPanel person={person} employments={records.employments} canWrite={canWrite} />}</WithRecords>;
}
