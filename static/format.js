// French number formatting, shared by the legend, the popups and the panel.

const formats = new Map();

// number formats v with at most digits decimals, French style (« 12 345,6 »);
// a missing value is « — ».
export function number(v, digits = 1) {
  if (v === null || v === undefined || Number.isNaN(v)) return "—";
  let f = formats.get(digits);
  if (!f) {
    f = new Intl.NumberFormat("fr-FR", { maximumFractionDigits: digits });
    formats.set(digits, f);
  }
  return f.format(v);
}

// percent formats a share in 0..1 or a value already in %.
export function percent(v, digits = 1, isShare = false) {
  if (v === null || v === undefined || Number.isNaN(v)) return "—";
  return number(isShare ? v * 100 : v, digits) + "\u00a0%";
}

// withUnit appends an indicator's unit (« % » without a space before it is
// wrong in French: a no-break space goes before every unit).
export function withUnit(v, unit, digits = 1) {
  if (v === null || v === undefined || Number.isNaN(v)) return "—";
  return number(v, digits) + (unit ? "\u00a0" + unit : "");
}

// escapeHTML makes text safe inside HTML built as a string.
export function escapeHTML(s) {
  return String(s ?? "").replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c]);
}

// term finds a code's entry in one list of /api/vocabulary; label gives
// its French label (or field), the code itself when the list lacks it.
export function term(vocabulary, list, code) {
  return vocabulary[list].find((t) => t.code === code);
}

export function label(vocabulary, list, code, field = "label") {
  return term(vocabulary, list, code)?.[field] ?? code;
}
