import { Box, Typography } from '@mui/material';
import MarcaCondicion from './MarcaCondicion';
import { PARTES } from './geometria';

function Muestra({ condicion }) {
  const superficie = condicion.ambito === 'superficie';
  return (
    <svg viewBox="-8 -18 56 64" width={28} height={32} aria-hidden="true" focusable="false" style={{ flexShrink: 0 }}>
      {Object.entries(PARTES).map(([parte, puntos]) => (
        <polygon
          key={parte}
          points={puntos}
          fill={superficie && parte === 'centro' ? condicion.color : '#fff'}
          stroke="#555"
          strokeWidth={1.5}
        />
      ))}
      {!superficie && <MarcaCondicion codigo={condicion.codigo} color={condicion.color} superior />}
    </svg>
  );
}

/**
 * The legend of the chart: each condition of the catalogue with its colour and symbol (surface conditions fill a
 * surface, whole-tooth ones draw their mark). `soloCodigos` limits it to some codes (e.g. those in the chart).
 * `sano` is left out: it is what a surface without colour already says.
 */
export default function LeyendaCondiciones({ condiciones = [], soloCodigos, titulo = 'Leyenda' }) {
  const visibles = condiciones.filter((c) => c.codigo !== 'sano' && (!soloCodigos || soloCodigos.includes(c.codigo)));
  if (!visibles.length) return null;
  return (
    <Box component="section" aria-label={titulo} data-testid="leyenda-condiciones">
      <Typography variant="subtitle2" component="h3" gutterBottom>
        {titulo}
      </Typography>
      <Box
        component="ul"
        sx={{ listStyle: 'none', p: 0, m: 0, display: 'grid', gap: 0.5, gridTemplateColumns: 'repeat(auto-fill, minmax(190px, 1fr))' }}
      >
        {visibles.map((c) => (
          <Box component="li" key={c.codigo} display="flex" alignItems="center" gap={1} data-codigo={c.codigo} data-color={c.color}>
            <Muestra condicion={c} />
            <Typography variant="body2">
              {c.nombre}
              <Typography component="span" variant="caption" color="text.secondary">
                {c.ambito === 'superficie' ? ' · superficie' : ' · pieza'}
              </Typography>
            </Typography>
          </Box>
        ))}
      </Box>
    </Box>
  );
}
