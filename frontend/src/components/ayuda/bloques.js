// The guide's Markdown split into blocks (Markdown.jsx renders them).

/** Blocks of the text: {tipo: 'h1'|'h2'|'h3'|'p'|'ul'|'ol'|'img', texto | items | alt, src}. */
export function bloques(texto) {
  const salida = [];
  let actual = null;
  const cerrar = () => {
    if (actual) salida.push(actual);
    actual = null;
  };
  for (const linea of texto.split(/\r?\n/)) {
    const l = linea.trim();
    let m;
    if (!l) {
      cerrar();
    } else if ((m = /^(#{1,3})\s+(.*)$/.exec(l))) {
      cerrar();
      salida.push({ tipo: `h${m[1].length}`, texto: m[2] });
    } else if ((m = /^!\[([^\]]*)\]\(([^)\s]+)\)$/.exec(l))) {
      cerrar();
      salida.push({ tipo: 'img', alt: m[1], src: m[2] });
    } else if ((m = /^(?:[-*]|(\d+)\.)\s+(.*)$/.exec(l))) {
      const tipo = m[1] ? 'ol' : 'ul';
      if (!actual || actual.tipo !== tipo) {
        cerrar();
        actual = { tipo, items: [] };
      }
      actual.items.push(m[2]);
    } else if (actual && (actual.tipo === 'ul' || actual.tipo === 'ol') && /^\s{2,}/.test(linea)) {
      actual.items[actual.items.length - 1] += ` ${l}`; // a list item continued on the next line
    } else if (actual && actual.tipo === 'p') {
      actual.texto += ` ${l}`;
    } else {
      cerrar();
      actual = { tipo: 'p', texto: l };
    }
  }
  cerrar();
  return salida;
}
