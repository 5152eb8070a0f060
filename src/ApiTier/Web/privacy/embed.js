// The privacy centre as a widget an application embeds in its own pages:
//   <script src="https://personalization.example/privacy/embed.js"></script>
//   PersonalizationPrivacyCentre.mount(element, { api: 'https://personalization.example', token, userId });
// The token comes from the application's backend (POST /v1/users/{userId}/token with its app key):
// it is scoped to this one user, to the privacy centre's endpoints, and to a few minutes. The widget
// never sees an API key, writes every server value as text (never HTML), and sends no cookies.
'use strict';

(function () {
  function element(tag, attributes, ...children) {
    const node = document.createElement(tag);
    for (const [name, value] of Object.entries(attributes || {})) {
      if (name === 'text') node.textContent = value;
      else if (name.startsWith('on')) node.addEventListener(name.slice(2), value);
      else if (value !== false && value !== undefined) node.setAttribute(name, value === true ? '' : value);
    }
    node.append(...children.filter((c) => c !== null && c !== undefined));
    return node;
  }

  function mount(root, options) {
    const api = (options.api || '').replace(/\/$/, '');
    const userPath = `${api}/v1/users/${encodeURIComponent(options.userId)}`;
    const headers = { Authorization: `Bearer ${options.token}` };
    const status = element('p', { class: 'pc-status', role: 'status', 'data-testid': 'pc-status' });
    let notice = null;

    async function call(method, url, body) {
      const init = { method, headers: { ...headers }, credentials: 'omit' };
      if (body !== undefined) {
        init.headers['Content-Type'] = 'application/json';
        init.body = JSON.stringify(body);
      }
      const response = await fetch(url, init);
      if (!response.ok) {
        let detail = `HTTP ${response.status}`;
        try { const problem = await response.json(); detail = problem.detail || problem.title || detail; } catch { /* not JSON */ }
        const error = new Error(response.status === 401 ? 'Your pass has expired: open the privacy centre again from the application.' : detail);
        error.status = response.status;
        throw error;
      }
      return response;
    }

    const say = (text, isError) => { status.className = isError ? 'pc-error' : 'pc-status'; status.textContent = text; };

    async function render() {
      if (!notice) notice = await (await fetch(`${api}/v1/privacy/notice`, { credentials: 'omit' })).json();
      const consent = await (await call('GET', `${userPath}/consent`)).json();
      const profile = await (await call('GET', `${userPath}/profile`)).json();
      const personalization = consent.purposes.personalization && consent.purposes.personalization.granted;

      const purposes = element('section', { class: 'pc-section' }, element('h2', { text: 'What you allow' }));
      for (const purpose of notice.purposes) {
        const decision = consent.purposes[purpose.id] || { granted: false };
        const box = element('input', {
          type: 'checkbox', id: `pc-purpose-${purpose.id}`, 'data-purpose': purpose.id, checked: decision.granted,
          onchange: (event) => setConsent(purpose.id, event.target.checked),
        });
        purposes.append(element('div', { class: 'pc-purpose' }, box,
          element('label', { for: box.id },
            element('strong', { text: purpose.id }), ' — ', purpose.description,
            element('small', { text: `Legal basis: ${purpose.legalBasis}. ${decision.granted ? `Granted ${new Date(decision.at).toLocaleString()} (policy ${decision.policyVersion}).` : 'Not granted.'}` }))));
      }

      const level = element('select', { id: 'pc-level', disabled: !personalization, onchange: (event) => setLevel(profile, event.target.value) });
      for (const value of ['off', 'basic', 'full']) {
        level.append(element('option', { value, text: value, selected: profile.personalizationLevel === value }));
      }
      const levels = element('section', { class: 'pc-section' }, element('h2', { text: 'Personalization level' }),
        element('label', { for: 'pc-level', text: 'How much your recommendations use what you do: ' }), level,
        personalization ? null : element('p', { class: 'pc-muted', text: 'Allow personalization above to choose a level.' }));

      const download = element('button', { type: 'button', class: 'pc-button', id: 'pc-download', text: 'Download my data', onclick: downloadData });
      const erase = element('button', { type: 'button', class: 'pc-button pc-danger', id: 'pc-erase', text: 'Erase me', onclick: askErase });
      const rights = element('section', { class: 'pc-section' }, element('h2', { text: 'Your data' }),
        element('p', { class: 'pc-muted', text: `Behaviour is kept ${notice.retention.behaviour}` }), download, erase);

      root.replaceChildren(purposes, levels, rights, status);
    }

    async function setConsent(purpose, granted) {
      try {
        await call('PUT', `${userPath}/consent`, { purposes: { [purpose]: granted }, policyVersion: notice.policyVersion, source: 'privacy-centre' });
        await render();
        say(`${purpose}: ${granted ? 'allowed' : 'withdrawn'}.`);
      } catch (error) {
        say(error.message, true);
      }
    }

    async function setLevel(profile, value) {
      try {
        await call('PUT', `${userPath}/profile`, { ...profile, personalizationLevel: value });
        await render();
        say(`Personalization level: ${value}.`);
      } catch (error) {
        say(error.message, true);
      }
    }

    async function downloadData() {
      try {
        const blob = await (await call('GET', `${userPath}/data?download=true`)).blob();
        const link = element('a', { href: URL.createObjectURL(blob), download: 'my-data.json' });
        document.body.append(link);
        link.click();
        link.remove();
        setTimeout(() => URL.revokeObjectURL(link.href), 10000);
        say('Your data was downloaded as my-data.json.');
      } catch (error) {
        say(error.message, true);
      }
    }

    function askErase() {
      const confirm = element('button', { type: 'button', class: 'pc-button pc-danger', id: 'pc-erase-confirm', text: 'Yes, erase everything', onclick: eraseMe });
      const cancel = element('button', { type: 'button', class: 'pc-button', text: 'Cancel', onclick: () => render() });
      root.replaceChildren(element('section', { class: 'pc-section' }, element('h2', { text: 'Erase everything?' }),
        element('p', { text: 'Your consent, profile, behaviour and your part of the shared model are deleted, and your data keys destroyed. This cannot be undone.' }),
        confirm, cancel), status);
    }

    async function eraseMe() {
      try {
        const receipt = await (await call('DELETE', userPath)).json();
        root.replaceChildren(element('section', { class: 'pc-section', 'data-testid': 'pc-erased' }, element('h2', { text: 'You have been erased' }),
          element('p', { text: `Erased: ${receipt.erased.join(', ')} at ${receipt.erasedAt}.` }),
          element('p', { text: 'Your receipt (keep it to prove the erasure): ' }, element('code', { id: 'pc-receipt', text: receipt.receiptId }))));
      } catch (error) {
        say(error.message, true);
      }
    }

    render().catch((error) => { root.replaceChildren(status); say(error.message, true); });
  }

  window.PersonalizationPrivacyCentre = { mount };
})();
