// The client base follows the live stream: the Clients tab redraws its results when a card is
// added, changed or deleted anywhere; an open card says so when someone else changes or deletes
// it, and redraws its files when a file is added or deleted.
(() => {
  const root = document.querySelector("[data-live-clients]");
  if (!root || !window.salonbook) return;
  const cursor = root.dataset.cursor;
  if (cursor === undefined) return;  // a role that may not read the change feed
  window.salonbook.listen(cursor);
  const me = Number(root.dataset.userId);

  const list = document.getElementById("client-filters");
  if (list) {
    let pending = null;
    const refresh = () => {
      clearTimeout(pending);
      pending = setTimeout(() => htmx.trigger(list, "submit"), 300);
    };
    document.addEventListener("sb:change", (event) => {
      if (["client", "client_import"].includes(event.detail.entity)) refresh();
    });
    document.addEventListener("sb:resync", refresh);
    return;
  }

  const clientId = Number(root.dataset.clientId);
  const notice = root.querySelector(".card-notice");
  document.addEventListener("sb:change", (event) => {
    const change = event.detail;
    if (change.entity === "client_file" && change.data?.client_id === clientId) {
      const files = document.getElementById("client-files");
      if (files) htmx.ajax("GET", files.dataset.url, { target: files, swap: "outerHTML" });
      return;
    }
    if (change.entity !== "client" || change.id !== clientId || change.actor_id === me) return;
    if (Number(root.dataset.version) >= change.version) return;
    const deleted = change.action === "deleted";
    notice.replaceChildren(document.createTextNode(
      (deleted ? root.dataset.deletedText : root.dataset.changedText) + " "));
    if (!deleted) {
      const reload = document.createElement("a");
      reload.className = "button small";
      reload.href = window.location.href;
      reload.textContent = root.dataset.reloadText;
      notice.append(reload);
    }
    notice.hidden = false;
  });
})();
