// The side panel: the portrait of a territory (/api/territories/{code}/
// portrait), its gaps and the partnerships to build there, the territories
// like it and the alliances of theirs to duplicate. Every figure is
// the API's; rows carry the raw value as a data attribute so the browser
// tests compare the panel with the API, not with a re-computation.
import { getJSON, query } from "./api.js";
import { number, percent, escapeHTML, label } from "./format.js";
import { yearInterval } from "./state.js";

export class Panel {
  constructor({ vocabulary, onClose }) {
    this.box = document.getElementById("panneau");
    this.content = document.getElementById("panneau-contenu");
    this.vocabulary = vocabulary;
    this.onClose = onClose;
    this.controller = null;
    this.opener = null;
    document.getElementById("panneau-fermer").addEventListener("click", () => this.close());
    this.box.addEventListener("keydown", (e) => {
      if (e.key === "Escape") this.close();
    });
  }

  // open shows the portrait of a territory, of the partnerships active in
  // year when one is given (the year slider's).
  async open({ level, code }, year = null) {
    this.controller?.abort();
    const controller = new AbortController();
    this.controller = controller;
    if (this.box.hidden) this.opener = document.activeElement;
    this.box.hidden = false;
    this.box.dataset.etat = "chargement";
    this.content.innerHTML = `<p role="status">Chargement du portrait…</p>`;
    try {
      const p = await getJSON(`/api/territories/${encodeURIComponent(code)}/portrait${query({ level, datetime: yearInterval(year) })}`,
        { what: "le portrait du territoire", signal: controller.signal });
      this.render(p);
      this.box.dataset.etat = "pret";
      this.box.dataset.territoire = `${p.territory.level}:${p.territory.code}`;
      this.box.querySelector("h2").focus();
    } catch (e) {
      if (e.name === "AbortError") return;
      this.box.dataset.etat = "erreur";
      // Said in the panel, where the reader looks: not again in the
      // page's error box.
      this.content.innerHTML = `<p class="erreur-texte" role="alert">${escapeHTML(e.message)}</p>`;
    }
  }

  close() {
    this.controller?.abort();
    this.box.hidden = true;
    delete this.box.dataset.territoire;
    this.onClose();
    this.opener?.focus?.();
  }

  render(p) {
    const t = p.territory;
    const levelLabel = label(this.vocabulary, "levels", t.level);
    const parent = p.parent ? ` · ${escapeHTML(label(this.vocabulary, "levels", p.parent.level))} ${escapeHTML(p.parent.name)}` : "";
    const indicators = p.indicators.map((i) => `<tr data-indicateur="${escapeHTML(i.id)}" data-valeur="${i.value ?? ""}" data-national="${i.national ?? ""}">
        <td>${escapeHTML(i.label)} <small>(${escapeHTML(i.unit)}, ${i.year})</small></td><td class="n">${number(i.value)}</td>
        <td class="n">${number(i.national)}</td>
        <td class="n">${i.rank ? `${i.rank}<small>/${i.of}</small>` : "—"}</td></tr>`).join("");
    const pt = p.partnerships;
    const scales = this.vocabulary.scales.map((s) => {
      const n = pt.by_scale[s.code] ?? 0;
      const share = pt.scale_shares[s.code] ?? 0;
      return `<tr data-echelle="${s.code}" data-effectif="${n}"><td>${escapeHTML(s.label)}</td>
        <td><span class="barre" style="background:${s.color};width:${(share * 0.9).toFixed(1)}%"></span></td>
        <td class="n">${number(n, 0)} (${percent(share, 0)})</td></tr>`;
    }).join("");
    const partnering = p.partnering.map((f) => `<tr data-chiffre="${escapeHTML(f.id)}" data-valeur="${f.value ?? ""}">
        <td>${escapeHTML(f.label)}</td><td class="n">${f.value === null ? "—" : percent(f.value, 0)}</td>
        <td class="n"><small>${number(f.numerator, 0)}/${number(f.denominator, 0)}</small></td></tr>`).join("");
    const gaps = (p.gaps || []).map((g) => {
      const suggestions = (g.suggestions || []).slice(0, 3).map((s) => `<li>${escapeHTML(s.company_name)} × ${escapeHTML(s.association_name)}
          <small>(${number(s.distance_km, 1)} km ; ${escapeHTML(s.reasons.slice(1, 3).join(" ; "))})</small></li>`).join("");
      return `<li data-domaine="${escapeHTML(g.domain)}" data-ecart="${g.gap}"><strong>${escapeHTML(g.domain_label)}</strong> :
        écart ${number(g.gap, 2)} (fragilité ${number(g.fragility, 2)}, couverture ${number(g.coverage_rank, 2)} ; ${number(g.partnerships, 0)} partenariats)
        ${suggestions ? `<ul>${suggestions}</ul>` : ""}</li>`;
    }).join("");
    const alliances = (p.alliances || []).map((a) => `<li>${escapeHTML(a.name)} <small>(${a.start_year}, ${a.members} membres)</small></li>`).join("");
    // What worked elsewhere: the territories most like this one, and the
    // alliances of theirs acting on its largest gaps, with the reasons.
    const similar = (p.similar || []).map((s) => `<li data-semblable="${escapeHTML(s.code)}" data-distance="${s.distance}">
        <strong>${escapeHTML(s.name)}</strong> <small>(distance ${number(s.distance, 2)} ; ${escapeHTML(s.parts.filter((x) => x.distance === 0).map((x) => x.reason).slice(0, 2).join(" ; "))})</small></li>`).join("");
    const duplicable = (p.duplicable || []).map((d) => `<li data-alliance="${d.id}"><strong>${escapeHTML(d.alliance.name)}</strong>
        <small>(${escapeHTML(d.territory.name)}, ${escapeHTML(d.stake_label)})</small>
        <ul>${d.reasons.slice(1).map((r) => `<li><small>${escapeHTML(r)}</small></li>`).join("")}</ul></li>`).join("");
    this.content.innerHTML = `
      <h2 tabindex="-1">${escapeHTML(t.name)}</h2>
      <p class="sous-titre">${escapeHTML(levelLabel)} ${escapeHTML(t.code)}${parent} · ${number(t.population, 0)} habitants</p>
      ${p.datetime ? `<p class="sous-titre" data-periode="${escapeHTML(p.datetime)}">Partenariats actifs en ${escapeHTML(p.datetime.slice(0, 4))}</p>` : ""}
      <p><a href="/portrait/${encodeURIComponent(t.code)}${query({ level: t.level, datetime: p.datetime })}" target="_blank" rel="noopener">Version imprimable</a></p>
      <h3>Indicateurs de fragilité</h3>
      <table><thead><tr><th>Indicateur</th><th class="n">Valeur</th><th class="n">France</th><th class="n">Rang</th></tr></thead>
      <tbody>${indicators}</tbody></table>
      <h3>Acteurs et partenariats</h3>
      <p data-acteurs="${p.actors}" data-partenariats="${pt.total}">${number(p.actors, 0)} acteurs, ${number(pt.total, 0)} partenariats</p>
      <table><tbody>${scales}</tbody></table>
      <table><tbody>${partnering}</tbody></table>
      <h3>Écarts de partenariat et mises en relation</h3>
      ${gaps ? `<ul class="ecarts">${gaps}</ul>` : "<p>Aucun écart calculé à ce niveau.</p>"}
      ${alliances ? `<h3>Alliances territoriales</h3><ul>${alliances}</ul>` : ""}
      ${duplicable ? `<h3>Solutions à dupliquer</h3><ul class="solutions">${duplicable}</ul>` : ""}
      ${similar ? `<h3>Territoires semblables</h3><ul class="semblables">${similar}</ul>` : ""}`;
  }
}
