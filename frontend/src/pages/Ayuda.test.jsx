import { describe, expect, it } from 'vitest';
import { screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { Route, Routes } from 'react-router-dom';
import AppLayout from '../components/layout/AppLayout';
import Ayuda from './Ayuda';
import { bloques } from '../components/ayuda/bloques';
import { destinoEnlace, paginaDeRol } from '../components/ayuda/manual';
import { renderWithProviders } from '../test/renderWithProviders';

function conAyuda(rol, route = '/') {
  renderWithProviders(
    <Routes>
      <Route element={<AppLayout />}>
        <Route index element={<p>contenido</p>} />
        <Route path="ayuda" element={<Ayuda />} />
        <Route path="ayuda/:pagina" element={<Ayuda />} />
      </Route>
    </Routes>,
    { usuario: { id: 1, nombre: 'Ana', apellido: 'Pérez', rol }, route },
  );
}

describe('Ayuda', () => {
  it.each([
    ['Recepcionista', 'recepcion', 'Guía de recepción'],
    ['Médico', 'medico', 'Guía del médico'],
    ['Facturación', 'facturacion', 'Guía de facturación'],
    ['Administrador', 'administracion', 'Guía de administración'],
  ])('the app bar’s Ayuda opens the %s’s page of the guide', async (rol, pagina, titulo) => {
    const user = userEvent.setup();
    conAyuda(rol);
    await user.click(screen.getByRole('link', { name: 'Ayuda' }));
    const heading = await screen.findByRole('heading', { level: 1 });
    expect(heading).toHaveTextContent(titulo);
    expect(screen.getByTestId('ayuda')).toHaveAttribute('data-pagina', pagina);
  });

  it('shows the screenshots and links to the other pages inside the app', async () => {
    const user = userEvent.setup();
    conAyuda('Recepcionista', '/ayuda/recepcion');
    const imagen = await screen.findByRole('img', { name: 'La agenda de un día: una columna por médico' });
    expect(imagen.getAttribute('src')).toMatch(/recepcion-agenda.*\.png$/);
    await user.click(screen.getByRole('link', { name: 'Todas las guías' }));
    expect(await screen.findByRole('heading', { level: 1 })).toHaveTextContent('Guía de uso de Clínica ERP');
    await user.click(screen.getByRole('link', { name: 'Médico' }));
    expect(await screen.findByRole('heading', { level: 1 })).toHaveTextContent('Guía del médico');
  });

  it('says so for a page that does not exist', async () => {
    conAyuda('Recepcionista', '/ayuda/otra');
    expect(await screen.findByText('Página no encontrada')).toBeInTheDocument();
  });

  it.each(['constructor', 'toString', 'hasOwnProperty', '__proto__'])('says so for /ayuda/%s (an inherited key, not a page)', async (pagina) => {
    conAyuda('Recepcionista', `/ayuda/${pagina}`);
    expect(await screen.findByText('Página no encontrada')).toBeInTheDocument();
    expect(screen.queryByTestId('ayuda')).not.toBeInTheDocument();
  });
});

describe('the guide’s Markdown', () => {
  it('reads headings, paragraphs over several lines, lists and images', () => {
    const texto = '# Título\n\nUna línea\nque sigue.\n\n- uno\n- dos\n  continúa\n\n1. primero\n2. segundo\n\n![Alt](img/x.png)\n## Sub';
    expect(bloques(texto)).toEqual([
      { tipo: 'h1', texto: 'Título' },
      { tipo: 'p', texto: 'Una línea que sigue.' },
      { tipo: 'ul', items: ['uno', 'dos continúa'] },
      { tipo: 'ol', items: ['primero', 'segundo'] },
      { tipo: 'img', alt: 'Alt', src: 'img/x.png' },
      { tipo: 'h2', texto: 'Sub' },
    ]);
  });

  it('maps the guide’s pages and roles', () => {
    expect(destinoEnlace('medico.md')).toEqual({ externo: false, to: '/ayuda/medico' });
    expect(destinoEnlace('README.md')).toEqual({ externo: false, to: '/ayuda/indice' });
    expect(destinoEnlace('https://example.com')).toEqual({ externo: true, href: 'https://example.com' });
    expect(paginaDeRol('Otro')).toBe('indice');
  });
});
