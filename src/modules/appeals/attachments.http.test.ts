import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { deflateSync } from 'node:zlib';
import { createTestApp, cookiesOf, type Cookies, type TestApp } from '../../test-support/harness.ts';
import { makeResidentId } from '@core/identity/resident-id.ts';

/** A real 1×1 PNG. */
function png(): Buffer {
  const crcTable = Array.from({ length: 256 }, (_, n) => {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    return c >>> 0;
  });
  const crc = (buf: Buffer) => {
    let c = 0xffffffff;
    for (const b of buf) c = crcTable[(c ^ b) & 0xff]! ^ (c >>> 8);
    return (c ^ 0xffffffff) >>> 0;
  };
  const chunk = (type: string, data: Buffer) => {
    const len = Buffer.alloc(4);
    len.writeUInt32BE(data.length);
    const body = Buffer.concat([Buffer.from(type), data]);
    const sum = Buffer.alloc(4);
    sum.writeUInt32BE(crc(body));
    return Buffer.concat([len, body, sum]);
  };
  const ihdr = Buffer.from([0, 0, 0, 1, 0, 0, 0, 1, 8, 2, 0, 0, 0]);
  return Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), chunk('IHDR', ihdr), chunk('IDAT', deflateSync(Buffer.from([0, 255, 0, 0]))), chunk('IEND', Buffer.alloc(0))]);
}
const pdf = Buffer.from('%PDF-1.4\n1 0 obj<</Type/Catalog>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n');
const exe = Buffer.concat([Buffer.from('MZ'), Buffer.alloc(62), Buffer.from('PE\0\0'), Buffer.alloc(200)]);

function multipart(filename: string, type: string, data: Buffer) {
  const boundary = '----minsheng-test-boundary';
  const head = Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${filename}"\r\nContent-Type: ${type}\r\n\r\n`);
  return { payload: Buffer.concat([head, data, Buffer.from(`\r\n--${boundary}--\r\n`)]), contentType: `multipart/form-data; boundary=${boundary}` };
}

describe('appeal attachments', () => {
  let t: TestApp;
  let citizen: Cookies;
  let appealId: string;

  const upload = (cookies: Cookies, id: string, filename: string, type: string, data: Buffer) => {
    const body = multipart(filename, type, data);
    return t.minsheng.app.inject({
      method: 'POST',
      url: `/api/my/appeals/${id}/attachments`,
      cookies: cookies as Record<string, string>,
      headers: { 'content-type': body.contentType, 'x-csrf-token': cookies.ms_csrf! },
      payload: body.payload,
    });
  };

  before(async () => {
    t = await createTestApp({ citizens: 1 });
    citizen = cookiesOf(await t.request('POST', '/api/auth/citizen/signup', {}, { idNumber: makeResidentId('640104', '1980-02-02', 601), name: '附件测试', password: 'Citizen-2026' }));
    const filed = await t.request('POST', '/api/appeals', citizen, { kind: 'help', categoryCode: 'medical', title: '报销单据', body: '附上住院发票', regionCode: '640104001', isPublic: false, anonymous: false });
    appealId = filed.json().id;
  });
  after(() => t.close());

  it('accepts images and PDFs, typed by their content, and lets the owner and the region’s staff download them', async () => {
    const image = await upload(citizen, appealId, '发票.png', 'image/png', png());
    assert.equal(image.statusCode, 201, image.body);
    assert.equal(image.json().contentType, 'image/png');
    const doc = await upload(citizen, appealId, 'scan.pdf', 'application/octet-stream', pdf);
    assert.equal(doc.statusCode, 201, doc.body);
    assert.equal(doc.json().contentType, 'application/pdf');

    const list = (await t.request('GET', `/api/my/appeals/${appealId}/attachments`, citizen)).json();
    assert.equal(list.length, 2);
    const town = await t.loginStaff('xqfh.caseworker');
    const download = await t.request('GET', `/api/appeals/${appealId}/attachments/${image.json().id}`, town);
    assert.equal(download.statusCode, 200);
    assert.equal(download.headers['content-type'], 'image/png');
    assert.deepEqual(download.rawPayload, png());
    const other = await t.loginStaff('xx.caseworker');
    assert.equal((await t.request('GET', `/api/appeals/${appealId}/attachments/${image.json().id}`, other)).statusCode, 404);
  });

  it('refuses executables, mislabelled files, oversized files and strangers', async () => {
    const program = await upload(citizen, appealId, 'photo.png', 'image/png', exe);
    assert.equal(program.statusCode, 415);
    assert.equal(program.json().code, 'attachment_type_not_allowed');
    const mislabelled = await upload(citizen, appealId, 'doc.pdf', 'application/pdf', png());
    assert.equal(mislabelled.statusCode, 422);
    assert.equal(mislabelled.json().code, 'attachment_mislabelled');
    const big = await upload(citizen, appealId, 'big.png', 'image/png', Buffer.concat([png(), Buffer.alloc(5 * 1024 * 1024)]));
    assert.equal(big.statusCode, 413);
    const stranger = cookiesOf(await t.request('POST', '/api/auth/citizen/signup', {}, { idNumber: makeResidentId('640104', '1981-03-03', 603), name: '路人', password: 'Citizen-2026' }));
    assert.equal((await upload(stranger, appealId, 'x.png', 'image/png', png())).statusCode, 404);
    const list = (await t.request('GET', `/api/my/appeals/${appealId}/attachments`, citizen)).json();
    assert.equal(list.length, 2, 'nothing refused was kept');
  });
});
