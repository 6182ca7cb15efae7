import { errorFactory } from '@core/http/errors.ts';

/** Errors of the funds: stable codes with Chinese and English messages. */
export const fundsErrors = {
  // policy
  average_wage_missing: { status: 422, zh: '该地区该年度尚未设置社会平均工资', en: 'No average wage is set for this region and year' },
  rate_missing: { status: 422, zh: '该地区该所属期尚未设置缴费费率', en: 'No contribution rates are set for this region and period' },
  rate_overlaps: { status: 409, zh: '该费率的起止期间与已有费率重叠', en: 'The rate’s period overlaps an existing rate' },
  interest_rate_missing: { status: 422, zh: '该年度尚未设置记账利率', en: 'No crediting interest rate is set for this year' },
  region_not_allowed: { status: 422, zh: '请选择省、市或区县', en: 'Choose a province, city or county' },
  period_range_invalid: { status: 422, zh: '起止所属期无效：应为年月（YYYY-MM），且止期不早于起期', en: 'The period range is not valid: months (YYYY-MM), the end not before the start' },
  rate_not_found: { status: 404, zh: '找不到该费率', en: 'Contribution rate not found' },
  wage_bounds_invalid: { status: 422, zh: '缴费基数下限比例不能高于上限比例', en: 'The floor share cannot exceed the cap share' },
  // money
  invalid_amount: { status: 422, zh: '金额须为不小于零的整数（单位：分）', en: 'An amount is a whole number of fen, not negative' },
  invalid_period: { status: 422, zh: '所属期应为不晚于本月的年月（YYYY-MM）', en: 'The period is a month (YYYY-MM) no later than this one' },
  // contributions
  employer_not_found: { status: 404, zh: '找不到该单位', en: 'Employer not found' },
  employer_closed: { status: 409, zh: '该单位已停业或注销，不能申报', en: 'The employer is suspended or closed and cannot declare' },
  not_employed: { status: 422, zh: '该人员在所属期不是该单位的职工', en: 'This person did not work for the employer in that period' },
  person_not_found: { status: 404, zh: '找不到该人员', en: 'Person not found' },
  declaration_exists: { status: 409, zh: '该单位该职工该所属期已申报', en: 'This employee is already declared for this period' },
  base_out_of_range: { status: 422, zh: '缴费基数超出当地上下限', en: 'The contribution base is outside the local floor and cap' },
  payment_exists: { status: 409, zh: '该笔到账（银行流水号）已登记', en: 'This payment (bank reference) is already booked' },
  declaration_not_found: { status: 404, zh: '找不到该申报', en: 'Declaration not found' },
  not_enrolled: { status: 422, zh: '该人员在所属期未参加该单位的职工社会保险', en: 'This person is not enrolled in any employee scheme through this employer for that period' },
  person_deceased: { status: 422, zh: '该人员已于所属期之前去世', en: 'This person died before that period' },
  duplicate_in_batch: { status: 422, zh: '同一人员在本批申报中重复出现', en: 'The same person appears twice in this batch' },
  batch_rejected: { status: 422, zh: '批量申报有错误行，整批未受理', en: 'Some rows of the batch were refused; nothing was declared' },
  date_in_future: { status: 422, zh: '日期不能晚于今天', en: 'The date cannot be later than today' },
  interest_year_open: { status: 422, zh: '只能为已结束的年度计息', en: 'Interest is credited only for a year that has ended' },
  // pensions and payroll
  pension_not_found: { status: 404, zh: '找不到该养老金', en: 'Pension not found' },
  pension_exists: { status: 409, zh: '该人员已在领取养老金', en: 'This person already draws a pension' },
  pension_transition: { status: 409, zh: '养老金当前状态不允许该操作', en: 'The pension’s status does not allow this change' },
  no_bank_account: { status: 422, zh: '该人员没有在用的待遇发放银行账户', en: 'The person has no active bank account for benefits' },
  not_retirement_age: { status: 422, zh: '退休年龄须在 40 至 70 周岁之间', en: 'The retirement age must be between 40 and 70' },
  too_few_contribution_years: { status: 422, zh: '累计缴费不足 15 年，不能按月领取基本养老金', en: 'Fewer than 15 contribution years: no monthly basic pension' },
  run_exists: { status: 409, zh: '该所属期的发放批次已启动，不能重复启动', en: 'A payroll run for this period has already been started' },
  run_busy: { status: 409, zh: '该发放批次正在处理中，请稍后再试', en: 'The payroll run is being worked on; try again shortly' },
  run_not_found: { status: 404, zh: '找不到该发放批次', en: 'Payroll run not found' },
  run_not_ready: { status: 409, zh: '该发放批次尚未完成核查', en: 'The payroll run has not finished its checks' },
  run_future_period: { status: 422, zh: '不能为未来月份发放', en: 'A payroll run cannot be for a future month' },
  recovery_not_found: { status: 404, zh: '找不到该追回单', en: 'Recovery order not found' },
  recovery_exceeds: { status: 422, zh: '追回金额超过应追回余额', en: 'The amount exceeds what remains to be recovered' },
  // ledger and disclosure
  journal_unbalanced: { status: 422, zh: '借贷不平衡', en: 'Debits and credits do not balance' },
  period_sealed: { status: 409, zh: '该月份已封存公开，请记入以后月份', en: 'This month is sealed and published; post to a later month' },
  period_not_closed: { status: 409, zh: '只能封存已结束的月份', en: 'Only a month that has ended can be sealed' },
  disclosure_not_found: { status: 404, zh: '该月份尚未公开', en: 'No disclosure has been published for this month' },
  seal_out_of_order: { status: 409, zh: '须按月份顺序封存，不能跳过或回补', en: 'Months are sealed in order, with none skipped or inserted' },
  already_sealed: { status: 409, zh: '该月份已封存公开，不能重复封存', en: 'This month has already been sealed and published' },
  invalid_log_range: { status: 422, zh: '公开日志的序号范围无效', en: 'The range of the disclosure log is not valid' },
} as const;

export const fundsError = errorFactory(fundsErrors);
