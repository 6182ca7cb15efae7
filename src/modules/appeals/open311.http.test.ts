import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { XMLParser } from 'fast-xml-parser';
import { createTestApp, type TestApp } from '../../test-support/harness.ts';

const KEY = 'test-open311-key';
const xml = new XMLParser();

describe('Open311 GeoReport v2', () => {
  let t: TestApp;
  let filed: { service_request_id: string; token: string };

  const get = (url: string) => t.minsheng.app.inject({ method: 'GET', url });
  const post = (format: 'json' | 'xml', form: Record<string, string>) =>
    t.minsheng.app.inject({
      method: 'POST',
      url: `/open311/v2/requests.${format}`,
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      payload: new URLSearchParams(form).toString(),
    });
  const request = { api_key: KEY, service_code: 'pension', address_id: '640104001', description: '父亲的养老金两个月没有发放，请核查。', first_name: '明', last_name: '张', 'attribute[kind]': 'help' };

  before(async () => {
    t = await createTestApp({ citizens: 1 });
    await t.minsheng.modules.appeals.registerOpen311Client('test client', KEY);
  });
  after(() => t.close());

  it('serves discovery in JSON and XML', async () => {
    const j = await get('/open311/v2/discovery.json');
    assert.equal(j.statusCode, 200);
    assert.equal(j.json().endpoints[0].specification, 'http://wiki.open311.org/GeoReport_v2');
    const x = await get('/open311/v2/discovery.xml');
    assert.match(String(x.headers['content-type']), /text\/xml/);
    assert.equal(xml.parse(x.body).discovery.endpoints.specification, 'http://wiki.open311.org/GeoReport_v2');
  });

  it('lists the categories as services, and describes one with its attributes', async () => {
    const list = (await get('/open311/v2/services.json')).json();
    assert.ok(list.some((s: { service_code: string; metadata: boolean }) => s.service_code === 'pension' && s.metadata === true));
    const x = xml.parse((await get('/open311/v2/services.xml')).body);
    assert.ok(x.services.service.length >= 9);
    const def = (await get('/open311/v2/services/wage_arrears.json')).json();
    assert.deepEqual(def.attributes.map((a: { code: string }) => a.code), ['kind', 'region_code', 'title']);
    const defXml = xml.parse((await get('/open311/v2/services/wage_arrears.xml')).body);
    assert.equal(defXml.service_definition.service_code, 'wage_arrears');
    const missing = await get('/open311/v2/services/nothing.json');
    assert.equal(missing.statusCode, 404);
    assert.deepEqual(Object.keys(missing.json()[0]).sort(), ['code', 'description']);
  });

  it('files a request with api_key and answers with a service_request_id and a token', async () => {
    const r = await post('json', request);
    assert.equal(r.statusCode, 201, r.body);
    filed = r.json()[0];
    assert.match(filed.service_request_id, /^WZ-\d{8}-\d{6}$/);
    const x = await post('xml', { ...request, description: '第二条：单位未给我缴纳医保。', service_code: 'medical' });
    assert.equal(x.statusCode, 201);
    assert.match(String(xml.parse(x.body).service_requests.request.service_request_id), /^WZ-/);
  });

  it('routes a county-level address_id to the county', async () => {
    const r = await post('json', { ...request, address_id: '640105', description: '西夏区的诉求' });
    const id = r.json()[0].service_request_id;
    const one = (await get(`/open311/v2/requests/${id}.json`)).json()[0];
    assert.equal(one.agency_responsible, '西夏区人力资源和社会保障局');
    assert.equal(one.address_id, '640105');
  });

  it('follows a request by id and by token, in JSON and XML', async () => {
    const one = (await get(`/open311/v2/requests/${filed.service_request_id}.json`)).json();
    assert.equal(one.length, 1);
    assert.equal(one[0].status, 'open');
    assert.equal(one[0].service_code, 'pension');
    assert.equal(one[0].agency_responsible, '凤凰北街街道社会保障服务所');
    const oneXml = xml.parse((await get(`/open311/v2/requests/${filed.service_request_id}.xml`)).body);
    assert.equal(oneXml.service_requests.request.service_request_id, filed.service_request_id);
    const token = (await get(`/open311/v2/tokens/${filed.token}.json`)).json();
    assert.deepEqual(token, [{ service_request_id: filed.service_request_id, token: filed.token }]);
    const tokenXml = xml.parse((await get(`/open311/v2/tokens/${filed.token}.xml`)).body);
    assert.equal(tokenXml.service_requests.request.service_request_id, filed.service_request_id);
  });

  it('filters requests by id, service, dates and status', async () => {
    const byId = (await get(`/open311/v2/requests.json?service_request_id=${filed.service_request_id}`)).json();
    assert.equal(byId.length, 1);
    const byService = (await get('/open311/v2/requests.json?service_code=medical')).json();
    assert.ok(byService.length >= 1 && byService.every((r: { service_code: string }) => r.service_code === 'medical'));
    const future = (await get('/open311/v2/requests.json?start_date=2099-01-01T00:00:00Z')).json();
    assert.deepEqual(future, []);
    assert.equal((await get('/open311/v2/requests.json?status=closed')).json().length, 0);
    assert.ok((await get('/open311/v2/requests.json?status=open')).json().length >= 3);
    const all = xml.parse((await get('/open311/v2/requests.xml')).body);
    assert.ok(Array.isArray(all.service_requests.request));
  });

  it('reports errors in the specification’s format, as JSON or XML', async () => {
    const noKey = await post('json', { ...request, api_key: '' });
    assert.equal(noKey.statusCode, 401);
    assert.equal(noKey.json()[0].code, 401);
    const badKey = await post('xml', { ...request, api_key: 'wrong' });
    assert.equal(badKey.statusCode, 403);
    assert.equal(xml.parse(badKey.body).errors.error.code, 403);
    const badRegion = await post('json', { ...request, address_id: 'Main Street 1' });
    assert.equal(badRegion.statusCode, 400);
    assert.match(badRegion.json()[0].description, /GB\/T 2260/);
    const unknownRegion = await post('json', { ...request, address_id: '999999001' });
    assert.equal(unknownRegion.statusCode, 400);
    const badService = await post('json', { ...request, service_code: 'potholes' });
    assert.equal(badService.statusCode, 404);
    const badDate = await get('/open311/v2/requests.json?start_date=yesterday');
    assert.equal(badDate.statusCode, 400);
    const badFormat = await get('/open311/v2/services.csv');
    assert.equal(badFormat.statusCode, 404);
    assert.equal((await get('/open311/v2/requests/WZ-20000101-000001.json')).statusCode, 404);
    assert.equal((await get('/open311/v2/tokens/not-a-token.json')).statusCode, 404);
  });

  it('accepts jurisdiction_id', async () => {
    const r = await get('/open311/v2/services.json?jurisdiction_id=yinchuan.minsheng');
    assert.equal(r.statusCode, 200);
  });
});
