import { useState } from 'react';
import { describe, expect, it, vi } from 'vitest';
import { render, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import Odontograma from './Odontograma';
import LeyendaCondiciones from './LeyendaCondiciones';
import { CONDICIONES } from './catalogoPrueba';

const pieza = (n) => screen.getAllByTestId('pieza').find((g) => g.getAttribute('data-pieza') === String(n));
const numeros = () => screen.getAllByTestId('pieza').map((g) => Number(g.getAttribute('data-pieza')));

/** The chart with its selection kept by the test, as a page does. */
function Controlado({ inicial = null, onSeleccionar, ...props }) {
  const [seleccion, setSeleccion] = useState(inicial);
  return (
    <Odontograma
      condiciones={CONDICIONES}
      seleccion={seleccion}
      onSeleccionar={(s) => {
        setSeleccion(s);
        onSeleccionar?.(s);
      }}
      {...props}
    />
  );
}

describe('the odontogram', () => {
  it('draws the 32 permanent teeth, the 20 primary ones, or the 52 of a mixed dentition', () => {
    const { rerender } = render(<Odontograma denticion="permanente" piezas={{}} condiciones={CONDICIONES} />);
    expect(numeros()).toHaveLength(32);
    expect(numeros().slice(0, 3)).toEqual([18, 17, 16]);
    rerender(<Odontograma denticion="temporal" piezas={{}} condiciones={CONDICIONES} />);
    expect(numeros()).toHaveLength(20);
    expect(numeros()).toContain(55);
    rerender(<Odontograma denticion="mixta" piezas={{}} condiciones={CONDICIONES} />);
    expect(numeros()).toHaveLength(52);
  });

  it('gives every tooth its five surfaces, incisal at the centre of an incisor', () => {
    render(<Odontograma piezas={{}} condiciones={CONDICIONES} />);
    const superficies = (n) => within(pieza(n)).getAllByTestId(/^superficie-/).map((p) => p.getAttribute('data-superficie')).sort();
    expect(superficies(36)).toEqual(['D', 'L', 'M', 'O', 'V']);
    expect(superficies(11)).toEqual(['D', 'I', 'M', 'P', 'V']);
  });

  it('colours a surface with the colour of its condition and names it for a screen reader', () => {
    render(
      <Odontograma
        piezas={{ 36: { condiciones: ['endodoncia'], superficies: { O: 'caries', M: 'obturacion_resina' } } }}
        condiciones={CONDICIONES}
      />,
    );
    expect(screen.getByTestId('superficie-36-O')).toHaveAttribute('fill', '#d32f2f');
    expect(screen.getByTestId('superficie-36-M')).toHaveAttribute('fill', '#1976d2');
    expect(screen.getByTestId('superficie-36-D')).toHaveAttribute('fill', '#fff');
    expect(pieza(36).querySelector('[data-marca="endodoncia"]')).not.toBeNull();
    expect(
      screen.getByRole('button', {
        name: 'Pieza 36, primer molar inferior izquierdo: Endodoncia; mesial: Obturación de resina; oclusal: Caries',
      }),
    ).toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'Pieza 11, incisivo central superior derecho: sin hallazgos' })).toBeInTheDocument();
  });

  it('toggles a clicked surface in the selection of its tooth, and selects the whole tooth from its number', async () => {
    const onSeleccionar = vi.fn();
    const user = userEvent.setup();
    render(<Controlado onSeleccionar={onSeleccionar} />);
    await user.click(screen.getByTestId('superficie-36-O'));
    expect(onSeleccionar).toHaveBeenLastCalledWith({ pieza: 36, superficies: ['O'] });
    await user.click(screen.getByTestId('superficie-36-M'));
    expect(onSeleccionar).toHaveBeenLastCalledWith({ pieza: 36, superficies: ['M', 'O'] });
    expect(screen.getByTestId('seleccion-36-M')).toBeInTheDocument();
    expect(pieza(36)).toHaveAttribute('aria-pressed', 'true');
    await user.click(screen.getByTestId('superficie-36-O'));
    expect(onSeleccionar).toHaveBeenLastCalledWith({ pieza: 36, superficies: ['M'] });
    await user.click(screen.getByTestId('superficie-16-V'));
    expect(onSeleccionar).toHaveBeenLastCalledWith({ pieza: 16, superficies: ['V'] });
    expect(pieza(36)).toHaveAttribute('aria-pressed', 'false');
    await user.click(screen.getByTestId('numero-16'));
    expect(onSeleccionar).toHaveBeenLastCalledWith({ pieza: 16, superficies: [] });
    await user.click(screen.getByTestId('numero-16'));
    expect(onSeleccionar).toHaveBeenLastCalledWith(null);
  });

  it('is used from the keyboard: one tab stop, arrows between teeth, Enter selects, letters toggle surfaces', async () => {
    const onSeleccionar = vi.fn();
    const user = userEvent.setup();
    render(<Controlado onSeleccionar={onSeleccionar} />);
    expect(screen.getAllByTestId('pieza').filter((g) => g.getAttribute('tabindex') === '0')).toHaveLength(1);
    await user.tab();
    expect(pieza(18)).toHaveFocus();
    await user.keyboard('{ArrowRight}{ArrowRight}');
    expect(pieza(16)).toHaveFocus();
    await user.keyboard('{ArrowDown}');
    expect(pieza(46)).toHaveFocus();
    await user.keyboard('{End}');
    expect(pieza(38)).toHaveFocus();
    await user.keyboard('{ArrowLeft}{ArrowLeft}');
    expect(pieza(36)).toHaveFocus();
    await user.keyboard('{Enter}');
    expect(onSeleccionar).toHaveBeenLastCalledWith({ pieza: 36, superficies: [] });
    await user.keyboard('o');
    expect(onSeleccionar).toHaveBeenLastCalledWith({ pieza: 36, superficies: ['O'] });
    await user.keyboard('m');
    expect(onSeleccionar).toHaveBeenLastCalledWith({ pieza: 36, superficies: ['M', 'O'] });
    onSeleccionar.mockClear();
    await user.keyboard('p'); // a lower tooth has no palatal surface
    await user.keyboard('i'); // nor a molar an incisal one
    expect(onSeleccionar).not.toHaveBeenCalled();
    expect(pieza(36)).toHaveAccessibleName(/Seleccionada: mesial, oclusal$/);
    await user.keyboard('{ArrowUp}{ }');
    expect(pieza(26)).toHaveFocus();
    expect(onSeleccionar).toHaveBeenLastCalledWith({ pieza: 26, superficies: [] });
  });

  it('moves between a mixed dentition rows to the nearest tooth', async () => {
    const user = userEvent.setup();
    render(<Controlado denticion="mixta" />);
    await user.tab();
    await user.keyboard('{ArrowRight}{ArrowRight}{ArrowRight}{ArrowDown}');
    expect(pieza(55)).toHaveFocus();
    await user.keyboard('{ArrowDown}');
    expect(pieza(85)).toHaveFocus();
    await user.keyboard('{ArrowDown}');
    expect(pieza(45)).toHaveFocus();
  });

  it('selects nothing when read-only: the teeth are images with their description', async () => {
    const onSeleccionar = vi.fn();
    const user = userEvent.setup();
    render(<Odontograma piezas={{ 46: { condiciones: ['ausente'], superficies: {} } }} condiciones={CONDICIONES} onSeleccionar={onSeleccionar} soloLectura />);
    await user.click(screen.getByTestId('superficie-36-O'));
    expect(onSeleccionar).not.toHaveBeenCalled();
    expect(screen.queryAllByRole('button')).toHaveLength(0);
    expect(screen.getByRole('img', { name: 'Pieza 46, primer molar inferior derecho: Ausente' })).toBeInTheDocument();
  });

  it('keeps its own selection when the page does not control it', async () => {
    const user = userEvent.setup();
    render(<Odontograma piezas={{}} condiciones={CONDICIONES} />);
    await user.click(screen.getByTestId('superficie-21-I'));
    expect(screen.getByTestId('seleccion-21-I')).toBeInTheDocument();
  });
});

describe('the legend', () => {
  it('lists the conditions with their colours, without «sano»', () => {
    render(<LeyendaCondiciones condiciones={CONDICIONES} />);
    const leyenda = screen.getByTestId('leyenda-condiciones');
    expect(within(leyenda).getAllByRole('listitem')).toHaveLength(12);
    expect(within(leyenda).getByText('Caries').closest('li')).toHaveAttribute('data-color', '#d32f2f');
    expect(within(leyenda).queryByText('Sano')).toBeNull();
  });
});
