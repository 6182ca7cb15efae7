import { useState } from 'react';
import { Alert, App, Button, Card, Flex, Input, InputNumber, Select, Table, Tag, Typography } from 'antd';
import type { ColumnType } from 'antd/es/table';
import { DeleteOutlined, PlusOutlined, SaveOutlined, UndoOutlined } from '@ant-design/icons';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { APPEAL_KINDS, appealsApi, ROUTING_LEVELS, type AppealConfig as Config, type AppealKind, type RoutingLevel, type RoutingRule, type TimeLimit } from '../../api/appeals';
import { ErrorAlert } from '../../components/ErrorAlert';
import { PageSpin } from '../../components/PageSpin';
import { useLang } from '../../i18n';

const configKey = ['appeal-config'] as const;
/** The Select value standing for null ("any"); antd treats null as "nothing chosen". */
const ANY = '*';
const PREFIX = /^(\d{2,12})?$/;

type Keyed<T> = T & { key: number };
let nextKey = 1;
const keyed = <T,>(row: T): Keyed<T> => ({ ...row, key: nextKey++ });

function useCategoryOptions(config: Config) {
  const { t } = useTranslation();
  const lang = useLang();
  return [
    { value: ANY, label: t('appeals.config.anyCategory') },
    ...config.categories.map((c) => ({ value: c.code, label: `${lang === 'en' ? c.nameEn : c.nameZh}${c.active ? '' : ' ✕'}` })),
  ];
}

function TableHeader({ title, dirty, onAdd, onReset, onSave, saving, testid }: { title: string; dirty: boolean; onAdd: () => void; onReset: () => void; onSave: () => void; saving: boolean; testid: string }) {
  const { t } = useTranslation();
  return (
    <Flex justify="space-between" align="center" wrap gap={8} style={{ marginBottom: 12 }}>
      <Flex align="center" gap={8}>
        <Typography.Title level={5} style={{ margin: 0 }}>
          {title}
        </Typography.Title>
        {dirty && <Tag color="orange">{t('appeals.config.unsaved')}</Tag>}
      </Flex>
      <Flex gap={8} wrap>
        <Button icon={<PlusOutlined />} onClick={onAdd} data-testid={`${testid}-add`}>
          {t('appeals.config.addRow')}
        </Button>
        <Button icon={<UndoOutlined />} onClick={onReset} disabled={!dirty}>
          {t('appeals.config.reset')}
        </Button>
        <Button type="primary" icon={<SaveOutlined />} onClick={onSave} loading={saving} disabled={!dirty} data-testid={`${testid}-save`}>
          {t('appeals.config.save')}
        </Button>
      </Flex>
    </Flex>
  );
}

/** Rows edited locally and saved as a whole list, as the server replaces them. */
function useEditableRows<T extends object>(fromServer: () => Keyed<T>[], persist: (rows: T[]) => Promise<Config>) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const [rows, setRows] = useState(fromServer);
  const [dirty, setDirty] = useState(false);
  const edit = (next: (rs: Keyed<T>[]) => Keyed<T>[]) => {
    setRows(next);
    setDirty(true);
  };
  const save = useMutation({
    mutationFn: () => persist(rows.map(({ key: _key, ...row }) => row as unknown as T)),
    onSuccess: (next) => {
      queryClient.setQueryData(configKey, next);
      void message.success(t('appeals.config.saved'));
    },
  });
  return {
    rows,
    dirty,
    save,
    update: (key: number, patch: Partial<T>) => edit((rs) => rs.map((r) => (r.key === key ? { ...r, ...patch } : r))),
    add: (row: T) => edit((rs) => [...rs, keyed(row)]),
    remove: (key: number) => edit((rs) => rs.filter((r) => r.key !== key)),
    reset: () => {
      setRows(fromServer());
      setDirty(false);
      save.reset();
    },
  };
}

/** The category cell both tables share; null stands for "any category". */
function categoryColumn<T extends { categoryCode: string | null }>(title: string, options: { value: string; label: string }[], update: (key: number, patch: Partial<T>) => void): ColumnType<Keyed<T>> {
  return {
    key: 'category',
    title,
    width: 200,
    render: (_, r) => (
      <Select
        value={r.categoryCode ?? ANY}
        options={options}
        onChange={(v: string) => update(r.key, { categoryCode: v === ANY ? null : v } as Partial<T>)}
        style={{ width: '100%' }}
        showSearch={{ optionFilterProp: 'label' }}
      />
    ),
  };
}

/** The last cell: the default row cannot go; any other row can. */
function RemoveCell({ isDefault, onRemove }: { isDefault: boolean; onRemove: () => void }) {
  const { t } = useTranslation();
  return isDefault ? (
    <Tag color="blue">{t('appeals.config.defaultRow')}</Tag>
  ) : (
    <Button type="text" danger icon={<DeleteOutlined />} aria-label={t('appeals.config.remove')} onClick={onRemove} />
  );
}

function RoutingRules({ config }: { config: Config }) {
  const { t } = useTranslation();
  const categoryOptions = useCategoryOptions(config);
  const editor = useEditableRows<RoutingRule>(
    () => config.routingRules.map((r) => keyed<RoutingRule>({ categoryCode: r.categoryCode, regionPrefix: r.regionPrefix, level: r.level, note: r.note })),
    (rows) => appealsApi.saveRoutingRules(rows.map(({ note, ...r }) => (note?.trim() ? { ...r, note: note.trim() } : r))),
  );
  const { rows, update, save } = editor;
  const badPrefix = rows.some((r) => !PREFIX.test(r.regionPrefix));
  return (
    <Card size="small" data-testid="routing-rules">
      <TableHeader
        title={t('appeals.config.routingTitle')}
        dirty={editor.dirty}
        saving={save.isPending}
        testid="routing"
        onAdd={() => editor.add({ categoryCode: null, regionPrefix: '', level: 'county', note: '' })}
        onReset={editor.reset}
        onSave={() => !badPrefix && save.mutate()}
      />
      <ErrorAlert error={save.error} />
      {badPrefix && <Alert type="warning" showIcon title={t('appeals.config.regionPrefixFormat')} style={{ marginBottom: 12 }} />}
      <Table<Keyed<RoutingRule>>
        size="small"
        rowKey="key"
        pagination={false}
        scroll={{ x: 760 }}
        dataSource={rows}
        columns={[
          categoryColumn<RoutingRule>(t('appeals.config.category'), categoryOptions, update),
          {
            key: 'prefix',
            title: t('appeals.config.regionPrefix'),
            width: 170,
            render: (_, r) => (
              <Input
                value={r.regionPrefix}
                onChange={(e) => update(r.key, { regionPrefix: e.target.value.trim() })}
                placeholder={t('appeals.config.any')}
                status={PREFIX.test(r.regionPrefix) ? undefined : 'error'}
                title={t('appeals.config.regionPrefixHint')}
                maxLength={12}
                inputMode="numeric"
              />
            ),
          },
          {
            key: 'level',
            title: t('appeals.config.level'),
            width: 150,
            render: (_, r) => (
              <Select<RoutingLevel>
                value={r.level}
                options={ROUTING_LEVELS.map((l) => ({ value: l, label: t(`appeals.config.levels.${l}`) }))}
                onChange={(v) => update(r.key, { level: v })}
                style={{ width: '100%' }}
              />
            ),
          },
          {
            key: 'note',
            title: t('appeals.config.note'),
            render: (_, r) => <Input value={r.note ?? ''} onChange={(e) => update(r.key, { note: e.target.value })} maxLength={200} />,
          },
          {
            key: 'remove',
            title: '',
            width: 90,
            render: (_, r) => <RemoveCell isDefault={r.categoryCode === null && r.regionPrefix === ''} onRemove={() => editor.remove(r.key)} />,
          },
        ]}
      />
    </Card>
  );
}

function TimeLimits({ config }: { config: Config }) {
  const { t } = useTranslation();
  const categoryOptions = useCategoryOptions(config);
  const kindOptions = [{ value: ANY, label: t('appeals.config.anyKind') }, ...APPEAL_KINDS.map((k) => ({ value: k, label: t(`appeals.kinds.${k}`) }))];
  const editor = useEditableRows<TimeLimit>(
    () => config.timeLimits.map((l) => keyed<TimeLimit>({ categoryCode: l.categoryCode, kind: l.kind, ackWorkingHours: l.ackWorkingHours, replyWorkingDays: l.replyWorkingDays })),
    (rows) => appealsApi.saveTimeLimits(rows),
  );
  const { rows, update, save } = editor;
  return (
    <Card size="small" data-testid="time-limits">
      <TableHeader
        title={t('appeals.config.limitsTitle')}
        dirty={editor.dirty}
        saving={save.isPending}
        testid="limits"
        onAdd={() => editor.add({ categoryCode: null, kind: null, ackWorkingHours: 24, replyWorkingDays: 10 })}
        onReset={editor.reset}
        onSave={() => save.mutate()}
      />
      <ErrorAlert error={save.error} />
      <Table<Keyed<TimeLimit>>
        size="small"
        rowKey="key"
        pagination={false}
        scroll={{ x: 760 }}
        dataSource={rows}
        columns={[
          categoryColumn<TimeLimit>(t('appeals.config.category'), categoryOptions, update),
          {
            key: 'kind',
            title: t('appeals.config.kind'),
            width: 140,
            render: (_, r) => (
              <Select
                value={r.kind ?? ANY}
                options={kindOptions}
                onChange={(v: string) => update(r.key, { kind: v === ANY ? null : (v as AppealKind) })}
                style={{ width: '100%' }}
              />
            ),
          },
          {
            key: 'ack',
            title: t('appeals.config.ackWorkingHours'),
            width: 170,
            render: (_, r) => (
              <InputNumber min={1} max={240} precision={0} value={r.ackWorkingHours} onChange={(v) => update(r.key, { ackWorkingHours: v ?? 1 })} style={{ width: '100%' }} />
            ),
          },
          {
            key: 'reply',
            title: t('appeals.config.replyWorkingDays'),
            width: 170,
            render: (_, r) => (
              <InputNumber min={1} max={90} precision={0} value={r.replyWorkingDays} onChange={(v) => update(r.key, { replyWorkingDays: v ?? 1 })} style={{ width: '100%' }} />
            ),
          },
          {
            key: 'remove',
            title: '',
            width: 90,
            render: (_, r) => <RemoveCell isDefault={r.categoryCode === null && r.kind === null} onRemove={() => editor.remove(r.key)} />,
          },
        ]}
      />
    </Card>
  );
}

/** /console/appeal-config (system administrator): routing rules and time limits of appeals. */
export default function AppealConfig() {
  const { t } = useTranslation();
  const config = useQuery({ queryKey: configKey, queryFn: appealsApi.config });
  if (config.isPending) return <PageSpin />;
  if (config.error) return <ErrorAlert error={config.error} />;
  return (
    <Flex vertical gap={16} data-testid="appeal-config">
      <Card size="small">
        <Typography.Title level={4} style={{ marginTop: 0 }}>
          {t('appeals.config.title')}
        </Typography.Title>
        <Typography.Paragraph style={{ marginBottom: 8 }}>{t('appeals.config.intro')}</Typography.Paragraph>
        <Alert type="info" showIcon title={t('appeals.config.precedence')} />
      </Card>
      {/* Remount an editor when the server's copy of its list changes (after a save), so it shows what is stored
          without discarding unsaved edits in the other table. */}
      <RoutingRules config={config.data} key={JSON.stringify(config.data.routingRules)} />
      <TimeLimits config={config.data} key={JSON.stringify(config.data.timeLimits)} />
    </Flex>
  );
}
