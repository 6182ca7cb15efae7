import { useState } from 'react';
import { Cascader } from 'antd';
import { useQueries } from '@tanstack/react-query';
import { appealsApi, DEFAULT_CITY, useRegion } from '../../api/appeals';

interface Option {
  value: string;
  label: string;
  isLeaf?: boolean;
  loading?: boolean;
  children?: Option[];
}

/**
 * County → town (street) picker for the city; a town list loads when its county is opened.
 * The value is [county] or [county, town]; the last code is the one the server wants.
 */
export function RegionCascader(props: {
  value?: string[];
  onChange?: (value: string[]) => void;
  placeholder?: string;
  city?: string;
  id?: string;
}) {
  const city = useRegion(props.city ?? DEFAULT_CITY);
  const [opened, setOpened] = useState<string[]>([]);
  const counties = [...new Set([...opened, ...(props.value?.[0] ? [props.value[0]] : [])])];
  const towns = useQueries({
    queries: counties.map((code) => ({ queryKey: ['region', code], queryFn: () => appealsApi.region(code), staleTime: Infinity })),
  });
  const townsOf = new Map(counties.map((code, i) => [code, towns[i]]));

  const options: Option[] = (city.data?.children ?? []).map((county) => {
    const q = townsOf.get(county.code);
    const children = q?.data?.children.map((town) => ({ value: town.code, label: town.name, isLeaf: true }));
    return {
      value: county.code,
      label: county.name,
      isLeaf: children ? children.length === 0 : false,
      loading: q?.isFetching ?? false,
      children,
    };
  });

  return (
    <Cascader<Option>
      id={props.id}
      options={options}
      value={props.value}
      onChange={(v) => props.onChange?.((v ?? []).map(String))}
      loadData={(selected) => {
        const county = selected[selected.length - 1];
        if (county && !opened.includes(county.value)) setOpened((o) => [...o, county.value]);
      }}
      changeOnSelect
      placeholder={props.placeholder}
      loading={city.isPending}
      style={{ width: '100%' }}
      data-testid="region-cascader"
    />
  );
}
