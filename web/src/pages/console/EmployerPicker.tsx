import { useState } from 'react';
import { AutoComplete, Flex, Select, Typography } from 'antd';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { employersApi, employersKeys, type Employer } from '../../api/employers';
import { mono } from '../../components/registry/parts';
import { useDebounced } from '../../lib/useDebounced';

/** Active employers of my region matching what was typed (a name, or a full credit code). */
function useEmployerSearch(text: string) {
  const q = useDebounced(text.trim(), 300);
  return useQuery({
    queryKey: [...employersKeys.list, 'pick', q],
    queryFn: () => employersApi.search({ q: q || undefined, status: 'active', page: 1, pageSize: 20 }),
    placeholderData: keepPreviousData,
    staleTime: 30_000,
  });
}

function EmployerLabel({ employer }: { employer: Pick<Employer, 'name' | 'creditCode'> }) {
  return (
    <Flex justify="space-between" gap={8}>
      <Typography.Text ellipsis>{employer.name}</Typography.Text>
      <Typography.Text type="secondary" style={{ ...mono, fontSize: 12 }}>
        {employer.creditCode}
      </Typography.Text>
    </Flex>
  );
}

/**
 * Picks an active employer by searching the server; the value is the employer's id.
 * `known` supplies the label of an employer already chosen (e.g. the person's current one).
 */
export function EmployerSelect(props: {
  value?: string;
  onChange?: (id: string | undefined) => void;
  id?: string;
  placeholder?: string;
  known?: Pick<Employer, 'id' | 'name' | 'creditCode'>[];
  allowClear?: boolean;
}) {
  const [text, setText] = useState('');
  const found = useEmployerSearch(text);
  const listed = found.data?.items ?? [];
  const extra = (props.known ?? []).filter((k) => !listed.some((e) => e.id === k.id));
  const options = [...extra, ...listed].map((e) => ({ value: e.id, label: <EmployerLabel employer={e} />, title: e.name }));
  return (
    <Select<string>
      id={props.id}
      value={props.value}
      onChange={(v) => props.onChange?.(v)}
      showSearch={{ filterOption: false, onSearch: setText }}
      options={options}
      loading={found.isFetching}
      placeholder={props.placeholder}
      allowClear={props.allowClear}
      optionLabelProp="title"
      style={{ width: '100%' }}
      data-testid="employer-select"
    />
  );
}

/** A unified social credit code typed in, or filled in by choosing one of my region's employers by name. */
export function CreditCodeInput(props: { value?: string; onChange?: (code: string) => void; onBlur?: () => void; id?: string; placeholder?: string }) {
  const found = useEmployerSearch(props.value ?? '');
  const options = (found.data?.items ?? []).map((e) => ({ value: e.creditCode, label: <EmployerLabel employer={e} /> }));
  return (
    <AutoComplete
      id={props.id}
      value={props.value}
      onChange={(v: string) => props.onChange?.(v)}
      // The form checks the code when the field is left.
      onBlur={props.onBlur}
      options={options}
      placeholder={props.placeholder}
      style={{ width: '100%', ...mono }}
      data-testid="credit-code-input"
    />
  );
}
