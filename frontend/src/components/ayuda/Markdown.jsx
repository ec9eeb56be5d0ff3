import { Fragment } from 'react';
import { Link as RouterLink } from 'react-router-dom';
import { Box, Link, Typography } from '@mui/material';
import { destinoEnlace, urlImagen } from './manual';
import { bloques } from './bloques';

// The small Markdown the guide uses, rendered as React elements (never as HTML): headings (#, ##, ###),
// paragraphs, lists (- and 1.), an image alone on its line, and inline **bold**, `code` and [links](x.md).
const INLINE = /(\*\*[^*]+\*\*|`[^`]+`|\[[^\]]+\]\([^)\s]+\))/g;

function enLinea(texto) {
  return texto.split(INLINE).map((parte, i) => {
    if (!parte) return null;
    if (parte.startsWith('**') && parte.endsWith('**')) return <strong key={i}>{parte.slice(2, -2)}</strong>;
    if (parte.startsWith('`') && parte.endsWith('`')) return <code key={i}>{parte.slice(1, -1)}</code>;
    const enlace = /^\[([^\]]+)\]\(([^)\s]+)\)$/.exec(parte);
    if (enlace) {
      const destino = destinoEnlace(enlace[2]);
      return destino.externo ? (
        <Link key={i} href={destino.href} target="_blank" rel="noopener noreferrer">
          {enlace[1]}
        </Link>
      ) : (
        <Link key={i} component={RouterLink} to={destino.to}>
          {enlace[1]}
        </Link>
      );
    }
    return <Fragment key={i}>{parte}</Fragment>;
  });
}

const VARIANTES = { h1: 'h4', h2: 'h6', h3: 'subtitle1' };

export default function Markdown({ texto }) {
  return (
    <Box sx={{ '& code': { bgcolor: 'action.hover', px: 0.5, borderRadius: 0.5 } }}>
      {bloques(texto).map((b, i) => {
        if (b.tipo in VARIANTES) {
          return (
            <Typography key={i} variant={VARIANTES[b.tipo]} component={b.tipo} sx={{ mt: b.tipo === 'h1' ? 0 : 3, mb: 1 }}>
              {enLinea(b.texto)}
            </Typography>
          );
        }
        if (b.tipo === 'img') {
          const src = urlImagen(b.src);
          return src ? (
            <Box key={i} component="figure" sx={{ m: 0, my: 2 }}>
              <Box
                component="img"
                src={src}
                alt={b.alt}
                loading="lazy"
                sx={{ maxWidth: '100%', height: 'auto', border: 1, borderColor: 'divider', borderRadius: 1 }}
              />
              <Typography component="figcaption" variant="caption" color="text.secondary" display="block">
                {b.alt}
              </Typography>
            </Box>
          ) : null;
        }
        if (b.tipo === 'ul' || b.tipo === 'ol') {
          return (
            <Box key={i} component={b.tipo} sx={{ pl: 3, my: 1 }}>
              {b.items.map((item, j) => (
                <Typography key={j} component="li" variant="body1" sx={{ mb: 0.5 }}>
                  {enLinea(item)}
                </Typography>
              ))}
            </Box>
          );
        }
        return (
          <Typography key={i} sx={{ mb: 2 }}>
            {enLinea(b.texto)}
          </Typography>
        );
      })}
    </Box>
  );
}
