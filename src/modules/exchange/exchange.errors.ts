import { errorFactory, type ErrorSpec } from '@core/http/errors.ts';

/** Errors of the data exchange, answered as problem+json: stable codes with Chinese and English messages. */
export const exchangeErrors = {
  credential_missing: { status: 401, zh: '缺少对接系统凭证', en: 'The partner credential is missing' },
  credential_invalid: { status: 401, zh: '对接系统凭证无效', en: 'The partner credential is not valid' },
  partner_suspended: { status: 403, zh: '该对接系统已暂停', en: 'This partner system is suspended' },
  header_missing: { status: 400, zh: '缺少必需的交换报文头', en: 'A required exchange header is missing or malformed' },
  signature_missing: { status: 401, zh: '报文未签名', en: 'The message is not signed' },
  signature_invalid: { status: 401, zh: '报文签名验证失败', en: 'The message signature does not verify' },
  signature_expired: { status: 401, zh: '签名时间超出允许范围，请重新签名', en: 'The signed timestamp is outside the accepted window; sign again' },
  dataset_unknown: { status: 422, zh: '数据集或版本不存在', en: 'Unknown dataset or dataset version' },
  dataset_not_allowed: { status: 403, zh: '该对接系统无权报送此数据集', en: 'This partner may not send this dataset' },
  purpose_not_allowed: { status: 403, zh: '该对接系统无权以此用途交换数据', en: 'This partner may not exchange data for this purpose' },
  query_not_allowed: { status: 403, zh: '该对接系统不支持此类查询', en: 'This kind of query is not allowed with this partner' },
  batch_replayed_with_changes: {
    status: 409,
    zh: '该批次号已使用，且内容与原批次不同；更正后的数据请使用新的批次号',
    en: 'This batch id was already used for different content; send corrected data under a new batch id',
  },
  batch_not_found: { status: 404, zh: '找不到该批次', en: 'Batch not found' },
  batch_rejected: { status: 422, zh: '批次未通过校验，未作任何处理', en: 'The batch failed its checks and nothing was applied' },
  batch_too_large: { status: 413, zh: '批次记录过多或正文过大', en: 'The batch has too many records or is too large' },
  partner_not_found: { status: 404, zh: '找不到该对接系统', en: 'Partner system not found' },
  partner_code_taken: { status: 409, zh: '对接系统代码已被使用', en: 'This partner code is already taken' },
  public_key_invalid: { status: 422, zh: '公钥不是有效的 Ed25519 公钥（PEM 格式）', en: 'The public key is not a valid Ed25519 public key (PEM)' },
  public_key_unchanged: { status: 409, zh: '新公钥与当前公钥相同', en: 'The new public key is the current one' },
  partner_settings_invalid: { status: 422, zh: '对接系统的数据集、查询类型或用途设置无效', en: 'The partner’s datasets, query kinds or purposes are not valid' },
  partner_not_queryable: { status: 409, zh: '该对接系统未配置查询接口', en: 'This partner has no query adapter' },
  partner_unavailable: { status: 502, zh: '对接系统暂时无法应答，请稍后重试', en: 'The partner system did not answer; try again later' },
  bank_account_missing: { status: 422, zh: '该人员没有可核验的银行账户，请提供账号', en: 'The person has no bank account to verify; give an account number' },
  message_not_found: { status: 404, zh: '找不到该交换报文', en: 'Exchange message not found' },
} as const satisfies Record<string, ErrorSpec>;

export type ExchangeErrorCode = keyof typeof exchangeErrors;
export const exchangeError = errorFactory(exchangeErrors);

/**
 * Why one record of a batch was rejected. These appear in per-record results, not as HTTP
 * errors: a batch with any of them is rejected whole.
 */
export const recordProblems = {
  malformed_record: { zh: '该行不是有效的记录（JSON 或 CSV 格式错误）', en: 'The line is not a well-formed record (bad JSON or CSV)' },
  field_invalid: { zh: '字段缺失、多余或格式不正确', en: 'A field is missing, unknown or malformed' },
  id_number_invalid: { zh: '身份证号码格式不正确', en: 'The ID number is malformed' },
  id_check_digit: { zh: '身份证号码校验位错误', en: 'The ID number’s check character is wrong' },
  id_birth_date_invalid: { zh: '身份证号码中的出生日期无效', en: 'The birth date inside the ID number is not a real date' },
  birth_date_mismatch: { zh: '出生日期与身份证号码不符', en: 'The birth date contradicts the ID number' },
  sex_mismatch: { zh: '性别与身份证号码不符', en: 'The sex contradicts the ID number' },
  region_unknown: { zh: '行政区划代码不存在', en: 'Unknown administrative division code' },
  region_not_local: { zh: '户籍地须为区县或乡镇（街道）', en: 'The household region must be a county or a town/street' },
  region_out_of_jurisdiction: { zh: '该地区不在对接部门的辖区内', en: 'The region lies outside the partner’s jurisdiction' },
  credit_code_invalid: { zh: '统一社会信用代码无效', en: 'The unified social credit code is not valid' },
  date_in_future: { zh: '日期不能晚于今天', en: 'The date lies in the future' },
  date_before_birth: { zh: '日期早于该人员出生日期', en: 'The date is before the person was born' },
  person_unknown: { zh: '人员未在本系统登记', en: 'No such person in the registry' },
  person_exists: { zh: '该身份证号码已登记为其他人员', en: 'This ID number is already registered for someone else' },
  death_date_conflict: { zh: '该人员已登记了不同的死亡日期', en: 'The person is already recorded as deceased on another date' },
  duplicate_in_batch: { zh: '同一批次中重复的记录', en: 'The same record appears twice in the batch' },
  account_unknown: { zh: '该人员没有此银行账户', en: 'The person holds no such bank account in the registry' },
  csv_header_invalid: { zh: 'CSV 表头缺少必需字段或含有未知字段', en: 'The CSV header lacks required fields or names unknown ones' },
  batch_empty: { zh: '批次中没有记录', en: 'The batch holds no records' },
  body_not_utf8: { zh: '正文不是 UTF-8 编码', en: 'The body is not UTF-8 text' },
} as const satisfies Record<string, { zh: string; en: string }>;

export type RecordProblem = keyof typeof recordProblems;
