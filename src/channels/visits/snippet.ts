/**
 * The site snippet served at GET /t/v.js. It tracks only visitors who carry a visitor token: from
 * `?sfv=` in a link Stageflow sent them (then remembered in localStorage) or from the script's
 * `data-token` attribute (a site that knows its logged-in customer). Anonymous visitors send
 * nothing. The token is removed from the reported URL, so it does not end up in event data.
 */
export const VISIT_SNIPPET = `(function () {
  var script = document.currentScript;
  if (!script) return;
  var key = 'stageflow_visitor';
  var page = new URL(location.href);
  var visitor = page.searchParams.get('sfv') || script.getAttribute('data-token');
  try {
    if (visitor) localStorage.setItem(key, visitor);
    else visitor = localStorage.getItem(key);
  } catch (e) {}
  if (!visitor) return;
  page.searchParams.delete('sfv');
  var body = JSON.stringify({ visitor: visitor, url: page.href, referrer: document.referrer, title: document.title });
  var endpoint = new URL('/t/v', script.src).href;
  if (navigator.sendBeacon && navigator.sendBeacon(endpoint, body)) return;
  fetch(endpoint, { method: 'POST', body: body, mode: 'cors', keepalive: true, headers: { 'content-type': 'text/plain' } });
})();
`;
