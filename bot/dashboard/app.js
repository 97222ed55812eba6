// Telegram Mini App: hand the signed initData to the bot, which answers with the page's link.
(function () {
  var hash = new URLSearchParams(location.hash.slice(1));
  var initData = hash.get("tgWebAppData") || "";
  var cluster = new URLSearchParams(location.search).get("cluster") || "";
  fetch("/dashboard/webapp", {
    method: "POST",
    headers: {"Content-Type": "application/json"},
    body: JSON.stringify({initData: initData, cluster: cluster})
  }).then(function (r) {
    if (r.status === 403) { return null; }
    return r.ok ? r.json() : Promise.reject(r.status);
  }).then(function (body) {
    if (body && body.url) { location.replace(body.url); }
    else { document.getElementById("msg").hidden = false; }
  }).catch(function () {
    // The bot or its database is away for now: say so, not "no permission".
    document.getElementById("busy").hidden = false;
  });
})();
