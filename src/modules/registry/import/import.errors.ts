import { coreErrors } from '@core/http/errors.ts';
import { registryErrors } from '../registry.errors.ts';

export interface Message {
  readonly zh: string;
  readonly en: string;
}

const pick = ({ zh, en }: Message): Message => ({ zh, en });

/**
 * Why a row was not imported: stable codes, written to the rejects file with both messages.
 * Where the counter refuses the same thing, the message is the counter's.
 */
export const rejectReasons = {
  malformed_row: { zh: '行格式错误（引号不配对或列数不对）', en: 'Malformed row (unbalanced quotes or wrong number of columns)' },
  unknown_field: { zh: '含有不认识的字段', en: 'The row has a field this dataset does not know' },
  invalid_id_number: pick(coreErrors.invalid_id_number),
  id_mismatch: pick(registryErrors.id_mismatch),
  invalid_sex: { zh: '性别应为 male/female、男/女 或 1/2', en: 'Sex must be male/female, 男/女 or 1/2' },
  invalid_birth_date: { zh: '出生日期应为 YYYY-MM-DD', en: 'The birth date must be YYYY-MM-DD' },
  name_required: pick(registryErrors.name_required),
  name_too_long: { zh: '姓名过长（最多 50 个字符）', en: 'The name is too long (at most 50 characters)' },
  unknown_region: pick(coreErrors.unknown_region),
  region_not_local: pick(registryErrors.region_not_local),
  invalid_phone: pick(registryErrors.invalid_phone),
  duplicate_in_file: { zh: '身份证号码与本文件中前面的一行重复', en: 'The same ID number appears earlier in this file' },
  already_registered: pick(registryErrors.person_exists),
} as const satisfies Record<string, Message>;

export type RejectCode = keyof typeof rejectReasons;

/** Rows the registry already holds are counted apart from the rejected ones: nothing is wrong with them. */
export const isAlreadyPresent = (code: RejectCode) => code === 'already_registered';

/** Errors that stop an import as a whole (the file, the checkpoint or the database). */
export const importErrors = {
  unknown_dataset: { zh: '没有这个导入数据集', en: 'No such import dataset' },
  unknown_format: { zh: '无法判断文件格式：请使用 .csv、.jsonl 或 .ndjson 扩展名，或指定 --format', en: 'Cannot tell the file format: use a .csv, .jsonl or .ndjson name, or give --format' },
  file_not_found: { zh: '找不到导入文件', en: 'The import file does not exist' },
  bad_header: { zh: 'CSV 表头不对', en: 'The CSV header is not right' },
  checkpoint_mismatch: { zh: '断点文件属于另一个文件、数据集或数据库；如要重新导入请加 --restart', en: 'The checkpoint belongs to another file, dataset or database; use --restart to import from the start' },
  checkpoint_unreadable: { zh: '断点文件无法读取；如要重新导入请加 --restart', en: 'The checkpoint file cannot be read; use --restart to import from the start' },
  database_busy: {
    zh: '嵌入式数据库正被运行中的 minsheng 服务器使用：请先停止服务器，或设置 DATABASE_URL 导入到 PostgreSQL 服务器',
    en: 'The embedded database is in use by a running minsheng server: stop the server first, or set DATABASE_URL to import into a PostgreSQL server',
  },
} as const satisfies Record<string, Message>;

export type ImportErrorCode = keyof typeof importErrors;

export class ImportError extends Error {
  override name = 'ImportError';
  readonly zh: string;
  readonly en: string;
  constructor(
    readonly code: ImportErrorCode,
    readonly detail?: string,
  ) {
    const { zh, en } = importErrors[code];
    super(`${code}: ${en}${detail ? ` (${detail})` : ''}`);
    this.zh = zh;
    this.en = en;
  }

  /** Both languages and the detail, for a terminal. */
  describe(): string {
    return `[${this.code}] ${this.zh}\n  ${this.en}${this.detail ? `\n  ${this.detail}` : ''}`;
  }
}
