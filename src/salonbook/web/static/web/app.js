// The app shell: the sheet (a dialog that htmx fills), confirmations, toasts, JSON calls to
// the API, and the live change stream that every open page listens to.
(function () {
  "use strict";

  const csrf = () => document.querySelector('meta[name="csrf-token"]')?.content || "";

  function strings() {
    const node = document.getElementById("ui-strings");
    return node ? JSON.parse(node.textContent) : {};
  }

  // --- Toasts -----------------------------------------------------------------------------
  function toast(message, kind) {
    const box = document.getElementById("toasts");
    if (!box || !message) return;
    const item = document.createElement("div");
    item.className = "toast" + (kind ? " " + kind : "");
    item.setAttribute("role", kind === "error" ? "alert" : "status");
    item.textContent = message;
    box.appendChild(item);
    setTimeout(() => item.remove(), kind === "error" ? 6000 : 3500);
  }

  // --- The sheet --------------------------------------------------------------------------
  const sheet = () => document.getElementById("sheet");

  function openSheet() {
    const dialog = sheet();
    if (dialog && !dialog.open) dialog.showModal();
  }

  function closeSheet() {
    const dialog = sheet();
    if (dialog && dialog.open) dialog.close();
  }

  /** Load `url` into the sheet and open it. */
  function showInSheet(url) {
    return htmx.ajax("GET", url, { target: "#sheet-body", swap: "innerHTML" }).then(openSheet);
  }

  document.addEventListener("htmx:after:swap", (event) => {
    const target = event.detail?.ctx?.target;
    if (target && target.id === "sheet-body") {
      openSheet();
      // A form sent back with errors: bring the first message into view.
      const problem = target.querySelector(".alert.error, .field-error");
      if (problem) problem.scrollIntoView({ block: "center" });
    }
  });
  document.addEventListener("close", (event) => {
    if (event.target.id === "sheet") document.getElementById("sheet-body").replaceChildren();
  }, true);
  document.addEventListener("click", (event) => {
    if (event.target.closest("[data-close-sheet]")) closeSheet();
    // A click on the backdrop (the dialog itself, outside its body) closes the sheet.
    if (event.target.id === "sheet") closeSheet();
  });
  document.addEventListener("close-sheet", closeSheet);
  document.addEventListener("toast", (event) => toast(event.detail?.message, event.detail?.kind));

  // --- Confirmations: our own dialog instead of the browser's -----------------------------
  function confirmDialog(message) {
    const dialog = document.getElementById("confirm");
    if (!dialog) return Promise.resolve(window.confirm(message));
    dialog.querySelector("#confirm-message").textContent = message;
    dialog.returnValue = "";
    dialog.showModal();
    dialog.querySelector("button[value=yes]").focus();
    return new Promise((resolve) => {
      dialog.addEventListener("close", () => resolve(dialog.returnValue === "yes"), { once: true });
    });
  }

  document.addEventListener("htmx:confirm", (event) => {
    const detail = event.detail;
    if (!detail?.ctx?.confirm) return;
    event.preventDefault();
    confirmDialog(detail.ctx.confirm).then((yes) => (yes ? detail.issueRequest() : detail.dropRequest()));
  });

  document.addEventListener("htmx:error", () => toast(strings().network_error, "error"));

  // --- JSON calls to /api/v1 --------------------------------------------------------------
  class ApiError extends Error {
    constructor(status, problem) {
      super(problem?.detail || problem?.title || "HTTP " + status);
      this.status = status;
      this.problem = problem || {};
    }
  }

  async function api(method, path, body, headers) {
    let response;
    try {
      response = await fetch("/api/v1" + path, {
        method,
        credentials: "same-origin",
        headers: {
          "Accept": "application/json",
          "Content-Type": "application/json",
          "X-CSRFToken": csrf(),
          ...(headers || {}),
        },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
    } catch (error) {
      throw new ApiError(0, { detail: strings().network_error });
    }
    if (response.status === 204) return null;
    const data = await response.json().catch(() => null);
    if (!response.ok) throw new ApiError(response.status, data);
    return data;
  }

  // --- The live change stream --------------------------------------------------------------
  // One EventSource per page. The browser reconnects by itself and sends Last-Event-ID, and the
  // server replays what was missed, so no change is lost to a dropped connection. Listeners get
  // `sb:change` events on the document; `sb:resync` says the connection came back.
  let source = null;
  function listen(after) {
    if (source || typeof EventSource === "undefined") return;
    source = new EventSource("/api/v1/stream?after=" + encodeURIComponent(after || 0));
    let dropped = false;
    source.addEventListener("change", (message) => {
      const change = JSON.parse(message.data);
      document.dispatchEvent(new CustomEvent("sb:change", { detail: change }));
    });
    source.addEventListener("error", () => {
      dropped = true;
      document.documentElement.dataset.live = "reconnecting";
    });
    source.addEventListener("open", () => {
      document.documentElement.dataset.live = "on";
      if (dropped) document.dispatchEvent(new CustomEvent("sb:resync"));
      dropped = false;
    });
  }

  window.salonbook = { toast, openSheet, closeSheet, showInSheet, confirmDialog, api, ApiError, listen, strings };
})();
