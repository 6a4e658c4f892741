const API_URL = window.API_URL || "http://localhost:8080";

function getCount() {
  return fetch(API_URL).then((res) => res.json());
}

function show() {
  getCount().then((res) => (document.getElementById("count").textContent = res.count));
}

document.getElementById("add").onclick = () => fetch(`${API_URL}/add`).then(show);
show();
