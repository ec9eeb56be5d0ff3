import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { Box, Button, Typography } from '@mui/material';
import CitaCard from '../citas/CitaCard';
import {
  MINUTOS_FRANJA,
  PX_POR_MINUTO,
  aplicarCambio,
  columnasDeSolape,
  destinoMover,
  destinoRedimensionar,
  esArrastrable,
  franjas,
  posicionAhora,
  posicionBloque,
} from './calendarioModel';
import { minutesToTime, timeToMinutes } from '../../utils/dates';
import { esActiva } from '../../utils/estados';

const ANCHO_HORAS = 56;

const seSolapan = (a, b) =>
  timeToMinutes(a.hora_inicio) < timeToMinutes(b.hora_fin) && timeToMinutes(b.hora_inicio) < timeToMinutes(a.hora_fin);
const UMBRAL_ARRASTRE = 4; // px the pointer must travel before a press becomes a drag (a click stays a click)

/**
 * The agenda's time grid: a gutter of hours and one column per (doctor, date) with the schedule blocks shaded, the
 * free slots as buttons, the appointments as blocks placed by time and sized by duration (overlapping ones side by
 * side) and the current-time line. Nueva/Confirmada blocks can be dragged to another time or column, or stretched
 * by their bottom edge; a drop calls `onMover(cita, {fecha, medico_id, hora_inicio, hora_fin})` and the parent saves
 * it. Pointer events work for mouse, pen and touch; Escape cancels a drag; the keyboard way is the "Mover…" dialog.
 *
 * The grid scrolls inside its own box (both ways), never the page.
 */
export default function CalendarioGrid({
  columnas,
  rango,
  ahora,
  puedeAgendar,
  arrastrable = true,
  moviendo = false,
  citaSeleccionadaId,
  guardando,
  compacto = false,
  mostrarSucursal,
  onSlotClick,
  onCitaClick,
  onMover,
}) {
  const px = PX_POR_MINUTO;
  const alto = (rango.fin - rango.inicio) * px;
  const filas = useMemo(() => franjas(rango), [rango]);
  const refsColumnas = useRef(new Map());
  const arrastreRef = useRef(null);
  const ignorarClick = useRef(false);
  const [arrastre, setArrastre] = useState(null);

  const grupos = useMemo(() => {
    const out = [];
    for (const col of columnas) {
      if (!col.grupo) continue;
      const ultimo = out[out.length - 1];
      if (ultimo && ultimo.label === col.grupo) ultimo.span += 1;
      else out.push({ label: col.grupo, span: 1, fecha: col.fecha });
    }
    return out;
  }, [columnas]);

  const columnaEn = useCallback(
    (clientX) => {
      for (const col of columnas) {
        const el = refsColumnas.current.get(col.key);
        const r = el?.getBoundingClientRect();
        if (r && clientX >= r.left && clientX < r.right) return { col, rect: r };
      }
      return null;
    },
    [columnas],
  );

  const terminar = useCallback(() => {
    arrastreRef.current = null;
    setArrastre(null);
  }, []);

  // Window listeners while a press on a block lasts: the pointer may leave the block and the column.
  useEffect(() => {
    if (!arrastre) return undefined;
    const mover = (e) => {
      const a = arrastreRef.current;
      if (!a) return;
      if (!a.activo && Math.hypot(e.clientX - a.x0, e.clientY - a.y0) < UMBRAL_ARRASTRE) return;
      let destino;
      if (a.modo === 'fin') {
        const r = refsColumnas.current.get(a.colKey)?.getBoundingClientRect();
        if (!r) return;
        destino = destinoRedimensionar(a.cita, e.clientY - r.top, rango, px);
      } else {
        const sobre = columnaEn(e.clientX) || { col: a.colOrigen, rect: refsColumnas.current.get(a.colKey)?.getBoundingClientRect() };
        if (!sobre.rect) return;
        destino = destinoMover(a.cita, sobre.col, e.clientY - sobre.rect.top, a.agarre, rango, px);
      }
      arrastreRef.current = { ...a, activo: true, destino };
      setArrastre(arrastreRef.current);
    };
    const soltar = () => {
      const a = arrastreRef.current;
      terminar();
      if (a?.activo) {
        ignorarClick.current = true;
        setTimeout(() => {
          ignorarClick.current = false;
        }, 0);
        if (a.destino) onMover?.(a.cita, a.destino);
      }
    };
    const tecla = (e) => {
      if (e.key === 'Escape') terminar();
    };
    window.addEventListener('pointermove', mover);
    window.addEventListener('pointerup', soltar);
    window.addEventListener('pointercancel', terminar);
    window.addEventListener('keydown', tecla);
    return () => {
      window.removeEventListener('pointermove', mover);
      window.removeEventListener('pointerup', soltar);
      window.removeEventListener('pointercancel', terminar);
      window.removeEventListener('keydown', tecla);
    };
    // Listeners follow the presence of a press, not each move.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [Boolean(arrastre), columnaEn, rango, px, onMover, terminar]);

  const empezar = (e, cita, col, modo) => {
    if (e.button !== 0 || !arrastrable || !puedeAgendar || moviendo || !esArrastrable(cita) || guardando?.has(cita.id)) return;
    if (modo === 'fin') e.stopPropagation();
    const r = refsColumnas.current.get(col.key)?.getBoundingClientRect();
    const { top } = posicionBloque(cita.hora_inicio, cita.hora_fin, rango, px);
    arrastreRef.current = {
      cita,
      modo,
      colKey: col.key,
      colOrigen: col,
      x0: e.clientX,
      y0: e.clientY,
      agarre: r ? e.clientY - r.top - top : 0,
      activo: false,
      destino: null,
    };
    setArrastre(arrastreRef.current);
  };

  // While dragging, the block is shown where it would land (and not where it was).
  const citasPorColumna = useMemo(() => {
    const out = Object.fromEntries(columnas.map((c) => [c.key, c.citas]));
    if (!arrastre?.activo || !arrastre.destino) return out;
    const { cita, destino } = arrastre;
    for (const k of Object.keys(out)) out[k] = out[k].filter((c) => c.id !== cita.id);
    const destinoCol = columnas.find((c) => c.fecha === destino.fecha && String(c.medicoId) === String(destino.medico_id));
    if (destinoCol) out[destinoCol.key] = [...out[destinoCol.key], { ...aplicarCambio(cita, destino), fantasma: true }];
    return out;
  }, [columnas, arrastre]);

  const anchoMin = compacto ? 64 : 150;
  const arrastrando = Boolean(arrastre?.activo);
  // From the press on, free slots and the other blocks let the pointer through to the columns (where it lands).
  const presionada = arrastre?.cita.id;

  return (
    <Box
      data-testid="agenda-grid"
      role="region"
      aria-label="Agenda"
      sx={{
        overflow: 'auto',
        maxHeight: { xs: 'calc(100vh - 200px)', md: 'calc(100vh - 240px)' },
        minHeight: 240,
        border: 1,
        borderColor: 'divider',
        borderRadius: 1,
        bgcolor: '#fafafa',
        userSelect: arrastrando ? 'none' : undefined,
      }}
    >
      <Box sx={{ minWidth: ANCHO_HORAS + columnas.length * anchoMin, position: 'relative' }}>
        {/* Header: day groups (week by branch), then one cell per column. */}
        <Box sx={{ position: 'sticky', top: 0, zIndex: 5, bgcolor: 'background.paper', borderBottom: 1, borderColor: 'divider' }}>
          {grupos.length > 0 && (
            <Box display="flex">
              <Box sx={{ width: ANCHO_HORAS, flexShrink: 0, position: 'sticky', left: 0, bgcolor: 'background.paper', zIndex: 1 }} />
              {grupos.map((g) => (
                <Box
                  key={g.fecha}
                  data-testid="agenda-dia"
                  data-fecha={g.fecha}
                  sx={{ flex: `${g.span} 0 ${g.span * anchoMin}px`, px: 0.5, borderLeft: 2, borderColor: 'divider', fontWeight: 500 }}
                >
                  <Typography variant="subtitle2" noWrap>
                    {g.label}
                  </Typography>
                </Box>
              ))}
            </Box>
          )}
          <Box display="flex">
            <Box sx={{ width: ANCHO_HORAS, flexShrink: 0, px: 0.5, position: 'sticky', left: 0, bgcolor: 'background.paper', zIndex: 1 }}>
              <Typography variant="caption" color="text.secondary">
                Hora
              </Typography>
            </Box>
            {columnas.map((col) => (
              <Box
                key={col.key}
                data-testid="agenda-column"
                data-medico-id={col.medicoId}
                data-fecha={col.fecha}
                sx={{ flex: `1 0 ${anchoMin}px`, minWidth: anchoMin, px: 0.5, py: 0.25, borderLeft: 1, borderColor: 'divider', overflow: 'hidden' }}
              >
                <Typography variant="subtitle2" component="div" noWrap title={col.label}>
                  {col.label}
                </Typography>
                {col.sublabel && (
                  <Typography variant="caption" color="text.secondary" component="div" noWrap>
                    {col.sublabel}
                  </Typography>
                )}
              </Box>
            ))}
          </Box>
        </Box>

        {/* Body */}
        <Box display="flex">
          <Box
            aria-hidden
            sx={{ width: ANCHO_HORAS, flexShrink: 0, position: 'sticky', left: 0, zIndex: 4, bgcolor: 'background.paper', height: alto }}
          >
            {filas
              .filter((h) => timeToMinutes(h) % 60 === 0)
              .map((h) => (
                <Typography
                  key={h}
                  variant="caption"
                  color="text.secondary"
                  sx={{ position: 'absolute', top: (timeToMinutes(h) - rango.inicio) * px, right: 6, transform: 'translateY(-2px)' }}
                >
                  {h}
                </Typography>
              ))}
          </Box>
          {columnas.map((col) => {
            const citas = citasPorColumna[col.key];
            const solape = columnasDeSolape(citas);
            const lineaAhora = posicionAhora(ahora, col.fecha, rango, px);
            // A cancelled or no-show appointment leaves its slot free: the two share the width (slot left, block right).
            const compartidas = new Set();
            const slotsCompartidos = new Set();
            for (const s of col.libres) {
              for (const c of citas) {
                if (!esActiva(c) && seSolapan(c, s)) {
                  compartidas.add(c.id);
                  slotsCompartidos.add(s.hora_inicio);
                }
              }
            }
            return (
              <Box
                key={col.key}
                ref={(el) => (el ? refsColumnas.current.set(col.key, el) : refsColumnas.current.delete(col.key))}
                data-testid={`columna-medico-${col.medicoId}`}
                data-medico-id={col.medicoId}
                data-fecha={col.fecha}
                aria-label={col.ariaLabel}
                role="group"
                sx={{ flex: `1 0 ${anchoMin}px`, minWidth: anchoMin, position: 'relative', height: alto, borderLeft: 1, borderColor: 'divider', bgcolor: '#f0f0f0' }}
              >
                {col.bloques.map((b) => (
                  <Box
                    key={`${b.sucursal_id}-${b.inicio}`}
                    data-testid="horario-bloque"
                    data-inicio={minutesToTime(b.inicio)}
                    data-fin={minutesToTime(b.fin)}
                    data-sucursal-id={b.sucursal_id}
                    sx={{ position: 'absolute', left: 0, right: 0, top: (b.inicio - rango.inicio) * px, height: (b.fin - b.inicio) * px, bgcolor: '#ffffff' }}
                  >
                    {b.sucursalNombre && (
                      <Typography variant="caption" color="text.secondary" sx={{ position: 'absolute', right: 4, top: 0, fontSize: '0.65rem' }} noWrap>
                        {b.sucursalNombre}
                      </Typography>
                    )}
                  </Box>
                ))}
                {filas.map((h) => {
                  const m = timeToMinutes(h);
                  return (
                    <Box
                      key={h}
                      aria-hidden
                      data-testid={`franja-${h}`}
                      data-hora={h}
                      sx={{
                        position: 'absolute',
                        left: 0,
                        right: 0,
                        top: (m - rango.inicio) * px,
                        height: MINUTOS_FRANJA * px,
                        borderTop: m % 60 === 0 ? '1px solid #d6d6d6' : m % 30 === 0 ? '1px dashed #e3e3e3' : 'none',
                      }}
                    />
                  );
                })}
                {puedeAgendar &&
                  col.libres.map((s) => {
                    const { top, height } = posicionBloque(s.hora_inicio, s.hora_fin, rango, px);
                    return (
                      <Button
                        key={`${s.sucursal_id}-${s.hora_inicio}`}
                        size="small"
                        variant={moviendo ? 'contained' : 'text'}
                        color={moviendo ? 'secondary' : 'primary'}
                        data-testid="agenda-slot"
                        data-medico-id={col.medicoId}
                        data-fecha={col.fecha}
                        data-hora={s.hora_inicio}
                        data-hora-fin={s.hora_fin}
                        data-sucursal-id={s.sucursal_id}
                        aria-label={`${moviendo ? 'Mover a' : 'Libre'} ${s.hora_inicio} ${col.ariaLabel}`}
                        onClick={() => onSlotClick?.({ ...s, medicoId: col.medicoId, fecha: col.fecha })}
                        sx={{
                          position: 'absolute',
                          left: 2,
                          right: slotsCompartidos.has(s.hora_inicio) ? '50%' : 2,
                          top: top + 1,
                          height: height - 2,
                          minHeight: 0,
                          p: 0,
                          px: 0.5,
                          justifyContent: 'flex-start',
                          alignItems: 'flex-start',
                          textTransform: 'none',
                          fontSize: '0.72rem',
                          lineHeight: 1.4,
                          color: moviendo ? undefined : 'success.dark',
                          opacity: moviendo ? 1 : 0.8,
                          pointerEvents: presionada != null ? 'none' : undefined,
                          '&:hover': { opacity: 1 },
                        }}
                      >
                        {moviendo ? `Mover a ${s.hora_inicio}` : compacto ? s.hora_inicio : `Libre ${s.hora_inicio}`}
                      </Button>
                    );
                  })}
                {!puedeAgendar &&
                  col.libres.map((s) => (
                    <Box
                      key={`${s.sucursal_id}-${s.hora_inicio}`}
                      data-testid="agenda-slot-libre"
                      sx={{ position: 'absolute', left: 4, top: posicionBloque(s.hora_inicio, s.hora_fin, rango, px).top }}
                    >
                      <Typography variant="caption" color="success.main">
                        Libre
                      </Typography>
                    </Box>
                  ))}
                {citas.map((cita) => {
                  const { top, height } = posicionBloque(cita.hora_inicio, cita.hora_fin, rango, px);
                  const { columna, columnas: n } = solape[cita.id] || { columna: 0, columnas: 1 };
                  const mitad = compartidas.has(cita.id);
                  const puedeArrastrar = arrastrable && puedeAgendar && !moviendo && esArrastrable(cita) && !cita.fantasma;
                  const enGuardado = guardando?.has(cita.id);
                  return (
                    <Box
                      key={cita.fantasma ? `f-${cita.id}` : cita.id}
                      data-testid={cita.fantasma ? 'cita-fantasma' : `cita-${cita.id}`}
                      data-arrastrable={puedeArrastrar ? 'true' : 'false'}
                      data-guardando={enGuardado ? 'true' : undefined}
                      sx={{
                        position: 'absolute',
                        top,
                        height,
                        left: mitad ? `calc(50% + ${(columna / n) * 50}% + 2px)` : `calc(${(columna / n) * 100}% + 2px)`,
                        width: mitad ? `calc(${50 / n}% - 4px)` : `calc(${100 / n}% - 4px)`,
                        zIndex: cita.fantasma ? 3 : 2,
                        opacity: enGuardado ? 0.7 : 1,
                        boxShadow: cita.fantasma ? 6 : 1,
                        borderRadius: 1,
                        outline: cita.fantasma ? '2px dashed #ffb300' : 'none',
                        pointerEvents: cita.fantasma || (presionada != null && presionada !== cita.id) ? 'none' : undefined,
                      }}
                    >
                      <CitaCard
                        cita={cita}
                        lleno
                        seleccionada={cita.id === citaSeleccionadaId}
                        sucursal={mostrarSucursal ? cita.sucursal?.nombre : undefined}
                        onClick={(c) => {
                          if (ignorarClick.current) return;
                          onCitaClick?.(c);
                        }}
                        onPointerDown={(e) => empezar(e, cita, col, 'mover')}
                        aria-busy={enGuardado || undefined}
                        sx={{ cursor: puedeArrastrar ? 'grab' : 'pointer', touchAction: puedeArrastrar ? 'none' : undefined }}
                      />
                      {puedeArrastrar && (
                        <Box
                          data-testid={`cita-${cita.id}-fin`}
                          aria-hidden
                          title="Arrastre para cambiar la hora de fin"
                          onPointerDown={(e) => empezar(e, cita, col, 'fin')}
                          sx={{ position: 'absolute', left: 0, right: 0, bottom: 0, height: 6, cursor: 'ns-resize', touchAction: 'none' }}
                        />
                      )}
                    </Box>
                  );
                })}
                {lineaAhora != null && (
                  <Box
                    data-testid="linea-ahora"
                    data-top={lineaAhora}
                    aria-hidden
                    sx={{ position: 'absolute', left: 0, right: 0, top: lineaAhora, height: 0, borderTop: '2px solid #d32f2f', zIndex: 4, pointerEvents: 'none' }}
                  />
                )}
              </Box>
            );
          })}
        </Box>
      </Box>
    </Box>
  );
}
