import { getTableColumns } from 'drizzle-orm';
import { qualifiedName } from '@core/db/statements.ts';
import { parseResidentId, type ResidentIdProblem } from '@core/identity/resident-id.ts';
import { auditEntries } from '@core/audit/audit.tables.ts';
import { personHistory, persons } from '../registry.tables.ts';
import { timeOrderedIds } from './time-ordered-ids.ts';
import { householdRegionProblem, NAME_MAX_LENGTH, normalizeMobile } from '../person-fields.ts';
import type { ChunkRow, Dataset, PrepareEnv, Prepared, RowFields, WriteContext, WriterPlatform } from './dataset.ts';

/** A person as stored: identifiers already encrypted, sex and birth date as the ID number encodes them. */
export interface PersonImportRow {
  idNumberEnc: string;
  idNumberHash: string;
  name: string;
  sex: 'male' | 'female';
  birthDate: string;
  householdRegion: string;
  phoneEnc: string | null;
}

const idProblems: Record<ResidentIdProblem, string> = {
  format: 'format: 17 digits and a digit or X',
  birth_date: 'birth date: no such day',
  check_digit: 'check digit (GB 11643)',
};

// GB/T 2261.1 codes sex as 1 (male) and 2 (female).
const sexes: Record<string, 'male' | 'female'> = { male: 'male', m: 'male', 男: 'male', '1': 'male', female: 'female', f: 'female', 女: 'female', '2': 'female' };

function birthDateOf(text: string): string | undefined {
  const t = text.trim();
  if (/^\d{4}-\d{2}-\d{2}$/.test(t)) return t;
  if (/^\d{8}$/.test(t)) return `${t.slice(0, 4)}-${t.slice(4, 6)}-${t.slice(6)}`;
  return undefined;
}

function preparePerson(fields: RowFields, env: PrepareEnv): Prepared<PersonImportRow> {
  const reject = (code: Extract<Prepared<PersonImportRow>, { ok: false }>['code'], detail = '') => ({ ok: false as const, code, detail });
  const parsed = parseResidentId(fields.id_number ?? '', env.today);
  if (!parsed.ok) return reject('invalid_id_number', idProblems[parsed.problem]);
  const id = parsed.value;
  const encodes = `the ID number encodes ${id.sex}, born ${id.birthDate}`;
  if (fields.sex !== undefined) {
    const sex = sexes[fields.sex.trim().toLowerCase()];
    if (!sex) return reject('invalid_sex', fields.sex);
    if (sex !== id.sex) return reject('id_mismatch', encodes);
  }
  if (fields.birth_date !== undefined) {
    const birthDate = birthDateOf(fields.birth_date);
    if (!birthDate) return reject('invalid_birth_date', fields.birth_date);
    if (birthDate !== id.birthDate) return reject('id_mismatch', encodes);
  }
  const name = (fields.name ?? '').trim();
  if (!name) return reject('name_required');
  if ([...name].length > NAME_MAX_LENGTH) return reject('name_too_long');
  const regionCode = (fields.household_region ?? '').trim();
  const region = /^\d{2,12}$/.test(regionCode) ? env.region(regionCode) : undefined;
  const regionProblem = householdRegionProblem(region);
  if (regionProblem) return reject(regionProblem, regionCode);
  let phone: string | undefined;
  if (fields.phone !== undefined) {
    phone = normalizeMobile(fields.phone);
    if (!phone) return reject('invalid_phone', fields.phone);
  }
  const idNumberHash = env.crypto.lookupHash('id_number', id.number);
  return {
    ok: true,
    key: idNumberHash,
    row: {
      idNumberEnc: env.crypto.encrypt(id.number),
      idNumberHash,
      name,
      sex: id.sex,
      birthDate: id.birthDate,
      householdRegion: region!.code,
      phoneEnc: phone ? env.crypto.encrypt(phone) : null,
    },
  };
}

const quoted = (name: string) => `"${name.replaceAll('"', '""')}"`;
const columnList = (columns: { name: string }[]) => columns.map((c) => quoted(c.name)).join(', ');

/**
 * Writes a chunk as one statement, atomic on its own: the persons, their 'registered' history
 * entry and one audit entry each, through the audit service's own INSERT. Most chunks hold only
 * new people and take the direct statement; if the unique keyed-hash index finds an ID number
 * already registered (a rerun, or the counter was quicker), the chunk is written again by a
 * statement that skips those persons and records history and audit for exactly the others. It
 * answers the lines it skipped.
 */
function createPersonsWriter(platform: WriterPlatform, ctx: WriteContext) {
  const { database, audit } = platform;
  const p = getTableColumns(persons);
  const h = getTableColumns(personHistory);
  const personColumns = [p.id, p.idNumberEnc, p.idNumberHash, p.name, p.sex, p.birthDate, p.householdRegion, p.phoneEnc];
  const historyColumns = columnList([h.personId, h.kind, h.reason, h.byKind, h.byId, h.byName]);
  const id = quoted(p.id.name);
  // $1 the chunk's persons (jsonb, with the line of each); $2 the history reason up to the line
  // number; $3 the import's id; $4 the import's name; $5 their audit entries (fast path only).
  const input = `input as (select * from jsonb_to_recordset($1::jsonb) as r(${[...personColumns.map((c) => `${quoted(c.name)} ${c.getSQLType()}`), 'line bigint'].join(', ')}))`;
  const insertPersons = `insert into ${qualifiedName(persons)} (${columnList(personColumns)}) select ${columnList(personColumns)} from input`;
  const insertHistory = (from: string) => `insert into ${qualifiedName(personHistory)} (${historyColumns}) select ${id}, 'registered', $2::text || line, 'import', $3::text, $4::text from ${from}`;
  const writeNew = database.statement<never>(
    'registry_import_persons',
    `with ${input}, person as (${insertPersons}), history as (${insertHistory('input')}) ${audit.appendSql('$5')}`,
  );
  const writeSkipping = database.statement<{ line: string | number }>(
    'registry_import_persons_skipping',
    `with ${input}, person as (
       ${insertPersons} on conflict (${quoted(p.idNumberHash.name)}) do nothing returning ${id}
     ), written as (
       select input.* from input join person using (${id})
     ), history as (${insertHistory('written')}), entry as (
       ${audit.appendSql(`(select coalesce(jsonb_agg(e), '[]'::jsonb) from jsonb_array_elements($5::jsonb) e join person on person.${id} = (e->>'${auditEntries.subjectId.name}')::uuid)`)}
     )
     select line from input where ${id} not in (select ${id} from person)`,
  );
  // The audit service writes the JSON of one entry (a one-element array); the entries of a chunk
  // differ only in the person, the region and the line, so that JSON is made once with
  // placeholders and filled in per person.
  const entryTemplate = audit
    .entryParam({
      actor: ctx.actor,
      action: 'person.registered',
      targetKind: 'person',
      targetId: '@PERSON@',
      subjectId: '@PERSON@',
      channel: 'batch',
      requestId: ctx.importId,
      details: { householdRegion: '@REGION@', line: '@LINE@' },
    })
    .slice(1, -1)
    .split(/"@(PERSON|REGION|LINE)@"/);
  if (entryTemplate.length !== 9) throw new Error('the audit entry JSON does not have the expected placeholders');
  const entryJson = (person: string, region: string, line: number) => {
    const values: Record<string, string> = { PERSON: `"${person}"`, REGION: `"${region}"`, LINE: String(line) };
    return entryTemplate.map((part, i) => (i % 2 === 1 ? values[part] : part)).join('');
  };
  // 批量导入: the history says where the record came from, down to the line.
  const reason = `批量导入 bulk import: ${ctx.fileName}, line `;

  return {
    async write(rows: ChunkRow<PersonImportRow>[]) {
      const ids = timeOrderedIds(rows.length);
      const input = JSON.stringify(
        rows.map(({ line, row }, i) => ({
          [p.id.name]: ids[i],
          [p.idNumberEnc.name]: row.idNumberEnc,
          [p.idNumberHash.name]: row.idNumberHash,
          [p.name.name]: row.name,
          [p.sex.name]: row.sex,
          [p.birthDate.name]: row.birthDate,
          [p.householdRegion.name]: row.householdRegion,
          [p.phoneEnc.name]: row.phoneEnc,
          line,
        })),
      );
      const entries = `[${rows.map(({ line, row }, i) => entryJson(ids[i]!, row.householdRegion, line)).join(',')}]`;
      const params = [input, reason, ctx.importId, ctx.actor.name ?? 'import', entries];
      try {
        await writeNew(params);
        return [];
      } catch (error) {
        if ((error as { code?: string }).code !== UNIQUE_VIOLATION) throw error;
        return (await writeSkipping(params)).map((r) => Number(r.line));
      }
    },
    async close() {},
  };
}

const UNIQUE_VIOLATION = '23505';

export const personsDataset: Dataset<PersonImportRow> = {
  name: 'persons',
  requiredColumns: ['id_number', 'name', 'household_region'],
  optionalColumns: ['phone', 'sex', 'birth_date'],
  prepare: preparePerson,
  createWriter: createPersonsWriter,
};
