// The focused element's ring against what is behind it: the contrast of its outline (or its halo,
// a box-shadow) with the nearest painted background (a gradient counts by its first colour).
// WCAG 1.4.11 asks 3:1. Returns the better of the two ratios.
(el) => {
  const rgb = (s) => (s.match(/\d+(\.\d+)?/g) || []).slice(0, 4).map(Number);
  const channel = (v) => { v /= 255; return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4; };
  const lum = ([r, g, b]) => 0.2126 * channel(r) + 0.7152 * channel(g) + 0.0722 * channel(b);
  const ratio = (a, b) => {
    const [x, y] = [lum(a), lum(b)].sort((p, q) => q - p);
    return (x + 0.05) / (y + 0.05);
  };
  let node = el.parentElement, bg = null;
  while (node && !bg) {
    const st = getComputedStyle(node);
    const c = rgb(st.backgroundColor);
    if (c.length === 4 ? c[3] > 0 : c.length === 3) bg = c.slice(0, 3);
    else if (st.backgroundImage.includes('gradient')) bg = rgb(st.backgroundImage.slice(st.backgroundImage.indexOf('rgb')));
    node = node.parentElement;
  }
  bg = bg || [255, 255, 255];
  const st = getComputedStyle(el);
  const ring = st.outlineStyle !== 'none' && parseFloat(st.outlineWidth) >= 2 ? ratio(rgb(st.outlineColor), bg) : 0;
  const halo = st.boxShadow && st.boxShadow !== 'none' ? ratio(rgb(st.boxShadow), bg) : 0;
  return Math.max(ring, halo);
}
