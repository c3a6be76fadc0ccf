// The permalink: the page keeps its address's hash in step with the state
// (a moment after the last change, without a history entry), and its
// button copies the address.
import { writeHash } from "./state.js";

export class Permalink {
  constructor(map, state) {
    this.map = map;
    this.state = state;
    this.timer = 0;
    const status = document.getElementById("permalien-etat");
    document.getElementById("permalien").addEventListener("click", async () => {
      const url = location.origin + location.pathname + this.write();
      try {
        await navigator.clipboard.writeText(url);
        status.textContent = "Lien copié.";
      } catch {
        status.textContent = "Lien dans la barre d'adresse.";
      }
    });
  }

  // save writes the hash 250 ms after the last call.
  save() {
    clearTimeout(this.timer);
    this.timer = setTimeout(() => this.write(), 250);
  }

  write() {
    const c = this.map.getCenter();
    this.state.camera = { zoom: this.map.getZoom(), lat: c.lat, lon: c.lng };
    const hash = writeHash(this.state);
    history.replaceState(null, "", hash);
    return hash;
  }
}
