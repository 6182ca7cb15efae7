import { Tag } from 'antd';
import { useTranslation } from 'react-i18next';

const colors: Record<string, string> = {
  caseworker: 'blue',
  department_head: 'geekblue',
  supervisor: 'purple',
  partner: 'cyan',
  sysadmin: 'volcano',
  secadmin: 'orange',
  auditadmin: 'gold',
};

export function RoleTags({ roles }: { roles: readonly string[] }) {
  const { t } = useTranslation();
  return (
    <>
      {roles.map((r) => (
        <Tag key={r} color={colors[r] ?? 'default'} style={{ marginInlineEnd: 4 }}>
          {t(`roles.${r}`, { defaultValue: r })}
        </Tag>
      ))}
    </>
  );
}
