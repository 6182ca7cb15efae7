import { createHash } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { asc } from 'drizzle-orm';
import { citizens } from '@core/auth/auth.tables.ts';
import { keyPairFromSeed, type PartnerInput } from '@modules/exchange';
import type { Minsheng } from '../app.ts';
import { staffContext } from './appeals.seed.ts';

/**
 * DEMO ONLY. Demo partners' Ed25519 keys are derived from this public seed, so anyone can
 * reproduce them: they sign demo batches and nothing else. Real partners make their own key
 * pair and hand over only the public key.
 */
export const DEMO_EXCHANGE_KEY_SEED = 'minsheng-demo-exchange-2026';

/** DEMO ONLY: the key pair of a demo partner. */
export function demoPartnerKeys(code: string) {
  return keyPairFromSeed(createHash('sha256').update(`${DEMO_EXCHANGE_KEY_SEED}:${code}`).digest());
}

/** DEMO ONLY: the API credential of a demo partner (listed in the README). */
export const demoPartnerCredential = (code: string) => `demo-exchange-${code}-2026`;

type DemoPartner = Omit<PartnerInput, 'publicKeyPem'>;

/** The partner departments of the demo city (银川市). */
export const demoPartners: DemoPartner[] = [
  {
    code: 'yc-gongan',
    name: '银川市公安局',
    department: 'public_security',
    jurisdiction: '6401',
    datasets: ['public_security.death@1', 'public_security.birth@1', 'public_security.incarceration@1'],
    queryKinds: ['person_alive', 'person_enrolled'],
    purposes: ['death_registration', 'birth_registration', 'benefit_eligibility', 'fraud_prevention'],
    adapter: 'simulated',
  },
  {
    code: 'yc-minzheng',
    name: '银川市民政局',
    department: 'civil_affairs',
    jurisdiction: '6401',
    datasets: ['civil_affairs.marriage@1', 'civil_affairs.subsistence_allowance@1'],
    queryKinds: [],
    purposes: ['benefit_eligibility', 'income_verification'],
  },
  {
    code: 'yc-weijian',
    name: '银川市卫生健康委员会',
    department: 'health',
    jurisdiction: '6401',
    datasets: ['health.hospital_death@1'],
    queryKinds: [],
    purposes: ['death_registration'],
  },
  {
    code: 'yc-shuiwu',
    name: '国家税务总局银川市税务局',
    department: 'tax',
    jurisdiction: '6401',
    datasets: ['tax.income@1'],
    queryKinds: [],
    purposes: ['income_verification'],
  },
  {
    code: 'yc-icbc',
    name: '中国工商银行银川分行',
    department: 'bank',
    jurisdiction: '6401',
    datasets: ['bank.account_verification@1'],
    queryKinds: ['account_holder'],
    purposes: ['account_verification'],
    adapter: 'simulated',
  },
  {
    code: 'yc-jiaoyu',
    name: '银川市教育局',
    department: 'education',
    jurisdiction: '6401',
    datasets: ['education.student_status@1'],
    queryKinds: [],
    purposes: ['student_status', 'benefit_eligibility'],
  },
];

/**
 * Registers the demo partners through the exchange service (as the city's system
 * administrator would), and writes each one's DEMO private key and a sample tax batch into
 * `<data dir>/demo-exchange/` for trying the API with curl.
 */
export async function seedDemoExchange(minsheng: Minsheng): Promise<{ partners: number; keyDir: string }> {
  const { exchange } = minsheng.modules;
  const ctx = await staffContext(minsheng, 'yc.sysadmin');
  const keyDir = path.join(minsheng.platform.config.dataDir, 'demo-exchange');
  mkdirSync(keyDir, { recursive: true, mode: 0o700 });
  for (const partner of demoPartners) {
    const keys = demoPartnerKeys(partner.code);
    await exchange.service.registerPartner(ctx, { ...partner, publicKeyPem: keys.publicKeyPem }, { credential: demoPartnerCredential(partner.code) });
    writeFileSync(path.join(keyDir, `${partner.code}.key.pem`), keys.privateKeyPem, { mode: 0o600 });
  }
  const { database, crypto } = minsheng.platform;
  const people = await database.db.select({ idNumberEnc: citizens.idNumberEnc }).from(citizens).orderBy(asc(citizens.createdAt)).limit(3);
  const sample = ['id_number,period,payer_credit_code,amount_fen', ...people.map((p, i) => `${crypto.decrypt(p.idNumberEnc)},2026-10,91640100MA76XQ0X1E,${650000 + i * 12000}`)];
  writeFileSync(path.join(keyDir, 'sample-tax-income.csv'), sample.join('\n') + '\n', { mode: 0o600 });
  return { partners: demoPartners.length, keyDir };
}
