import { Type, type TObject, type TSchema } from 'typebox';
import { Ajv, type ValidateFunction } from 'ajv';
import formats from 'ajv-formats';
import { parse as parseCsv, type CsvError } from 'csv-parse/sync';
import { parseResidentId, type ResidentId } from '@core/identity/resident-id.ts';
import { isValidCreditCode } from '@core/identity/credit-code.ts';
import { maskIdNumber } from '@core/crypto/masking.ts';
import type { DepartmentKind } from './exchange.tables.ts';
import type { RecordProblem } from './exchange.errors.ts';

/** Why data is exchanged: a partner states one of these, and may use only those it was granted. */
export const exchangePurposes = {
  death_registration: { zh: '死亡登记与待遇停发', en: 'recording deaths and stopping benefits' },
  birth_registration: { zh: '出生登记与参保', en: 'registering births and enrolling newborns' },
  benefit_eligibility: { zh: '待遇资格认证', en: 'checking eligibility for benefits' },
  fraud_prevention: { zh: '防范冒领骗保', en: 'preventing benefit fraud' },
  income_verification: { zh: '收入核查', en: 'verifying income' },
  account_verification: { zh: '银行账户核验', en: 'verifying bank accounts for payments' },
  student_status: { zh: '学籍核验', en: 'checking student status' },
} as const;
export type ExchangePurpose = keyof typeof exchangePurposes;
export const purposeCodes = Object.keys(exchangePurposes) as ExchangePurpose[];

/**
 * Queries: the platform asks a partner (person_alive, account_holder), or a partner asks the
 * platform (person_enrolled, answered yes or no).
 */
export const outboundQueryKinds = ['person_alive', 'account_holder'] as const;
export const inboundQueryKinds = ['person_enrolled'] as const;
export const queryKinds = [...outboundQueryKinds, ...inboundQueryKinds] as const;
export type QueryKind = (typeof queryKinds)[number];

/** What applying a dataset's records does to the registry. */
export type DatasetEffect = 'death' | 'birth' | 'dossier' | 'income' | 'bank_verification';

export interface DatasetSpec {
  /** `public_security.death` */
  name: string;
  version: number;
  department: DepartmentKind;
  titleZh: string;
  titleEn: string;
  effect: DatasetEffect;
  /** One record, with snake_case fields as partners send them. */
  schema: TObject;
  /** Dates of events in the person's life: not in the future, not before the person's birth. */
  eventDates: string[];
  regionFields: string[];
  creditCodeFields: string[];
  /** Other people's ID numbers in the record (spouse, parents): checked like the person's own. */
  otherIdFields: string[];
  /** Fields that identify one fact: a batch may not carry the same one twice. */
  key: string[];
}

const IdNumber = Type.String({ minLength: 1, maxLength: 20, description: 'GB 11643 resident ID number (18 characters)' });
const Day = Type.String({ format: 'date', description: 'YYYY-MM-DD' });
const Region = Type.String({ pattern: '^\\d{2,12}$', description: 'GB/T 2260 division code (statistics form, e.g. 640104001)' });
const CreditCode = Type.String({ minLength: 1, maxLength: 20, description: 'GB 32100 unified social credit code' });
const Name = Type.String({ minLength: 1, maxLength: 50 });
const Fen = Type.Integer({ minimum: 0, maximum: 1_000_000_000_000, description: 'integer fen (分)' });
const oneOf = (...values: string[]) => Type.Union(values.map((v) => Type.Literal(v)));
const record = (properties: Record<string, TSchema>) => Type.Object(properties, { additionalProperties: false });
const opt = Type.Optional;

/** The versioned dataset catalogue. A new version is a new entry; old ones stay for partners not yet moved. */
export const datasets: readonly DatasetSpec[] = [
  {
    name: 'public_security.death',
    version: 1,
    department: 'public_security',
    titleZh: '死亡（注销户口）信息',
    titleEn: 'Deaths (household registration cancelled)',
    effect: 'death',
    schema: record({ id_number: IdNumber, name: opt(Name), died_on: Day, region: opt(Region), certificate_no: opt(Type.String({ maxLength: 40 })) }),
    eventDates: ['died_on'],
    regionFields: ['region'],
    creditCodeFields: [],
    otherIdFields: [],
    key: ['id_number'],
  },
  {
    name: 'public_security.birth',
    version: 1,
    department: 'public_security',
    titleZh: '出生登记信息',
    titleEn: 'Births',
    effect: 'birth',
    schema: record({
      id_number: IdNumber,
      name: Name,
      sex: opt(oneOf('male', 'female')),
      birth_date: Day,
      household_region: Region,
      father_id_number: opt(IdNumber),
      mother_id_number: opt(IdNumber),
    }),
    eventDates: ['birth_date'],
    regionFields: ['household_region'],
    creditCodeFields: [],
    otherIdFields: ['father_id_number', 'mother_id_number'],
    key: ['id_number'],
  },
  {
    name: 'public_security.incarceration',
    version: 1,
    department: 'public_security',
    titleZh: '服刑人员信息',
    titleEn: 'Imprisonment (admission and release)',
    effect: 'dossier',
    schema: record({ id_number: IdNumber, event: oneOf('admitted', 'released'), on: Day, facility_name: opt(Type.String({ maxLength: 100 })), facility_region: Region }),
    eventDates: ['on'],
    regionFields: ['facility_region'],
    creditCodeFields: [],
    otherIdFields: [],
    key: ['id_number', 'event', 'on'],
  },
  {
    name: 'civil_affairs.marriage',
    version: 1,
    department: 'civil_affairs',
    titleZh: '婚姻登记信息',
    titleEn: 'Marriages and divorces',
    effect: 'dossier',
    schema: record({ id_number: IdNumber, event: oneOf('married', 'divorced'), on: Day, spouse_id_number: IdNumber, region: Region }),
    eventDates: ['on'],
    regionFields: ['region'],
    creditCodeFields: [],
    otherIdFields: ['spouse_id_number'],
    key: ['id_number', 'event', 'on'],
  },
  {
    name: 'civil_affairs.subsistence_allowance',
    version: 1,
    department: 'civil_affairs',
    titleZh: '最低生活保障（低保）信息',
    titleEn: 'Subsistence allowance (低保)',
    effect: 'dossier',
    schema: record({ id_number: IdNumber, event: oneOf('granted', 'ended'), on: Day, monthly_amount_fen: opt(Fen), region: Region }),
    eventDates: ['on'],
    regionFields: ['region'],
    creditCodeFields: [],
    otherIdFields: [],
    key: ['id_number', 'event', 'on'],
  },
  {
    name: 'health.hospital_death',
    version: 1,
    department: 'health',
    titleZh: '医疗机构死亡信息（出具死亡医学证明）',
    titleEn: 'Deaths in hospital (medical certificates of death)',
    effect: 'death',
    schema: record({ id_number: IdNumber, died_on: Day, hospital_credit_code: CreditCode, region: Region, certificate_no: opt(Type.String({ maxLength: 40 })) }),
    eventDates: ['died_on'],
    regionFields: ['region'],
    creditCodeFields: ['hospital_credit_code'],
    otherIdFields: [],
    key: ['id_number'],
  },
  {
    name: 'tax.income',
    version: 1,
    department: 'tax',
    titleZh: '个人所得（工资薪金）信息',
    titleEn: 'Income by month and payer',
    effect: 'income',
    schema: record({ id_number: IdNumber, period: Type.String({ pattern: '^\\d{4}-(0[1-9]|1[0-2])$', description: 'YYYY-MM' }), payer_credit_code: CreditCode, amount_fen: Fen }),
    eventDates: [],
    regionFields: [],
    creditCodeFields: ['payer_credit_code'],
    otherIdFields: [],
    key: ['id_number', 'period', 'payer_credit_code'],
  },
  {
    name: 'education.student_status',
    version: 1,
    department: 'education',
    titleZh: '学籍信息',
    titleEn: 'Student status',
    effect: 'dossier',
    schema: record({
      id_number: IdNumber,
      status: oneOf('enrolled', 'graduated', 'withdrawn', 'suspended'),
      on: Day,
      school_name: Type.String({ minLength: 1, maxLength: 100 }),
      school_credit_code: opt(CreditCode),
      region: Region,
    }),
    eventDates: ['on'],
    regionFields: ['region'],
    creditCodeFields: ['school_credit_code'],
    otherIdFields: [],
    key: ['id_number', 'status', 'on'],
  },
  {
    name: 'bank.account_verification',
    version: 1,
    department: 'bank',
    titleZh: '银行账户户名核验结果',
    titleEn: 'Account-holder verification results',
    effect: 'bank_verification',
    schema: record({
      id_number: IdNumber,
      account_number: Type.String({ pattern: '^\\d{12,30}$', description: 'the account number, digits only' }),
      result: oneOf('match', 'mismatch'),
      verified_on: opt(Day),
    }),
    eventDates: ['verified_on'],
    regionFields: [],
    creditCodeFields: [],
    otherIdFields: [],
    key: ['id_number', 'account_number'],
  },
];

export const datasetRef = (spec: Pick<DatasetSpec, 'name' | 'version'>) => `${spec.name}@${spec.version}`;
const byRef = new Map(datasets.map((d) => [datasetRef(d), d]));

/** `public_security.death@1` → its spec; undefined for an unknown dataset or version. */
export function findDataset(ref: string): DatasetSpec | undefined {
  return byRef.get(ref.trim());
}

export const datasetRefs = [...byRef.keys()];

function validatorFor(coerceTypes: boolean) {
  const ajv = new Ajv({ allErrors: false, strict: false, coerceTypes });
  // ajv-formats is CommonJS: its default export arrives wrapped under ESM.
  (formats as unknown as { default: (a: Ajv) => void }).default(ajv);
  return ajv;
}
// JSON Lines carry typed values and are taken as sent; CSV cells are text, so they are coerced.
const strictAjv = validatorFor(false);
const coercingAjv = validatorFor(true);
const compiled = new Map<string, { json: ValidateFunction; csv: ValidateFunction }>();
function validators(spec: DatasetSpec) {
  const ref = datasetRef(spec);
  let v = compiled.get(ref);
  if (!v) compiled.set(ref, (v = { json: strictAjv.compile(spec.schema), csv: coercingAjv.compile(spec.schema) }));
  return v;
}

export type BodyFormat = 'ndjson' | 'csv';

/** One line of a batch as read, before its content is checked. */
export interface RawRecord {
  line: number;
  value?: Record<string, unknown>;
  problem?: { code: RecordProblem; detail: string };
}

export interface ParsedBody {
  records: RawRecord[];
  /** A problem of the whole body (not UTF-8, bad CSV header, nothing in it). */
  problem?: { code: RecordProblem; detail: string };
}

/** Reads JSON Lines or CSV (UTF-8, a header row naming the fields) into records with their line numbers. */
export function parseBatchBody(body: Buffer, format: BodyFormat, spec: DatasetSpec): ParsedBody {
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true, ignoreBOM: false }).decode(body);
  } catch {
    return { records: [], problem: { code: 'body_not_utf8', detail: 'decode the body as UTF-8 failed' } };
  }
  text = text.replace(/\r\n?/g, '\n');
  const parsed = format === 'ndjson' ? parseJsonLines(text) : parseCsvRecords(text, spec);
  if (!parsed.problem && parsed.records.length === 0) return { records: [], problem: { code: 'batch_empty', detail: 'no records' } };
  return parsed;
}

function parseJsonLines(text: string): ParsedBody {
  const records: RawRecord[] = [];
  text.split('\n').forEach((raw, index) => {
    const line = index + 1;
    if (raw.trim() === '') return;
    try {
      const value: unknown = JSON.parse(raw);
      if (value === null || typeof value !== 'object' || Array.isArray(value)) {
        records.push({ line, problem: { code: 'malformed_record', detail: 'each line must be one JSON object' } });
      } else records.push({ line, value: value as Record<string, unknown> });
    } catch {
      records.push({ line, problem: { code: 'malformed_record', detail: 'not valid JSON' } });
    }
  });
  return { records };
}

function parseCsvRecords(text: string, spec: DatasetSpec): ParsedBody {
  const records: RawRecord[] = [];
  let rows: { record: string[]; info: { lines: number } }[];
  try {
    rows = parseCsv(text, {
      info: true,
      trim: true,
      skip_empty_lines: true,
      skip_records_with_error: true,
      on_skip: (error: CsvError | undefined) => {
        if (error) records.push({ line: Number(error.lines) || 1, problem: { code: 'malformed_record', detail: error.message } });
      },
    }) as unknown as { record: string[]; info: { lines: number } }[];
  } catch (error) {
    const e = error as CsvError;
    records.push({ line: typeof e.lines === 'number' ? e.lines : 1, problem: { code: 'malformed_record', detail: e.message } });
    return { records };
  }
  const [header, ...body] = rows;
  if (!header) return { records };
  const known = Object.keys(spec.schema.properties);
  const required = (spec.schema.required ?? []) as string[];
  const unknown = header.record.filter((c) => !known.includes(c));
  const missing = required.filter((c) => !header.record.includes(c));
  const repeated = header.record.filter((c, i) => header.record.indexOf(c) !== i);
  if (unknown.length > 0 || missing.length > 0 || repeated.length > 0) {
    const detail = [unknown.length ? `unknown: ${unknown.join(', ')}` : '', missing.length ? `missing: ${missing.join(', ')}` : '', repeated.length ? `repeated: ${repeated.join(', ')}` : '']
      .filter(Boolean)
      .join('; ');
    return { records: [], problem: { code: 'csv_header_invalid', detail } };
  }
  for (const row of body) {
    const value: Record<string, unknown> = {};
    // An empty cell is an absent field, not an empty string or a zero.
    header.record.forEach((column, i) => {
      const cell = row.record[i];
      if (cell !== undefined && cell !== '') value[column] = cell;
    });
    records.push({ line: row.info.lines, value });
  }
  records.sort((a, b) => a.line - b.line);
  return { records };
}

/** What the checks found in one record that needs no database: the person's parsed ID number and the cleaned record. */
export type CheckedRecord =
  | { ok: true; line: number; id: ResidentId; value: Record<string, unknown> }
  | { ok: false; line: number; idNumberMasked: string | null; code: RecordProblem; field?: string; detail: string };

const idProblems = { format: 'id_number_invalid', birth_date: 'id_birth_date_invalid', check_digit: 'id_check_digit' } as const;

/**
 * Checks one record against its dataset: the schema (TypeBox → ajv), then what a schema cannot
 * say: GB 11643 check characters, birth dates that contradict the ID number, region codes that
 * do not exist, GB 32100 credit codes, dates in the future or before the person was born.
 */
export function checkRecord(
  spec: DatasetSpec,
  raw: RawRecord,
  format: BodyFormat,
  context: { regionExists: (code: string) => { level: number } | undefined; today: string },
): CheckedRecord {
  const line = raw.line;
  const rawId = typeof raw.value?.id_number === 'string' ? raw.value.id_number.trim().toUpperCase() : null;
  const masked = rawId ? maskIdNumber(rawId) : null;
  const fail = (code: RecordProblem, detail: string, field?: string): CheckedRecord => ({ ok: false, line, idNumberMasked: masked, code, detail, ...(field ? { field } : {}) });
  if (raw.problem || !raw.value) return fail(raw.problem?.code ?? 'malformed_record', raw.problem?.detail ?? 'unreadable');
  const value = { ...raw.value };
  const validate = format === 'csv' ? validators(spec).csv : validators(spec).json;
  if (!validate(value)) {
    const error = validate.errors?.[0];
    const extra = (error?.params as { additionalProperty?: string; missingProperty?: string } | undefined) ?? {};
    const field = extra.additionalProperty ?? extra.missingProperty ?? error?.instancePath.replace(/^\//, '') ?? '';
    const message = extra.additionalProperty ? 'unknown field' : (error?.message ?? 'invalid');
    return fail('field_invalid', `${field || 'record'}: ${message}`, field || undefined);
  }
  const parsed = parseResidentId(String(value.id_number));
  if (!parsed.ok) return fail(idProblems[parsed.problem], `id_number: ${parsed.problem}`, 'id_number');
  const id = parsed.value;
  value.id_number = id.number;
  for (const field of spec.otherIdFields) {
    if (value[field] === undefined) continue;
    const other = parseResidentId(String(value[field]));
    if (!other.ok) return fail(idProblems[other.problem], `${field}: ${other.problem}`, field);
    value[field] = other.value.number;
  }
  if (spec.effect === 'birth') {
    if (value.birth_date !== id.birthDate) return fail('birth_date_mismatch', `the ID number encodes ${id.birthDate}`, 'birth_date');
    if (value.sex !== undefined && value.sex !== id.sex) return fail('sex_mismatch', `the ID number encodes ${id.sex}`, 'sex');
  }
  for (const field of spec.eventDates) {
    const day = value[field];
    if (typeof day !== 'string') continue;
    if (day > context.today) return fail('date_in_future', `${field}: ${day} is after ${context.today}`, field);
    if (day < id.birthDate) return fail('date_before_birth', `${field}: ${day} is before the birth date in the ID number`, field);
  }
  for (const field of spec.regionFields) {
    const code = value[field];
    if (typeof code !== 'string') continue;
    const region = context.regionExists(code);
    if (!region) return fail('region_unknown', `${field}: no administrative division ${code}`, field);
    if (spec.effect === 'birth' && field === 'household_region' && region.level < 3) return fail('region_not_local', `${field}: ${code}`, field);
  }
  for (const field of spec.creditCodeFields) {
    const code = value[field];
    if (code === undefined) continue;
    if (!isValidCreditCode(String(code))) return fail('credit_code_invalid', `${field}: not a valid unified social credit code`, field);
    value[field] = String(code).trim().toUpperCase();
  }
  return { ok: true, line, id, value };
}

/** The catalogue as published to partners: each dataset's fields as JSON Schema. */
export function datasetCatalogue() {
  return datasets.map((d) => ({
    dataset: datasetRef(d),
    name: d.name,
    version: d.version,
    department: d.department,
    titleZh: d.titleZh,
    titleEn: d.titleEn,
    fields: Object.keys(d.schema.properties),
    required: (d.schema.required ?? []) as string[],
    schema: JSON.parse(JSON.stringify(d.schema)) as Record<string, unknown>,
  }));
}
