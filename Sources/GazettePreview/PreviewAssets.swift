/// The preview's stylesheet and script, served from /assets/ so that pages need no inline code
/// (their Content-Security-Policy allows only the server's own files).
enum PreviewAssets {
    static let css = """
        :root{color-scheme:light dark;--fg:#1d2430;--muted:#59616d;--bg:#f6f7f9;--card:#fff;--line:#d4d8de;--link:#0b57d0;
        --pass:#176b2c;--warn:#8a4b00;--fail:#b3261e;--bar:#1d2430}
        @media (prefers-color-scheme:dark){:root{--fg:#e8e8e8;--muted:#b4b9c0;--bg:#16181d;--card:#22252b;--line:#3a3f47;
        --link:#8fc1ff;--pass:#7bd88f;--warn:#ffb86b;--fail:#ff8a80;--bar:#0d0f12}}
        *{box-sizing:border-box}
        body{margin:0;font:15px/1.5 system-ui,-apple-system,"Segoe UI",sans-serif;color:var(--fg);background:var(--bg)}
        a{color:var(--link)}
        .skip{position:absolute;left:-999px}.skip:focus{left:8px;top:8px;background:var(--card);padding:4px 8px;z-index:2}
        .bar{background:var(--bar);padding:10px 20px}.brand{color:#fff;font-weight:600;text-decoration:none}
        main{padding:16px 20px;max-width:1400px;margin:0 auto}
        h1{font-size:1.5em;margin:.2em 0 .4em}h2{font-size:1.15em;margin:1.4em 0 .5em}
        .meta{color:var(--muted);margin:.2em 0}
        .foot{color:var(--muted);font-size:.85em;padding:8px 20px 24px;max-width:1400px;margin:0 auto}
        table{border-collapse:collapse;width:100%;background:var(--card)}
        th,td{text-align:left;padding:5px 8px;border-bottom:1px solid var(--line);vertical-align:top}
        th{font-weight:600}
        .id{color:var(--muted);font-size:.85em}
        form.filters{display:flex;flex-wrap:wrap;gap:10px 16px;align-items:flex-end;background:var(--card);padding:10px 12px;
        border:1px solid var(--line);border-radius:6px}
        form.filters label{display:flex;flex-direction:column;font-size:.85em;color:var(--muted);gap:2px}
        form.filters select,form.filters input,button{font:inherit;padding:3px 6px}
        nav.pager,nav.weeks,nav.recipients{display:flex;gap:14px;flex-wrap:wrap;margin:.6em 0}
        .badge{display:inline-block;border-radius:4px;padding:0 6px;font-size:.85em;border:1px solid currentColor}
        .pass{color:var(--pass)}.warn{color:var(--warn)}.fail{color:var(--fail)}.skipped{color:var(--warn)}
        .notice{border-left:4px solid var(--warn);background:var(--card);padding:6px 12px;margin:.6em 0}
        .problems{border-left:4px solid var(--fail);background:var(--card);padding:6px 12px}
        .problems li{font-family:ui-monospace,monospace;font-size:.9em;margin:.3em 0}
        .grid{display:grid;grid-template-columns:minmax(0,auto) minmax(0,1fr);gap:20px;align-items:start}
        @media (max-width:1100px){.grid{grid-template-columns:minmax(0,1fr)}}
        .controls{display:flex;flex-wrap:wrap;gap:6px 18px;margin:.4em 0}
        .controls span{color:var(--muted)}
        .controls a[aria-current]{font-weight:700;text-decoration:none;color:var(--fg)}
        .frame{border:1px solid var(--line);border-radius:6px;padding:12px;display:inline-block;max-width:100%}
        .frame.light{background:#ffffff}.frame.dark{background:#121316}
        .frame iframe{display:block;border:0;height:900px;max-width:100%;background:transparent}
        .frame.desktop iframe{width:680px}.frame.mobile iframe{width:375px;height:780px}
        .frame.light iframe{color-scheme:light}.frame.dark iframe{color-scheme:dark}
        pre{background:var(--card);border:1px solid var(--line);padding:10px;overflow:auto;white-space:pre-wrap;
        word-break:break-word;font-size:.85em}
        h3{font-size:1em;margin:1em 0 .3em}
        ul.checks{list-style:none;padding:0;margin:0}ul.checks li{padding:4px 0;border-bottom:1px solid var(--line)}
        ul.checks .detail{display:block;color:var(--muted);font-size:.9em;overflow-wrap:anywhere}
        td,th{overflow-wrap:break-word}
        details summary{cursor:pointer}
        .rule{color:var(--muted);margin:.1em 0 .4em}
        table.privacy th:first-child{width:14em}table.privacy td:last-child{width:14em}
        .card{background:var(--card);border:1px solid var(--line);border-radius:6px;padding:10px 14px;max-width:40em}
        main.card{margin:24px auto}
        """

    /// The unsubscribe pages: the emails' card, colours and type (Templates/digest/email.html.mustache),
    /// light and dark. Every text colour passes WCAG AA (4.5:1) on its background (UnsubscribeTests
    /// computes it); the focus ring is 3 px, outside the button.
    static let unsubscribeCSS = """
        :root{color-scheme:light dark;--page:#eef0f3;--card:#ffffff;--line:#d4d8de;--text:#1d2430;--muted:#59616d;
        --button:#0b57b3;--button-hover:#09468f;--button-text:#ffffff;--focus:#1d2430}
        @media (prefers-color-scheme:dark){:root{--page:#16181d;--card:#22252b;--line:#3a3f47;--text:#e8e8e8;--muted:#b4b9c0;
        --button:#8fc1ff;--button-hover:#b5d6ff;--button-text:#16181d;--focus:#e8e8e8}}
        *{box-sizing:border-box}
        body{margin:0;padding:24px 12px;background:var(--page);color:var(--text);font:16px/24px Arial,Helvetica,sans-serif}
        main.optout{max-width:600px;margin:0 auto;background:var(--card);border:1px solid var(--line);border-radius:8px;padding:28px}
        .optout .company{margin:0 0 6px;font-size:14px;line-height:20px;color:var(--muted)}
        .optout h1{margin:0 0 14px;font-size:22px;line-height:28px}
        .optout p{margin:0 0 18px}.optout p:last-child{margin-bottom:0}
        .optout form{margin:0}
        .optout button{font:inherit;font-weight:bold;min-height:44px;padding:10px 22px;border:2px solid var(--button);border-radius:6px;
        background:var(--button);color:var(--button-text);cursor:pointer}
        .optout button:hover{background:var(--button-hover);border-color:var(--button-hover)}
        .optout button:focus-visible{outline:3px solid var(--focus);outline-offset:3px}
        @media (max-width:480px){body{padding:12px 6px}main.optout{padding:20px 18px}.optout button{width:100%}}
        """

    static let javascript = """
        // Gazette preview: progressive enhancement only; every page works without it.
        (function () {
          // Live reload: the server counts changes to the files it reads; reload when the count moves.
          var meta = document.querySelector('meta[name="gazette-generation"]');
          if (meta && window.fetch) {
            var seen = meta.getAttribute('content');
            setInterval(function () {
              fetch('/generation', { cache: 'no-store' })
                .then(function (response) { return response.text(); })
                .then(function (generation) { if (generation.trim() !== seen) { location.reload(); } })
                .catch(function () {});
            }, 1000);
          }
          // Filters apply as soon as a choice changes.
          document.querySelectorAll('form.filters select').forEach(function (select) {
            select.addEventListener('change', function () { select.form.submit(); });
          });
          // SpamAssassin runs in the background: ask for its result until it is there, then show it.
          var status = document.querySelector('.spam [data-spam-status]');
          var panel = status && status.closest('[data-spam]');
          if (panel && window.fetch) {
            var points = function (value) { return value.toFixed(1); };
            var show = function (result) {
              var line = document.createElement('p');
              if (result.state === 'done') {
                line.className = result.score < result.required ? 'pass' : 'fail';
                line.textContent = 'Score ' + points(result.score) + ' (' + points(result.required) + ' or more is spam), spamassassin -L -t';
                var table = document.createElement('table');
                var head = table.createTHead().insertRow();
                ['Points', 'Rule', 'What it found'].forEach(function (name) {
                  var cell = document.createElement('th');
                  cell.scope = 'col';
                  cell.textContent = name;
                  head.appendChild(cell);
                });
                var body = table.createTBody();
                result.rules.forEach(function (rule) {
                  var row = body.insertRow();
                  row.insertCell().textContent = points(rule.points);
                  var name = document.createElement('th');
                  name.scope = 'row';
                  name.textContent = rule.name;
                  row.appendChild(name);
                  row.insertCell().textContent = rule.description;
                });
                status.replaceWith(line, table);
              } else {
                line.className = 'fail';
                line.textContent = result.detail || result.state;
                status.replaceWith(line);
              }
            };
            var ask = function () {
              fetch(panel.getAttribute('data-spam'), { cache: 'no-store' })
                .then(function (response) { return response.json(); })
                .then(function (result) { if (result.state === 'pending') { setTimeout(ask, 1000); } else { show(result); } })
                .catch(function () { setTimeout(ask, 3000); });
            };
            ask();
          }
        })();
        """
}
