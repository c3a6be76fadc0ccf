// What the pointer does on the map: territories light up under it, a
// link's hover names its two ends, and a click opens the popup of the
// topmost thing under it (an actor group, an actor, an alliance group, an
// alliance, then a territory, whose portrait opens too).
import { label } from "./format.js";
import { cancelPopupRequests, territoryHTML, alliancePopup, allianceGroupHTML, actorGroupHTML, actorPopup, linkTipHTML, partnershipEnds } from "./popups.js";

// year() is the year the slider shows (null: every year): an actor's
// popup lists the partners of that year.
export function setupPointer(map, maplibregl, { choropleth, network, vocabulary, popup, year, onTerritory, onError }) {
  // Hover highlight on territories.
  let hovered = null;
  const unhover = () => {
    if (hovered) map.setFeatureState(hovered, { survol: false });
    hovered = null;
    map.getCanvas().style.cursor = "";
  };
  for (const id of choropleth.layerIds()) {
    map.on("mousemove", id, (e) => {
      const f = e.features[0];
      if (!f || f.id === undefined) return;
      if (hovered?.id !== f.id || hovered?.source !== f.source) {
        unhover();
        hovered = { source: f.source, sourceLayer: f.sourceLayer, id: f.id };
        map.setFeatureState(hovered, { survol: true });
      }
      map.getCanvas().style.cursor = "pointer";
    });
    map.on("mouseleave", id, unhover);
  }
  for (const id of network.layerIds()) {
    map.on("mouseenter", id, () => { map.getCanvas().style.cursor = "pointer"; });
    map.on("mouseleave", id, () => { map.getCanvas().style.cursor = ""; });
  }

  // Hover on a link names its ends: a partnership drawn as a stub toward
  // an end out of view says where it goes. A flow carries its territories'
  // names; a partnership's actors are read once from its item.
  const tip = new maplibregl.Popup({ closeButton: false, closeOnClick: false, className: "infobulle", maxWidth: "20em" });
  let tipFor = null;
  const hideTip = () => {
    tipFor = null;
    tip.remove();
  };
  map.on("mousemove", "flux", (e) => {
    const p = e.features[0]?.properties;
    if (!p) return;
    tipFor = `flux:${p.a}:${p.b}`;
    tip.setLngLat(e.lngLat).setHTML(linkTipHTML(p.a_name, p.b_name, `${p.count} partenariat${p.count > 1 ? "s" : ""}`)).addTo(map);
  });
  map.on("mousemove", "partenariats", (e) => {
    const f = e.features[0];
    if (!f) return;
    const key = `partenariat:${f.id}`;
    tip.setLngLat(e.lngLat);
    if (tipFor === key) return;
    tipFor = key;
    tip.setHTML(linkTipHTML("…", "…", "")).addTo(map);
    partnershipEnds(f.id).then((ends) => {
      if (tipFor === key) tip.setHTML(linkTipHTML(ends[0], ends[1], label(vocabulary, "domains", f.properties.domain), f.id));
    }, () => {});
  });
  map.on("mouseleave", "flux", hideTip);
  map.on("mouseleave", "partenariats", hideTip);

  // Clicks: the topmost thing under the pointer answers.
  map.on("click", (e) => {
    cancelPopupRequests();
    const pick = (layers) => map.queryRenderedFeatures(e.point, { layers: layers.filter((l) => map.getLayer(l)) })[0];
    const group = pick(["acteurs-agregats"]);
    if (group) {
      popup.setLngLat(group.geometry.coordinates).setHTML(actorGroupHTML(group.properties, vocabulary)).addTo(map);
      return;
    }
    const actor = pick(["acteurs"]);
    if (actor) {
      popup.setLngLat(actor.geometry.coordinates).addTo(map);
      actorPopup(popup, actor, vocabulary, onError, year());
      return;
    }
    const allianceGroup = pick(["alliances-agregats"]);
    if (allianceGroup) {
      popup.setLngLat(allianceGroup.geometry.coordinates).setHTML(allianceGroupHTML(allianceGroup.properties, vocabulary)).addTo(map);
      return;
    }
    const alliance = pick(["alliances"]);
    if (alliance) {
      popup.setLngLat(alliance.geometry.coordinates).addTo(map);
      alliancePopup(popup, alliance, vocabulary, onError);
      return;
    }
    const territory = pick(choropleth.layerIds());
    if (territory) {
      const level = choropleth.levelOf(territory.layer.id);
      const levelLabel = label(vocabulary, "levels", level);
      const props = { ...territory.properties, ...territory.state };
      popup.setLngLat(e.lngLat).setHTML(territoryHTML(props, choropleth.legend, levelLabel)).addTo(map);
      onTerritory({ level, code: territory.properties.code });
      return;
    }
    popup.remove(); // a click on the sea
  });
}
