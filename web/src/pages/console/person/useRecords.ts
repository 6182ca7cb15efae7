import { App } from 'antd';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { recordsApi, recordsKeys, type PersonRecords } from '../../../api/records';

/** Every read is audited with the person as its subject, so a cached answer is reused for a minute rather than read again on each tab switch. */
const FRESH_FOR = 60_000;

export function usePersonRecords(personId: string) {
  return useQuery({ queryKey: recordsKeys.records(personId), queryFn: () => recordsApi.get(personId), staleTime: FRESH_FOR });
}

/**
 * A change to a person's records: the server answers with all of them, which replaces the
 * cached copy; the dossier has a new entry, so it is read again when next shown.
 */
export function useRecordChange<V>(personId: string, call: (values: V) => Promise<PersonRecords>, done: string, onDone: () => void) {
  const queryClient = useQueryClient();
  const { message } = App.useApp();
  return useMutation({
    mutationFn: call,
    onSuccess: (records) => {
      queryClient.setQueryData(recordsKeys.records(personId), records);
      void queryClient.invalidateQueries({ queryKey: recordsKeys.dossier(personId) });
      void message.success(done);
      onDone();
    },
  });
}
