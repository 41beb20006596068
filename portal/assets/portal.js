// Progressive enhancement only: every form works without this file.
'use strict';
document.addEventListener('DOMContentLoaded', function () {
  // After a refused form, move the focus to the list of problems so that screen readers announce it.
  var summary = document.querySelector('.error-summary');
  if (summary) summary.focus();

  // "Show another code" without reloading the page, so that what was typed stays; the plain link reloads the form.
  var refresh = document.getElementById('captcha-refresh');
  if (!refresh) return;
  refresh.addEventListener('click', function (event) {
    event.preventDefault();
    fetch('/api/captcha', { headers: { accept: 'application/json' }, cache: 'no-store' })
      .then(function (response) {
        if (!response.ok) throw new Error('captcha ' + response.status);
        return response.json();
      })
      .then(function (challenge) {
        document.getElementById('captcha-image').src =
          'data:image/svg+xml;charset=utf-8,' + encodeURIComponent(challenge.image);
        document.getElementById('captchaId').value = challenge.captchaId;
        var answer = document.getElementById('captchaAnswer');
        answer.value = '';
        answer.focus();
      })
      .catch(function () {
        window.location.href = refresh.href;
      });
  });
});
