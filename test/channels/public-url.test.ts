import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { type App, buildApp } from '../../src/api/app.ts';
import { PublicUrl, publicUrlOf } from '../../src/channels/http/public-url.ts';
import type { TrustedProxies } from '../../src/channels/http/trusted-proxies.ts';
import { parseConfig } from '../../src/cli/config.ts';
import { createTestApp, DIALECTS, type TestApp } from '../support/harness.ts';
import { itemWithTrigger } from './reach-support.ts';

/**
 * Behind a reverse proxy: every absolute URL Stageflow hands out (webhook trigger URLs, share
 * links, form pages) and the origin the forms' cross-site check expects come from the public
 * URL: STAGEFLOW_PUBLIC_URL, else the forwarded address when the proxy is trusted, else the
 * address the request came to.
 */

/** What a proxy in front of Stageflow sends: its own Host for the backend, the public one forwarded. */
const PROXIED = {
  host: 'stageflow.internal:3000',
  'x-forwarded-host': 'crm.example.org',
  'x-forwarded-proto': 'https',
};

for (const dialect of DIALECTS) {
  describe(`the public URL (${dialect})`, () => {
    let t: TestApp;
    let placed: Awaited<ReturnType<typeof itemWithTrigger>>;
    let triggerId: string;
    let documentId: string;
    const apps: App[] = [];
    before(async () => {
      t = await createTestApp(dialect);
      placed = await itemWithTrigger(t, 'form.submitted');
      const trigger = await t.request({
        method: 'POST',
        url: '/api/v1/triggers',
        body: { name: 'hook', stageId: placed.stageIds[1], eventType: 'webhook.received' },
      });
      triggerId = trigger.body.id;
      const document = await t.request({
        method: 'POST',
        url: '/api/v1/documents',
        body: { itemId: placed.itemId, kind: 'invoice', number: 'INV-1', amount: '10.00', currency: 'USD' },
      });
      documentId = document.body.id;
    });
    after(async () => {
      for (const app of apps) await app.close();
      await t.close();
    });

    /** The same server, configured with this public URL and these trusted proxies. */
    async function serverWith(configured: string | undefined, trustProxy: TrustedProxies): Promise<App> {
      const app = await buildApp({ ...t.context, publicUrl: new PublicUrl({ configured }), trustProxy });
      apps.push(app);
      return app;
    }
    const call = async (app: App, method: 'GET' | 'POST', url: string, body?: object) => {
      const response = await app.inject({
        method,
        url,
        headers: { ...PROXIED, authorization: `Bearer ${t.tokens.admin}` },
        ...(body !== undefined && { payload: body }),
      });
      assert.ok(response.statusCode < 300, response.body);
      return response.json();
    };
    const urlsOf = async (app: App) => {
      const form = await call(app, 'POST', '/api/v1/forms', {
        pipelineId: placed.pipelineId,
        name: 'Quote',
        title: 'Quote',
        fields: [{ name: 'name', label: 'Name', kind: 'text', maps: 'contact.name' }],
      });
      return {
        hook: (await call(app, 'POST', `/api/v1/triggers/${triggerId}/webhook-token`, {})).url,
        share: (await call(app, 'POST', `/api/v1/documents/${documentId}/share`, {})).url,
        form: form.url,
        listedForm: (await call(app, 'GET', `/api/v1/forms/${form.id}`)).url,
      };
    };

    test('hook URLs, share links and form pages use STAGEFLOW_PUBLIC_URL, then a trusted proxy, then the request', async () => {
      const cases: [string | undefined, TrustedProxies, string][] = [
        [undefined, false, 'http://stageflow.internal:3000'],
        [undefined, ['10.0.0.0/8'], 'http://stageflow.internal:3000'],
        [undefined, true, 'https://crm.example.org'],
        [undefined, ['loopback'], 'https://crm.example.org'],
        ['https://crm.example.com/stageflow', true, 'https://crm.example.com/stageflow'],
      ];
      for (const [configured, trust, base] of cases) {
        const urls = await urlsOf(await serverWith(configured, trust));
        const label = `public URL ${configured}, trusted ${JSON.stringify(trust)}`;
        assert.match(urls.hook, new RegExp(`^${base}/hooks/[^/]+$`), label);
        assert.match(urls.share, new RegExp(`^${base}/d/sfd_[^/]+$`), label);
        assert.match(urls.form, new RegExp(`^${base}/f/[^/]+$`), label);
        assert.equal(urls.listedForm, urls.form, label);
      }
    });

    test('tracked links in mail, made without a request, use STAGEFLOW_PUBLIC_URL or http://localhost:PORT', () => {
      assert.equal(publicUrlOf(parseConfig({ PORT: '8080' })).base(), 'http://localhost:8080');
      const configured = parseConfig({
        STAGEFLOW_PUBLIC_URL: 'https://crm.example.com/x/',
        STAGEFLOW_TRUST_PROXY: 'true',
      });
      assert.equal(publicUrlOf(configured).to('/t/o/abc'), 'https://crm.example.com/x/t/o/abc');
    });

    /** Posts the form as a browser with these headers would, with a fresh token from its page. */
    async function post(app: App, name: string, headers: Record<string, string>) {
      const form = await call(app, 'POST', '/api/v1/forms', {
        pipelineId: placed.pipelineId,
        name: 'Quote',
        title: 'Quote',
        fields: [{ name: 'name', label: 'Name', kind: 'text', maps: 'contact.name' }],
      });
      const page = await app.inject({ method: 'GET', url: `/f/${form.id}`, headers: PROXIED });
      const token = /name="_token" value="([^"]+)"/.exec(page.body)?.[1] ?? '';
      const response = await app.inject({
        method: 'POST',
        url: `/f/${form.id}`,
        headers: { ...PROXIED, 'content-type': 'application/x-www-form-urlencoded', ...headers },
        payload: new URLSearchParams({ _token: token, name }).toString(),
      });
      return response.statusCode;
    }

    test('a form post is judged by Sec-Fetch-Site first, then by its Origin against the public URL', async () => {
      const direct = await serverWith(undefined, false);
      const sameOrigin = { 'sec-fetch-site': 'same-origin' };
      // What Chromium sends from a page served with Referrer-Policy: no-referrer.
      assert.equal(await post(direct, 'Opaque but same', { ...sameOrigin, origin: 'null' }), 200);
      assert.equal(await post(direct, 'Typed', { 'sec-fetch-site': 'none' }), 200);
      for (const site of ['same-site', 'cross-site']) {
        const origin = 'http://stageflow.internal:3000';
        assert.equal(await post(direct, 'Other', { 'sec-fetch-site': site, origin }), 403, site);
      }
      assert.equal(await post(direct, 'Sandboxed', { origin: 'null' }), 403);
      assert.equal(await post(direct, 'Old browser', { origin: 'http://stageflow.internal:3000' }), 200);
      assert.equal(await post(direct, 'Proxied, untrusted', { origin: 'https://crm.example.org' }), 403);

      const trusted = await serverWith(undefined, true);
      assert.equal(await post(trusted, 'Proxied, trusted', { origin: 'https://crm.example.org' }), 200);
      assert.equal(await post(trusted, 'Backend address', { origin: 'http://stageflow.internal:3000' }), 403);

      const configured = await serverWith('https://crm.example.com/stageflow', false);
      assert.equal(await post(configured, 'Public', { origin: 'https://crm.example.com' }), 200);
      assert.equal(await post(configured, 'Forwarded only', { origin: 'https://crm.example.org' }), 403);

      const names = (await t.request({ method: 'GET', url: '/api/v1/contacts?limit=200' })).body.data.map(
        (contact: { name: string }) => contact.name,
      );
      for (const refused of ['Other', 'Sandboxed', 'Proxied, untrusted', 'Backend address', 'Forwarded only'])
        assert.ok(!names.includes(refused), `${refused} was refused and wrote nothing`);
    });
  });
}
