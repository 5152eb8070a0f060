// The stand-alone privacy centre: the application links here with #token=...&user=... (a fragment
// never reaches a server or an access log). Both are taken out of the address bar at once.
'use strict';

(function () {
  const params = new URLSearchParams(location.hash.slice(1));
  const token = params.get('token');
  const userId = params.get('user');
  history.replaceState(null, '', location.pathname);
  const root = document.getElementById('privacy-centre');
  if (!token || !userId) {
    const message = document.createElement('p');
    message.textContent = 'Open this page from the privacy link of the application you use: it brings a short-lived pass for your account.';
    root.append(message);
    return;
  }
  window.PersonalizationPrivacyCentre.mount(root, { api: location.origin, token, userId });
})();
