import { Form, Input, Radio, Select, Switch } from 'antd';
import { useTranslation } from 'react-i18next';
import { APPEAL_KINDS, type AppealKind, type NewAppeal } from '../../api/appeals';
import { useAppealLabels } from './labels';
import { RegionCascader, regionPath } from './RegionCascader';

export interface AppealFormValues {
  kind: AppealKind;
  /** '' lets the server's classifier choose. */
  categoryCode: string;
  title: string;
  body: string;
  region: string[];
  isPublic: boolean;
  anonymous: boolean;
  contactName?: string;
  contactPhone?: string;
}

export function appealInitialValues(regionCode?: string): Partial<AppealFormValues> {
  return { kind: 'complaint', categoryCode: '', region: regionPath(regionCode), isPublic: true, anonymous: false };
}

export function toNewAppeal(v: AppealFormValues): NewAppeal {
  const contactName = v.contactName?.trim();
  return {
    kind: v.kind,
    ...(v.categoryCode ? { categoryCode: v.categoryCode } : {}),
    title: v.title.trim(),
    body: v.body.trim(),
    regionCode: v.region[v.region.length - 1] ?? '',
    isPublic: v.isPublic,
    anonymous: v.anonymous,
    ...(contactName && !v.anonymous ? { contactName } : {}),
    ...(v.contactPhone ? { contactPhone: v.contactPhone } : {}),
  };
}

/** The fields of an appeal, shared by the citizen's form and the hotline entry. */
export function AppealFields({ withContact = false }: { withContact?: boolean }) {
  const { t } = useTranslation();
  const labels = useAppealLabels();
  const anonymous = Form.useWatch<boolean | undefined>('anonymous');
  return (
    <>
      <Form.Item name="kind" label={t('appeals.form.kind')} rules={[{ required: true }]}>
        <Radio.Group options={APPEAL_KINDS.map((k) => ({ value: k, label: labels.kind(k) }))} />
      </Form.Item>
      <Form.Item name="categoryCode" label={t('appeals.form.category')} extra={t('appeals.form.categoryHint')}>
        <Select options={[{ value: '', label: t('appeals.form.categoryAuto') }, ...labels.categoryOptions]} data-testid="category-select" />
      </Form.Item>
      <Form.Item name="title" label={t('appeals.form.titleLabel')} rules={[{ required: true, whitespace: true, message: t('appeals.form.titleRequired') }]}>
        <Input name="title" maxLength={100} showCount placeholder={t('appeals.form.titlePlaceholder')} />
      </Form.Item>
      <Form.Item name="body" label={t('appeals.form.bodyLabel')} rules={[{ required: true, whitespace: true, message: t('appeals.form.bodyRequired') }]}>
        <Input.TextArea name="body" maxLength={5000} showCount autoSize={{ minRows: 5, maxRows: 14 }} placeholder={t('appeals.form.bodyPlaceholder')} />
      </Form.Item>
      <Form.Item name="region" label={t('appeals.form.region')} rules={[{ required: true, type: 'array', min: 1, message: t('appeals.form.regionRequired') }]}>
        <RegionCascader placeholder={t('appeals.form.regionPlaceholder')} />
      </Form.Item>
      {withContact && (
        <>
          <Form.Item
            name="contactName"
            label={t('appeals.fields.contactName')}
            rules={[{ required: !anonymous, whitespace: true, message: t('appeals.staff.contactNameRequired') }]}
          >
            <Input name="contactName" maxLength={50} disabled={!!anonymous} autoComplete="off" />
          </Form.Item>
          <Form.Item
            name="contactPhone"
            label={t('appeals.fields.contactPhone')}
            rules={[{ pattern: /^1\d{10}$/, message: t('appeals.staff.phoneFormat') }]}
            normalize={(v: string) => v.replace(/\D/g, '').slice(0, 11)}
          >
            <Input name="contactPhone" inputMode="tel" maxLength={11} autoComplete="off" />
          </Form.Item>
        </>
      )}
      <Form.Item name="isPublic" label={t('appeals.form.isPublic')} valuePropName="checked" extra={t('appeals.form.isPublicHint')}>
        <Switch data-testid="appeal-public" />
      </Form.Item>
      <Form.Item name="anonymous" label={t('appeals.form.anonymous')} valuePropName="checked" extra={t('appeals.form.anonymousHint')}>
        <Switch data-testid="appeal-anonymous" />
      </Form.Item>
    </>
  );
}
