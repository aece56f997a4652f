/**
 * The console's only script, served from `/static/console.js` (the CSP allows no inline script). Live updates:
 * it listens to `/events` (server-sent events); when the pending set changes, an open inbox fetches itself again
 * and swaps its `#inbox` section for the new one (markup the server escaped), unless the person is typing in a
 * filter; an open detail page says that the request changed. It builds no markup from data itself.
 */
export const CONSOLE_SCRIPT = `'use strict';
(function () {
  var live = document.querySelector('[data-live]');
  if (!live || typeof EventSource === 'undefined') return;
  var source = new EventSource('/events');
  var busy = false;
  source.addEventListener('inbox', function () {
    var current = document.querySelector('[data-live]');
    if (!current) return;
    if (current.getAttribute('data-live') === 'detail') {
      var note = document.getElementById('changed');
      if (!note) {
        note = document.createElement('p');
        note.id = 'changed';
        note.className = 'flash info';
        note.textContent = 'Requests changed since this page was opened: reload to see this one as it is now.';
        current.insertBefore(note, current.firstChild);
      }
      return;
    }
    if (busy || (document.activeElement && document.activeElement.closest('form'))) return;
    busy = true;
    fetch(location.href, { credentials: 'same-origin', headers: { accept: 'text/html' } })
      .then(function (response) { return response.ok ? response.text() : Promise.reject(response.status); })
      .then(function (text) {
        var next = new DOMParser().parseFromString(text, 'text/html').getElementById('inbox');
        var now = document.getElementById('inbox');
        if (next && now) now.replaceWith(document.importNode(next, true));
      })
      .catch(function () {})
      .then(function () { busy = false; });
  });
})();
`;

/** The console's stylesheet, served from `/static/console.css`. */
export const CONSOLE_STYLE = `:root { font-family: system-ui, sans-serif; color: #1d2330; background: #f6f7f9; }
body { margin: 0; }
header.top { display: flex; gap: 1.5rem; align-items: center; padding: .6rem 1.2rem; background: #1d2330; color: #fff; }
header.top a { color: #cfd8ff; text-decoration: none; margin-right: .8rem; }
header.top a[aria-current] { color: #fff; font-weight: 600; border-bottom: 2px solid #8fa6ff; }
.brand { font-weight: 700; letter-spacing: .02em; }
form.who { margin-left: auto; display: flex; gap: .6rem; align-items: center; font-size: .9rem; }
main { padding: 1rem 1.5rem; max-width: 1200px; }
h1 { font-size: 1.4rem; } h2 { font-size: 1.1rem; margin-top: 1.6rem; }
.count { font-size: .9rem; color: #5b6475; font-weight: 400; }
table { border-collapse: collapse; width: 100%; background: #fff; font-size: .9rem; }
th, td { text-align: left; padding: .4rem .6rem; border-bottom: 1px solid #e3e6eb; vertical-align: top; }
td code, th code { white-space: pre-wrap; word-break: break-all; }
tr.others { color: #6b7385; }
.summary a { color: #1b3fbf; text-decoration: none; } .summary a:hover { text-decoration: underline; }
.risk { display: inline-block; padding: 0 .45rem; border-radius: .6rem; font-size: .8rem; background: #e3e6eb; }
.risk-high { background: #ffe1cc; } .risk-critical { background: #ffc9c9; } .risk-low, .risk-none { background: #d9f2e0; }
.state { font-size: .8rem; padding: 0 .5rem; border-radius: .6rem; background: #e3e6eb; vertical-align: middle; }
.state-approved, .decision-approved strong:first-child { color: #12703a; } .state-rejected, .decision-rejected strong:first-child { color: #a11d1d; }
.you { font-size: .75rem; background: #dfe6ff; padding: 0 .4rem; border-radius: .5rem; }
.filters { display: flex; flex-wrap: wrap; gap: .8rem; align-items: end; margin: .8rem 0; }
.filters label { display: flex; flex-direction: column; font-size: .8rem; color: #5b6475; }
.flash { padding: .6rem .8rem; border-radius: .3rem; } .flash.error { background: #ffe3e3; color: #7a1010; } .flash.info { background: #e6f0ff; }
form.decide { margin-top: 1rem; display: flex; gap: .8rem; align-items: end; }
form.decide label { display: flex; flex-direction: column; flex: 1; font-size: .85rem; }
button { font: inherit; padding: .35rem .9rem; border-radius: .3rem; border: 1px solid #9aa3b5; background: #fff; cursor: pointer; }
button.approve { background: #1f8a4c; color: #fff; border-color: #1f8a4c; } button.reject { background: #b42323; color: #fff; border-color: #b42323; }
.reason, blockquote.comment { white-space: pre-wrap; background: #fff; padding: .6rem .8rem; border-left: 3px solid #8fa6ff; }
.verify.ok { color: #12703a; } .verify.failed { color: #a11d1d; }
details.action { background: #fff; margin: .3rem 0; padding: .4rem .7rem; border-radius: .3rem; border-left: 4px solid #c2c8d3; }
details.action.outcome-denied, details.action.outcome-failed { border-left-color: #d33; }
details.action.outcome-allowed { border-left-color: #2a9d5c; } details.action.outcome-approval_required { border-left-color: #e0a100; }
details.action summary { cursor: pointer; display: flex; gap: .6rem; align-items: baseline; flex-wrap: wrap; }
.empty { color: #6b7385; } .bad { color: #a11d1d; }
.sign-in { max-width: 34rem; } .sign-in input { font-family: monospace; }
`;
