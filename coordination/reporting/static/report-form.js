/* The report form's autosave: nothing typed is lost if the connection drops between saves.
 *
 * Every change is kept at once in this browser's localStorage (with the revision it was based on) and sent
 * two seconds after typing stops, with the form's CSRF token. A failed send (no connection, a server error)
 * keeps the text and is retried when the browser is back online and every 10 seconds. The stored copy is only
 * dropped once the server confirmed that exact text. A 409 (someone else saved) stops the autosave and says
 * so: nothing of theirs is overwritten unless the person saves the form again, knowingly.
 * Opening the page again with unsent text for the same revision puts it back and sends it.
 */
(function () {
  "use strict";
  var form = document.getElementById("report-form");
  if (!form || !window.fetch) { return; }
  var status = document.getElementById("save-status");
  var messages = JSON.parse(document.getElementById("autosave-messages").textContent);
  var key = "coordination-report-" + form.dataset.slot;
  var revision = form.querySelector("input[name=revision]");
  var csrf = form.querySelector("input[name=_csrf_token]").value;
  var timer = null, retry = null, sending = false, stopped = false;

  // The form's fields as sent, without the CSRF token, the button pressed and the revision (sent apart, so a
  // copy kept in localStorage never carries an old revision back).
  function fields() {
    var data = new URLSearchParams(new FormData(form));
    data.delete("_csrf_token");
    data.delete("then");
    data.delete("revision");
    return data.toString();
  }
  function say(text) { status.textContent = text; }
  function kept() {
    try { return JSON.parse(window.localStorage.getItem(key) || "null"); } catch (e) { return null; }
  }
  function keep(body) {
    try {
      window.localStorage.setItem(key, JSON.stringify({revision: revision.value, body: body, at: Date.now()}));
    } catch (e) { /* private mode or full: the autosave still runs */ }
  }
  function forget() { try { window.localStorage.removeItem(key); } catch (e) { /* nothing kept */ } }
  function restore(body) {
    var values = new URLSearchParams(body);
    Array.prototype.forEach.call(form.elements, function (element) {
      if (!element.name || element.name === "_csrf_token" || element.name === "revision" || element.type === "submit") {
        return;
      }
      if (element.type === "checkbox") {
        element.checked = values.getAll(element.name).indexOf(element.value || "on") !== -1;
      } else if (values.has(element.name)) {
        element.value = values.get(element.name);
      }
    });
  }
  function schedule(delay) {
    window.clearTimeout(timer);
    timer = window.setTimeout(send, delay);
  }
  function changed() {
    if (stopped) { keep(fields()); return; }
    keep(fields());
    say(messages.unsaved);
    schedule(2000);
  }
  function send() {
    var stored = kept();
    if (sending || stopped || !stored) { return; }
    sending = true;
    say(messages.saving);
    var body = stored.body;
    window.fetch(form.dataset.autosave, {
      method: "POST",
      credentials: "same-origin",
      headers: {
        "Content-Type": "application/x-www-form-urlencoded",
        "Accept": "application/json",
        "X-CSRF-Token": csrf
      },
      body: body + "&revision=" + encodeURIComponent(revision.value)
    }).then(function (answer) {
      return answer.json().then(function (data) { return {status: answer.status, data: data}; });
    }).then(function (result) {
      sending = false;
      if (result.status === 200) {
        revision.value = String(result.data.revision);
        var now = kept();
        if (now && now.body === body) { forget(); } else { keep(fields()); schedule(500); }
        var at = new Date(result.data.saved_at);
        say(messages.saved.replace("%(time)s", at.toLocaleTimeString([], {hour: "2-digit", minute: "2-digit"})));
      } else if (result.status === 409) {
        stopped = true;
        say(messages.conflict);
        status.classList.add("problem");
      } else if (result.status === 400) {
        say(messages.invalid + " " + (result.data.errors || []).map(function (e) { return e.message; }).join(" "));
      } else {
        say(messages.offline);
        retryLater();
      }
    }).catch(function () {
      sending = false;
      say(messages.offline);
      retryLater();
    });
  }
  function retryLater() {
    window.clearTimeout(retry);
    retry = window.setTimeout(send, 10000);
  }

  form.addEventListener("input", changed);
  form.addEventListener("change", changed);
  form.addEventListener("submit", function () { forget(); window.clearTimeout(timer); });
  window.addEventListener("online", function () { if (kept()) { send(); } });

  var stored = kept();
  if (stored && stored.body !== fields()) {
    if (stored.revision === revision.value) {
      restore(stored.body);
      say(messages.restored);
      send();
    } else {
      var notice = document.createElement("p");
      notice.className = "reason";
      notice.textContent = messages.older + " ";
      var button = document.createElement("button");
      button.type = "button";
      button.textContent = messages.put_back;
      button.addEventListener("click", function () {
        restore(stored.body);
        notice.remove();
        changed();
      });
      notice.appendChild(button);
      status.parentNode.insertBefore(notice, status.nextSibling);
    }
  } else if (stored) {
    forget();
  }
}());
