// After a form comes back with errors, move the keyboard and screen-reader focus to the
// summary, so people hear what to fix before anything else.
document.addEventListener("DOMContentLoaded", function () {
  var summary = document.querySelector(".error-summary");
  if (summary) {
    summary.focus();
  }
});

// Buttons that only work with JavaScript stay hidden without it (the page says what to do
// by hand instead): copy a text to the clipboard, print the page.
document.addEventListener("DOMContentLoaded", function () {
  document.querySelectorAll("[data-copy-from]").forEach(function (button) {
    var source = document.getElementById(button.dataset.copyFrom);
    var status = button.closest("li, div, section").querySelector(".copy-status");
    if (!source || !navigator.clipboard) {
      return;
    }
    button.hidden = false;
    button.addEventListener("click", function () {
      navigator.clipboard.writeText(source.textContent.trim()).then(function () {
        if (status) {
          status.textContent = button.dataset.copiedMessage;
        }
      });
    });
  });
  document.querySelectorAll("[data-print]").forEach(function (button) {
    button.hidden = false;
    button.addEventListener("click", function () {
      window.print();
    });
  });
});

// allauth's passkey script reports a failed or cancelled ceremony as an event; show it in the
// page's own words instead of only in the console.
document.addEventListener("allauth.error", function (event) {
  var box = document.querySelector("[data-webauthn-error-message]");
  if (box) {
    box.textContent = box.dataset.webauthnErrorMessage;
    event.preventDefault();
  }
});

// Drafts that save themselves (a form with data-draft-key around an htmx saver) keep what
// was typed in this tab until a page shows it, so a reload or a dropped connection in
// between loses nothing: the next load fills the fields in again and saves them. A save
// the server confirms is kept, marked with the stamp its answer gives (X-Draft-Saved), until
// a page loads whose data-draft-stamp is as recent: a page read while that save was still
// landing shows less, and is filled in from the tab. When the page goes away with changes
// not yet saved, they are sent as a last save.
document.addEventListener("DOMContentLoaded", function () {
  document.querySelectorAll("form[data-draft-key]").forEach(function (form) {
    var saver = form.querySelector("[hx-post]");
    var key = "sanctuary-draft:" + form.dataset.draftKey;
    var edits = 0;
    var sent = 0;
    var store = null;
    try {
      store = window.sessionStorage;
    } catch (error) {
      store = null;
    }
    if (!saver) {
      return;
    }
    function fields() {
      return form.querySelectorAll("input[name], textarea[name], select[name]");
    }
    function snapshot() {
      var values = {};
      fields().forEach(function (field) {
        if (field.type === "hidden" || field.type === "file" || field.type === "submit") {
          return;
        }
        if (field.type === "radio" || field.type === "checkbox") {
          if (field.checked) {
            values[field.name] = field.value;
          }
        } else {
          values[field.name] = field.value;
        }
      });
      return values;
    }
    function keep(saved) {
      if (store) {
        try {
          store.setItem(key, JSON.stringify({ values: snapshot(), saved: saved }));
        } catch (error) {
          // A full or refused storage only loses this safety net; the saver still works.
        }
      }
    }
    function remember() {
      edits += 1;
      keep(null);
    }
    function restore() {
      var kept = null;
      try {
        kept = store ? JSON.parse(store.getItem(key) || "null") : null;
      } catch (error) {
        kept = null;
      }
      if (!kept || typeof kept !== "object") {
        return false;
      }
      if (typeof kept.values !== "object" || kept.values === null) {
        kept = { values: kept, saved: null }; // kept before saves were stamped: unsaved
      }
      if (kept.saved && Number(form.dataset.draftStamp || 0) >= kept.saved) {
        // This page was read after the tab's last save landed: it shows it all.
        store.removeItem(key);
        return false;
      }
      kept = kept.values;
      fields().forEach(function (field) {
        if (!Object.prototype.hasOwnProperty.call(kept, field.name)) {
          return;
        }
        if (field.type === "radio" || field.type === "checkbox") {
          field.checked = field.value === kept[field.name];
        } else if (field.type !== "hidden" && field.type !== "file") {
          field.value = kept[field.name];
        }
      });
      edits += 1;
      return true;
    }
    // In the capture phase, so an edit is counted before htmx (listening below) sends it.
    form.addEventListener("input", remember, true);
    form.addEventListener("change", remember, true);
    form.addEventListener("submit", function () {
      // The button sends everything: what the page shows next comes from the server.
      sent = edits;
      if (store) {
        store.removeItem(key);
      }
    });
    document.body.addEventListener("htmx:beforeRequest", function (event) {
      if (event.detail.elt === saver) {
        sent = edits;
      }
    });
    document.body.addEventListener("htmx:afterRequest", function (event) {
      if (event.detail.elt !== saver || !event.detail.successful || sent !== edits || !store) {
        return;
      }
      var stamp = Number(event.detail.xhr.getResponseHeader("X-Draft-Saved") || 0);
      if (stamp) {
        keep(stamp);
      } else {
        store.removeItem(key);
      }
    });
    if (restore()) {
      // Once htmx is listening (after load), save what came back from this tab.
      window.addEventListener("load", function () {
        saver.dispatchEvent(new Event("change", { bubbles: true }));
      });
    }
    window.addEventListener("pagehide", function () {
      if (sent === edits || !navigator.sendBeacon) {
        return;
      }
      var data = new FormData(form);
      data.append("autosave", "1");
      navigator.sendBeacon(saver.getAttribute("hx-post"), data);
    });
  });
});

// Signing out lets go of every draft this tab kept (a saved one stays until a page shows it),
// so the next person at a shared phone finds none of them in the browser's storage.
document.addEventListener("submit", function (event) {
  if (!event.target.matches("form[data-signs-out]")) {
    return;
  }
  try {
    Object.keys(window.sessionStorage)
      .filter(function (key) {
        return key.indexOf("sanctuary-draft:") === 0;
      })
      .forEach(function (key) {
        window.sessionStorage.removeItem(key);
      });
  } catch (error) {
    // No storage to clear.
  }
});
