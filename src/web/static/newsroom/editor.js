// Progressive enhancement for the article editor. Everything works without it: this adds a
// Markdown toolbar, live word count, live preview and autosave of drafts.
(function () {
  'use strict';
  var form = document.getElementById('editor-form');
  var body = document.getElementById('f-body');
  if (!form || !body) return;

  // --- Right-to-left while typing Persian: follow the edition select.
  var language = form.querySelector('[name="language"]');
  var dirFields = form.querySelectorAll('input[dir], textarea[dir]');
  if (language) {
    language.addEventListener('change', function () {
      var dir = language.value === 'fa' ? 'rtl' : 'ltr';
      dirFields.forEach(function (el) {
        if (el.getAttribute('dir') !== 'auto' && el.name !== 'canonical_url') el.setAttribute('dir', dir);
      });
    });
  }

  // --- Word count.
  var counter = form.querySelector('[data-word-count]');
  function countWords() {
    var text = body.value.trim();
    if (counter) counter.textContent = String(text ? text.split(/\s+/).length : 0);
  }
  body.addEventListener('input', countWords);

  // --- Toolbar: buttons wrap the selection; every button is a real <button> (keyboard operable).
  var toolbar = form.querySelector('.md-toolbar');
  var tools = [
    ['Bold', '**', '**', 'bold text'],
    ['Italic', '_', '_', 'italic text'],
    ['Heading', '\n## ', '\n', 'Heading'],
    ['Link', '[', '](https://)', 'link text'],
    ['List', '\n- ', '\n', 'item'],
    [
      'Quote',
      '\n<blockquote cite="https://">\n<p>',
      '</p>\n<p><cite>Source</cite></p>\n</blockquote>\n',
      'Quoted words',
    ],
  ];
  function insert(before, after, placeholder) {
    var start = body.selectionStart,
      end = body.selectionEnd;
    var selected = body.value.slice(start, end) || placeholder;
    body.setRangeText(before + selected + after, start, end, 'end');
    body.focus();
    body.setSelectionRange(start + before.length, start + before.length + selected.length);
    body.dispatchEvent(new Event('input', { bubbles: true }));
  }
  if (toolbar) {
    tools.forEach(function (t) {
      var b = document.createElement('button');
      b.type = 'button';
      b.textContent = t[0];
      b.addEventListener('click', function () {
        insert(t[1], t[2], t[3]);
      });
      toolbar.appendChild(b);
    });
    // Image embeds from the library: the featured-image select lists the library.
    var media = form.querySelector('[name="featured_media_id"]');
    if (media) {
      var pick = document.createElement('button');
      pick.type = 'button';
      pick.textContent = 'Embed chosen image';
      pick.title = 'Embeds the image selected under Featured image, with its sizes';
      pick.addEventListener('click', function () {
        if (!media.value) {
          media.focus();
          return;
        }
        fetch('/admin/media/' + media.value + '/embed', {
          headers: { accept: 'text/plain' },
          credentials: 'same-origin',
        })
          .then(function (r) {
            return r.ok ? r.text() : Promise.reject(r.status);
          })
          .then(function (code) {
            insert('\n' + code + '\n', '', '');
          })
          .catch(function () {});
      });
      toolbar.appendChild(pick);
    }
    toolbar.hidden = false;
  }

  // --- Live preview: resubmit the form to the preview frame as the text changes.
  var previewButton = form.querySelector('button[value="preview"]');
  var timer = null;
  function refreshPreview() {
    if (previewButton && form.requestSubmit) form.requestSubmit(previewButton);
  }
  form.addEventListener('input', function () {
    clearTimeout(timer);
    timer = setTimeout(refreshPreview, 800);
    dirty = true;
  });

  // --- Autosave of drafts: same endpoint, same version check; a conflict stops autosave.
  var dirty = false;
  var status = form.querySelector('[data-autosave-status]');
  var version = form.querySelector('input[name="version"]');
  var versionShown = document.querySelector('[data-version]');
  if (form.getAttribute('data-autosave') === 'on' && version && window.fetch && window.FormData) {
    var saving = false;
    setInterval(function () {
      if (!dirty || saving) return;
      saving = true;
      dirty = false;
      var data = new URLSearchParams(new FormData(form));
      data.set('autosave', '1');
      fetch(form.action, {
        method: 'POST',
        body: data,
        headers: { accept: 'application/json' },
        credentials: 'same-origin',
      })
        .then(function (r) {
          return r.json().then(function (j) {
            return { ok: r.ok, status: r.status, json: j };
          });
        })
        .then(function (res) {
          if (res.ok) {
            version.value = String(res.json.version);
            if (versionShown) versionShown.textContent = String(res.json.version);
            form.querySelectorAll('input[name="version"]').forEach(function (v) {
              v.value = String(res.json.version);
            });
            document.querySelectorAll('form input[name="version"]').forEach(function (v) {
              v.value = String(res.json.version);
            });
            if (status) status.textContent = 'Draft saved automatically.';
          } else if (res.status === 409) {
            form.setAttribute('data-autosave', 'off');
            if (status)
              status.textContent =
                'Someone else saved this article: autosave stopped. Press Save to see both versions.';
          } else {
            dirty = true;
            if (status)
              status.textContent =
                'Not saved automatically: ' +
                ((res.json.error && res.json.error.message) || 'check the form') +
                '.';
          }
        })
        .catch(function () {
          dirty = true;
        })
        .then(function () {
          saving = false;
        });
    }, 20000);
  }
})();
