import { App } from 'antd';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { recordsApi, recordsKeys, type PersonRecords } from '../../../api/records';
import { useIdempotencyKey } from '../../../lib/useIdempotencyKey';

/** Every read is audited with the person as its subject, so a cached answer is reused for a minute rather than read again on each tab switch. */
const FRESH_FOR = 60_000;

export function usePersonRecords(personId: string) {
  return useQuery({ queryKey: recordsKeys.records(personId), queryFn: () => recordsApi.get(personId), staleTime: FRESH_FOR });
}

/**
 * A change to a person's records made from a modal. The server answers with all of them, which
 * replaces the cached copy; the dossier has a new entry, so it is read again when next shown.
 * `call` gets the Idempotency-Key for its body (the same for a retry of the same body). The answer
 * is what a FormModal takes: submit, close (forgetting the key and the last error), pending, error.
 */
export function useRecordChange<V>(
  personId: string,
  call: (values: V, keyFor: (body: unknown) => string) => Promise<PersonRecords>,
  done: string,
  onClose: () => void,
) {
  const queryClient = useQueryClient();
  const { message } = App.useApp();
  const idem = useIdempotencyKey();
  const mutation = useMutation({
    mutationFn: (values: V) => call(values, idem.keyFor),
    onSuccess: (records) => {
      queryClient.setQueryData(recordsKeys.records(personId), records);
      void queryClient.invalidateQueries({ queryKey: recordsKeys.dossier(personId) });
      void message.success(done);
      close();
    },
  });
  function close() {
    idem.reset();
    mutation.reset();
    onClose();
  }
  return { onSubmit: mutation.mutate, onClose: close, pending: mutation.isPending, error: mutation.error };
}
