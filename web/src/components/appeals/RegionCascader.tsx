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

/** The cascader value of a county (6 digits) or town (9 digits) code: [county] or [county, town]. */
export function regionPath(code: string | null | undefined): string[] {
  if (code && /^\d{9}$/.test(code)) return [code.slice(0, 6), code];
  if (code && /^\d{6}$/.test(code)) return [code];
  return [];
}

/**
 * County → town (street) picker; a town list loads when its county is opened.
 * The value is [county] or [county, town]; the last code is the one the server wants.
 * By default it offers the whole city; `within` (a city, county or town code, e.g. the staff
 * member's own region) narrows it to that part of the tree. Within a town only the town itself
 * can be chosen.
 */
export function RegionCascader(props: {
  value?: string[];
  onChange?: (value: string[]) => void;
  placeholder?: string;
  city?: string;
  within?: string;
  id?: string;
}) {
  const root = props.within ?? props.city ?? DEFAULT_CITY;
  // Within a county or a town, that county is the only top-level option and its towns load at once.
  const rootCounty = root.length >= 6 ? root.slice(0, 6) : undefined;
  const withinTown = root.length >= 9;
  const city = useRegion(rootCounty ? undefined : root);
  const [opened, setOpened] = useState<string[]>([]);
  const counties = rootCounty ? [rootCounty] : [...new Set([...opened, ...(props.value?.[0] ? [props.value[0]] : [])])];
  const towns = useQueries({
    queries: counties.map((code) => ({ queryKey: ['region', code], queryFn: () => appealsApi.region(code), staleTime: Infinity })),
  });
  const townsOf = new Map(counties.map((code, i) => [code, towns[i]]));

  const countyOption = (county: { code: string; name: string }): Option => {
    const q = townsOf.get(county.code);
    const children = q?.data?.children.filter((town) => town.code.startsWith(root) || !rootCounty).map((town) => ({ value: town.code, label: town.name, isLeaf: true }));
    return {
      value: county.code,
      label: county.name,
      isLeaf: children ? children.length === 0 : false,
      loading: q?.isFetching ?? false,
      children,
    };
  };
  const rootData = rootCounty ? townsOf.get(rootCounty)?.data : undefined;
  const options: Option[] = rootCounty ? (rootData ? [countyOption(rootData.region)] : []) : (city.data?.children ?? []).map(countyOption);

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
      changeOnSelect={!withinTown}
      showSearch={rootCounty ? { filter: (input, path) => path.some((o) => o.label.includes(input.trim())) } : undefined}
      placeholder={props.placeholder}
      loading={rootCounty ? !rootData : city.isPending}
      style={{ width: '100%' }}
      data-testid="region-cascader"
    />
  );
}
