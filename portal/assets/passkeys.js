// Passkeys and security keys (WebAuthn) for the portal's profile and second login step, and the back-office's second
// step. Buttons name their form (data-form) and where to fetch the options (data-options-url); the browser's answer
// goes into a hidden field of the form, which is then sent as any other form. Uses @simplewebauthn/browser's bundle.
'use strict';
document.addEventListener('DOMContentLoaded', function () {
  var webauthn = window.SimpleWebAuthnBrowser;
  if (!webauthn || !webauthn.browserSupportsWebAuthn()) return;
  document.querySelectorAll('[data-passkey-unsupported]').forEach(function (note) {
    note.hidden = true;
  });

  function fetchOptions(url, form) {
    var body = new URLSearchParams();
    ['_csrf', 'challenge'].forEach(function (name) {
      if (form.elements[name]) body.set(name, form.elements[name].value);
    });
    return fetch(url, {
      method: 'POST',
      credentials: 'same-origin',
      cache: 'no-store',
      body: body,
      headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' },
    }).then(function (response) {
      if (!response.ok) throw new Error('passkey options ' + response.status);
      return response.json();
    });
  }

  function wire(selector, ceremony) {
    document.querySelectorAll(selector).forEach(function (button) {
      var form = document.getElementById(button.getAttribute('data-form'));
      var problem = form.querySelector('[data-passkey-error]');
      button.hidden = false;
      button.addEventListener('click', function () {
        if (problem) problem.hidden = true;
        button.disabled = true;
        fetchOptions(button.getAttribute('data-options-url'), form)
          .then(function (answer) {
            return ceremony(form, answer);
          })
          .then(function () {
            form.submit();
          })
          .catch(function () {
            button.disabled = false;
            if (problem) problem.hidden = false;
          });
      });
    });
  }

  wire('[data-passkey-register]', function (form, answer) {
    form.elements.enrolmentId.value = answer.enrolmentId;
    return webauthn.startRegistration({ optionsJSON: answer.options }).then(function (credential) {
      form.elements.credential.value = JSON.stringify(credential);
    });
  });
  wire('[data-passkey-login]', function (form, answer) {
    return webauthn.startAuthentication({ optionsJSON: answer.options }).then(function (assertion) {
      form.elements.passkey.value = JSON.stringify(assertion);
    });
  });
});
