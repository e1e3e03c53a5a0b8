// Where the tokens live: the access token only in memory (a script injected later cannot find it in storage),
// the refresh token in localStorage so that a reload keeps the user signed in.
const refreshKey = "chatbot.refresh";
let access = null;

export const tokens = {
  get access() { return access; },
  get refresh() { return localStorage.getItem(refreshKey); },
  get signedIn() { return access !== null || localStorage.getItem(refreshKey) !== null; },
  store(pair) {
    access = pair.access;
    localStorage.setItem(refreshKey, pair.refresh);
  },
  forget() {
    access = null;
    localStorage.removeItem(refreshKey);
  },
};
