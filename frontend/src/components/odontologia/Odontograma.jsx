// The odontogram: every tooth of a dentition as the usual five-part diagram, surfaces filled with the colour of
// their condition, whole-tooth conditions drawn over the tooth, the tooth number outside the arch. Each tooth is
// one keyboard stop (roving tabindex): arrows move between teeth, Enter or Space selects the whole tooth, the
// letters M D O I V L P toggle its surfaces. The selection is controlled (`seleccion` + `onSeleccionar`) or,
// without `seleccion`, kept inside.
import { useId, useMemo, useRef, useState } from 'react';
import { Box } from '@mui/material';
import { useTheme } from '@mui/material/styles';
import MarcaCondicion from './MarcaCondicion';
import { COLOR_DESCONOCIDO, LADO, PARTES, zonaRaiz } from './geometria';
import {
  NOMBRES_SUPERFICIE,
  descripcionPieza,
  disposicionSuperficies,
  esSuperior,
  filasDe,
  nombresSuperficies,
  resumenPieza,
  superficiesDe,
} from './fdi';

const ANCHO_CELDA = 52; // a tooth and the gap to the next
const LINEA_MEDIA = 16; // extra gap between the patient's right and left
const MARGEN = 8;
const ALTO_FILA = 80;
const ENTRE_ARCADAS = 12;
const MAX_POR_FILA = 16;
const ANCHO = 2 * MARGEN + MAX_POR_FILA * ANCHO_CELDA + LINEA_MEDIA;
const PARTES_ORDEN = ['arriba', 'abajo', 'izquierda', 'derecha', 'centro'];
const LETRAS = new Set(Object.keys(NOMBRES_SUPERFICIE));

/** Where each tooth goes: rows of {pieza, x, y, superior} (x, y: the square's top-left) and the drawing's height. */
function disponer(denticion) {
  const filas = filasDe(denticion);
  let y = 4;
  let arcadaAnterior = null;
  const resultado = filas.map((fila) => {
    const superior = esSuperior(fila[0]);
    if (arcadaAnterior !== null && arcadaAnterior !== superior) y += ENTRE_ARCADAS;
    arcadaAnterior = superior;
    const desplazamiento = ((MAX_POR_FILA - fila.length) / 2) * ANCHO_CELDA;
    const mitad = fila.length / 2;
    const piezas = fila.map((pieza, i) => ({
      pieza,
      superior,
      x: MARGEN + desplazamiento + i * ANCHO_CELDA + (i >= mitad ? LINEA_MEDIA : 0) + (ANCHO_CELDA - LADO) / 2,
      y: y + (superior ? 32 : 6),
    }));
    y += ALTO_FILA;
    return piezas;
  });
  return { filas: resultado, alto: y + 4 };
}

/** "Pieza 36, primer molar inferior izquierdo: Endodoncia; oclusal: Caries. Seleccionada: oclusal" */
function descripcionAccesible(pieza, estado, nombreDe, superficiesElegidas) {
  let texto = `Pieza ${pieza}, ${descripcionPieza(pieza)}: ${resumenPieza(pieza, estado, nombreDe)}`;
  if (superficiesElegidas) {
    texto += superficiesElegidas.length
      ? `. Seleccionada: ${nombresSuperficies(superficiesElegidas)}`
      : '. Seleccionada la pieza completa';
  }
  return texto;
}

function Pieza({ pieza, x, y, superior, estado, catalogo, elegidas, interactiva, tabbable, registrar, onSuperficie, onPieza, onKeyDown, onFocus, colorSeleccion }) {
  const disposicion = disposicionSuperficies(pieza);
  const nombreDe = (codigo) => catalogo.get(codigo)?.nombre ?? codigo;
  const colorDe = (codigo) => catalogo.get(codigo)?.color ?? COLOR_DESCONOCIDO;
  const condiciones = estado?.condiciones ?? [];
  const ausente = condiciones.includes('ausente');
  const [r0, r1] = zonaRaiz(superior);
  const yNumero = superior ? -18 : LADO + 28;
  const accesible = {
    role: interactiva ? 'button' : 'img',
    'aria-label': descripcionAccesible(pieza, estado, nombreDe, elegidas),
    ...(interactiva ? { tabIndex: tabbable ? 0 : -1, 'aria-pressed': Boolean(elegidas), onKeyDown, onFocus } : {}),
  };
  return (
    <g
      ref={registrar}
      transform={`translate(${x} ${y})`}
      data-testid="pieza"
      data-pieza={pieza}
      data-seleccionada={elegidas ? 'true' : undefined}
      className="pieza"
      {...accesible}
    >
      <rect
        className="anillo-foco"
        x={-6}
        y={superior ? -34 : -6}
        width={LADO + 12}
        height={LADO + 40}
        rx={6}
        fill="none"
        stroke="#000"
        strokeWidth={2}
        strokeDasharray="4 3"
      />
      {/* The number and the root zone select the whole tooth. */}
      <g onClick={interactiva ? onPieza : undefined} style={interactiva ? { cursor: 'pointer' } : undefined} data-testid={`numero-${pieza}`}>
        <rect x={-4} y={superior ? -30 : LADO} width={LADO + 8} height={30} fill="transparent" />
        <text x={LADO / 2} y={yNumero} textAnchor="middle" fontSize={13} fontWeight={elegidas ? 700 : 400} fill="currentColor">
          {pieza}
        </text>
      </g>
      <g opacity={ausente ? 0.35 : 1}>
        {PARTES_ORDEN.map((parte) => {
          const s = disposicion[parte];
          const codigo = estado?.superficies?.[s];
          return (
            <polygon
              key={parte}
              points={PARTES[parte]}
              fill={codigo ? colorDe(codigo) : '#fff'}
              stroke="#555"
              strokeWidth={1}
              data-testid={`superficie-${pieza}-${s}`}
              data-superficie={s}
              data-condicion={codigo || undefined}
              onClick={interactiva ? () => onSuperficie(s) : undefined}
              style={interactiva ? { cursor: 'pointer' } : undefined}
            >
              <title>{`${NOMBRES_SUPERFICIE[s]}${codigo ? `: ${nombreDe(codigo)}` : ''}`}</title>
            </polygon>
          );
        })}
      </g>
      {elegidas?.map((s) => {
        const parte = PARTES_ORDEN.find((p) => disposicion[p] === s);
        return (
          <polygon
            key={`sel-${s}`}
            points={PARTES[parte]}
            fill={colorSeleccion}
            fillOpacity={0.35}
            stroke={colorSeleccion}
            strokeWidth={2.5}
            pointerEvents="none"
            className="marca-seleccion"
            data-testid={`seleccion-${pieza}-${s}`}
          />
        );
      })}
      {condiciones.map((codigo) => (
        <MarcaCondicion key={codigo} codigo={codigo} color={colorDe(codigo)} superior={superior} />
      ))}
      {elegidas && (
        <rect
          x={-3}
          y={superior ? r0 - 3 : -3}
          width={LADO + 6}
          height={LADO + 6 + (r1 - r0) + 2}
          rx={4}
          fill="none"
          stroke={colorSeleccion}
          strokeWidth={2.5}
          pointerEvents="none"
          className="marca-seleccion"
          data-testid={`seleccion-${pieza}`}
        />
      )}
    </g>
  );
}

/**
 * Props: denticion (permanente | temporal | mixta), piezas (the API's map, may be {}), condiciones (the catalogue),
 * seleccion ({pieza, superficies} or null; controlled when given), onSeleccionar(seleccion | null), soloLectura,
 * titulo (the accessible name of the chart).
 */
export default function Odontograma({
  denticion = 'permanente',
  piezas = {},
  condiciones = [],
  seleccion,
  onSeleccionar,
  soloLectura = false,
  titulo = 'Odontograma',
}) {
  const theme = useTheme();
  const ayudaId = useId();
  const [interna, setInterna] = useState(null);
  const controlada = seleccion !== undefined;
  const actual = controlada ? seleccion : interna;
  const [foco, setFoco] = useState(null);
  const refs = useRef(new Map());
  const { filas, alto } = useMemo(() => disponer(denticion), [denticion]);
  const catalogo = useMemo(() => new Map((condiciones ?? []).map((c) => [c.codigo, c])), [condiciones]);
  const orden = useMemo(() => filas.flat(), [filas]);
  const interactiva = !soloLectura;

  const elegir = (nueva) => {
    if (!controlada) setInterna(nueva);
    onSeleccionar?.(nueva);
  };
  const elegirPieza = (pieza) => {
    const yaCompleta = actual?.pieza === pieza && !(actual.superficies ?? []).length;
    elegir(yaCompleta ? null : { pieza, superficies: [] });
  };
  const alternarSuperficie = (pieza, s) => {
    if (!superficiesDe(pieza).includes(s)) return;
    const antes = actual?.pieza === pieza ? (actual.superficies ?? []) : [];
    const despues = antes.includes(s) ? antes.filter((x) => x !== s) : [...antes, s];
    elegir({ pieza, superficies: superficiesDe(pieza).filter((x) => despues.includes(x)) });
  };

  const mover = (pieza) => {
    setFoco(pieza);
    refs.current.get(pieza)?.focus();
  };
  const vecina = (pieza, tecla) => {
    const f = filas.findIndex((fila) => fila.some((p) => p.pieza === pieza));
    const i = filas[f].findIndex((p) => p.pieza === pieza);
    if (tecla === 'ArrowLeft') return filas[f][i - 1]?.pieza;
    if (tecla === 'ArrowRight') return filas[f][i + 1]?.pieza;
    if (tecla === 'Home') return filas[f][0].pieza;
    if (tecla === 'End') return filas[f][filas[f].length - 1].pieza;
    const otra = filas[f + (tecla === 'ArrowUp' ? -1 : 1)];
    if (!otra) return undefined;
    const x = filas[f][i].x;
    return otra.reduce((mejor, p) => (Math.abs(p.x - x) < Math.abs(mejor.x - x) ? p : mejor)).pieza;
  };
  const teclado = (pieza) => (e) => {
    if (['ArrowLeft', 'ArrowRight', 'ArrowUp', 'ArrowDown', 'Home', 'End'].includes(e.key)) {
      e.preventDefault();
      const destino = vecina(pieza, e.key);
      if (destino !== undefined) mover(destino);
    } else if (e.key === 'Enter' || e.key === ' ') {
      e.preventDefault();
      elegirPieza(pieza);
    } else if (e.key.length === 1 && !e.ctrlKey && !e.metaKey && !e.altKey && LETRAS.has(e.key.toUpperCase())) {
      e.preventDefault();
      alternarSuperficie(pieza, e.key.toUpperCase());
    }
  };

  // One tooth is the tab stop: the one last focused, else the selected one, else the first.
  const enElChart = (p) => orden.some((o) => o.pieza === p);
  const tabStop = enElChart(foco) ? foco : enElChart(actual?.pieza) ? actual.pieza : orden[0]?.pieza;
  const mitadX = MARGEN + (MAX_POR_FILA / 2) * ANCHO_CELDA + LINEA_MEDIA / 2;

  return (
    <Box
      sx={{
        width: '100%',
        // On a phone the chart keeps a size a finger can hit and scrolls sideways.
        overflowX: 'auto',
        color: 'text.primary',
        '& .pieza': { outline: 'none' },
        '& .anillo-foco': { visibility: 'hidden' },
        '& .pieza:focus-visible .anillo-foco': { visibility: 'visible' },
      }}
    >
      <svg
        viewBox={`0 0 ${ANCHO} ${alto}`}
        width="100%"
        role="group"
        aria-label={titulo}
        aria-describedby={interactiva ? ayudaId : undefined}
        data-testid="odontograma"
        data-denticion={denticion}
        style={{ display: 'block', minWidth: 600, maxWidth: 1000, margin: '0 auto', fontFamily: theme.typography.fontFamily }}
      >
        <line x1={mitadX} y1={0} x2={mitadX} y2={alto} stroke="#bbb" strokeDasharray="3 3" />
        {filas.map((fila) =>
          fila.map(({ pieza, x, y, superior }) => {
            const elegidas = actual?.pieza === pieza ? (actual.superficies ?? []) : null;
            return (
              <Pieza
                key={pieza}
                pieza={pieza}
                x={x}
                y={y}
                superior={superior}
                estado={piezas?.[String(pieza)]}
                catalogo={catalogo}
                elegidas={elegidas}
                interactiva={interactiva}
                tabbable={pieza === tabStop}
                registrar={(el) => (el ? refs.current.set(pieza, el) : refs.current.delete(pieza))}
                onSuperficie={(s) => alternarSuperficie(pieza, s)}
                onPieza={() => elegirPieza(pieza)}
                onKeyDown={teclado(pieza)}
                onFocus={() => setFoco(pieza)}
                colorSeleccion={theme.palette.primary.main}
              />
            );
          }),
        )}
      </svg>
      {interactiva && (
        <Box id={ayudaId} sx={visualmenteOculto}>
          Use las flechas para moverse entre las piezas, Intro o Espacio para seleccionar la pieza completa y las letras
          M, D, O, I, V, L o P para marcar sus superficies.
        </Box>
      )}
    </Box>
  );
}

const visualmenteOculto = {
  position: 'absolute',
  width: 1,
  height: 1,
  overflow: 'hidden',
  clip: 'rect(0 0 0 0)',
  whiteSpace: 'nowrap',
};
